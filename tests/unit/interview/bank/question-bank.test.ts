import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { roleTypes, type RoleType } from '../../../../shared/domain/interview';
import {
  BANK_DIFFICULTIES,
  MAX_ANSWER_POINTS,
  MAX_QUESTION_CHARS,
  MIN_ANSWER_POINTS,
  MIN_QUESTIONS_PER_LEVEL,
  normaliseQuestionText,
  QuestionBankError,
  type QuestionBank,
} from '../../../../src-main/interview/bank/question-bank';
import { loadQuestionBank, loadRoleDefinition, questionBankPath } from '../../../../src-main/resources/resource-files';

// The question bank (issue 19, point 1): the real files, and refusals of bad ones.

const resourcesDir = resolve(__dirname, '../../../../resources');

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const banks = new Map<RoleType, QuestionBank>(roleTypes.map((roleType) => [roleType, loadQuestionBank(resourcesDir, roleType)]));

describe.each(roleTypes)('the %s question bank', (roleType) => {
  const bank = banks.get(roleType)!;
  const role = loadRoleDefinition(resourcesDir, roleType);

  it('is version 1 of this role', () => {
    expect(bank.roleType).toBe(roleType);
    expect(bank.version).toBe(1);
  });

  it(`has at least ${MIN_QUESTIONS_PER_LEVEL} questions for every skill of the role at every difficulty the engine uses`, () => {
    const short: string[] = [];
    for (const skill of role.skills) {
      for (const difficulty of BANK_DIFFICULTIES) {
        const count = bank.questions.filter((question) => question.skillId === skill.id && question.difficulty === difficulty).length;
        if (count < MIN_QUESTIONS_PER_LEVEL) short.push(`${skill.id} at ${difficulty}: ${count}`);
      }
    }
    expect(short).toEqual([]);
  });

  it('names only skills the role has', () => {
    const skills = new Set(role.skills.map((skill) => skill.id));
    expect(bank.questions.filter((question) => !skills.has(question.skillId)).map((question) => question.id)).toEqual([]);
  });

  it('keeps every question short enough to speak, with a handful of answer points', () => {
    for (const question of bank.questions) {
      expect(question.text.length, question.id).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
      expect(question.answerPoints.length, question.id).toBeGreaterThanOrEqual(MIN_ANSWER_POINTS);
      expect(question.answerPoints.length, question.id).toBeLessThanOrEqual(MAX_ANSWER_POINTS);
      expect(new Set(question.answerPoints.map(normaliseQuestionText)).size, question.id).toBe(question.answerPoints.length);
    }
  });
});

describe('the whole question bank', () => {
  const all = [...banks.values()].flatMap((bank) => bank.questions);

  it('uses every id once across all roles', () => {
    const seen = new Set<string>();
    const repeated = all.filter((question) => (seen.has(question.id) ? true : (seen.add(question.id), false)));
    expect(repeated.map((question) => question.id)).toEqual([]);
  });

  it('asks no question twice, whatever the case or punctuation, across all roles', () => {
    const seen = new Map<string, string>();
    const repeated: string[] = [];
    for (const question of all) {
      const key = normaliseQuestionText(question.text);
      const first = seen.get(key);
      if (first) repeated.push(`${question.id} repeats ${first}`);
      else seen.set(key, question.id);
    }
    expect(repeated).toEqual([]);
  });
});

describe('a bad question bank file', () => {
  const good = JSON.parse(readFileSync(questionBankPath(resourcesDir, 'react'), 'utf8')) as QuestionBank;

  function resourcesWith(bank: unknown): { dir: string; file: string } {
    const dir = mkdtempSync(join(tmpdir(), 'question-bank-'));
    temps.push(dir);
    mkdirSync(join(dir, 'roles'));
    writeFileSync(join(dir, 'roles', 'react.json'), readFileSync(join(resourcesDir, 'roles', 'react.json')));
    mkdirSync(join(dir, 'question-bank', 'v1'), { recursive: true });
    const file = join(dir, 'question-bank', 'v1', 'react.json');
    writeFileSync(file, typeof bank === 'string' ? bank : JSON.stringify(bank));
    return { dir, file };
  }

  function refusal(bank: unknown): { error: QuestionBankError; file: string } {
    const { dir, file } = resourcesWith(bank);
    try {
      loadQuestionBank(dir, 'react');
    } catch (error) {
      if (error instanceof QuestionBankError) return { error, file };
      throw error;
    }
    throw new Error('expected the question bank to be refused');
  }

  const withFirst = (change: (question: QuestionBank['questions'][number]) => object): QuestionBank => ({
    ...good,
    questions: [{ ...good.questions[0]!, ...change(good.questions[0]!) }, ...good.questions.slice(1)],
  });

  it('is loaded when nothing is wrong with it', () => {
    const { dir } = resourcesWith(good);
    expect(loadQuestionBank(dir, 'react').questions).toHaveLength(good.questions.length);
  });

  it('is refused when a question names a skill the role lacks', () => {
    const { error, file } = refusal(withFirst(() => ({ skillId: 'vue-templates', id: 'react-vue-templates-1-a' })));
    expect(error.file).toBe(file);
    expect(error.message).toContain(file);
    expect(error.message).toContain('"vue-templates" is not a skill of the react role');
  });

  it('is refused when a difficulty is outside 1 to 5', () => {
    const { error, file } = refusal(withFirst((question) => ({ difficulty: 6, id: question.id.replace(/-\d-/, '-6-') })));
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/difficulty/);
  });

  it('is refused when two questions share an id', () => {
    const [first, second] = good.questions;
    const { error, file } = refusal({ ...good, questions: [first, { ...second, id: first!.id, skillId: first!.skillId, difficulty: first!.difficulty }, ...good.questions.slice(2)] });
    expect(error.message).toContain(file);
    expect(error.message).toContain(`duplicate id`);
  });

  it('is refused when a question repeats another in different case and punctuation', () => {
    const [first, second] = good.questions;
    const { error } = refusal({ ...good, questions: [first, { ...second, text: `${first!.text.toUpperCase()}!!` }, ...good.questions.slice(2)] });
    expect(error.message).toContain('the same question as questions[0]');
  });

  it('is refused when an id does not follow its role, skill and difficulty', () => {
    const { error } = refusal(withFirst(() => ({ id: 'react-testing-1-z' })));
    expect(error.message).toMatch(/must be react-[a-z-]+-\d-<letter>/);
  });

  it('is refused when a question is too long, holds code symbols, or has too few answer points', () => {
    expect(refusal(withFirst(() => ({ text: 'Why? '.repeat(70) }))).error.message).toMatch(/text/);
    expect(refusal(withFirst(() => ({ text: 'What does the expression a === b compare?' }))).error.message).toMatch(/plain speech/);
    expect(refusal(withFirst((question) => ({ answerPoints: question.answerPoints.slice(0, 2) }))).error.message).toMatch(/answerPoints/);
  });

  it('is refused when it is for another role or is not JSON', () => {
    expect(refusal({ ...good, roleType: 'python' }).error.message).toContain('expected "react"');
    expect(refusal('{ not json').error.message).toContain('is not valid JSON');
  });
});
