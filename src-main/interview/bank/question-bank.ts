import { z } from 'zod';
import { roleTypes, type RoleType } from '../../../shared/domain/interview';

/*
 * The question bank (issue 19, point 1): per role, written questions for every
 * skill and difficulty level the engine uses, so that an interview can go on
 * when the AI service cannot write the next question. The questions are
 * spoken by text-to-speech and answered aloud, so the text is short plain
 * speech; the answer points are what a good answer covers, for judging later.
 *
 * Pure rules over the file's text: reading it is resources/resource-files.ts's
 * job. The interview asks from it when the AI service cannot write a question
 * (question-asker.ts, bank-selection.ts).
 */

/** The difficulty levels the engine asks at (planner.ts, skill-levels.ts). */
export const BANK_DIFFICULTIES = [1, 2, 3, 4, 5] as const;
/** The fewest questions the bank holds for every skill × difficulty, so a fallback interview need not repeat one. */
export const MIN_QUESTIONS_PER_LEVEL = 3;
export const MAX_QUESTION_CHARS = 300;
export const MIN_ANSWER_POINTS = 3;
export const MAX_ANSWER_POINTS = 5;

// Read aloud, these come out as noise ("backtick", "open brace"): say the words instead.
const UNSPEAKABLE = /[`{}<>[\]|\\;=*#_~^$@]/;

const kebab = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Case, punctuation and spacing folded away, to catch the same question written twice. */
export function normaliseQuestionText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const spokenText = (max: number) =>
  z
    .string()
    .trim()
    .min(10)
    .max(max)
    .refine((text) => !/[\r\n]/.test(text), 'must be one line')
    .refine((text) => !UNSPEAKABLE.test(text), 'must be plain speech: no code symbols such as backticks, braces, brackets, angle brackets, underscores or equals signs');

export const bankQuestionSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*-[1-5]-[a-z]$/, 'must be <roleType>-<skillId>-<difficulty>-<letter>, e.g. react-state-and-hooks-3-b'),
  skillId: z.string().regex(kebab, 'must be kebab-case, a skill id of the role'),
  difficulty: z.number().int().min(1).max(5),
  text: spokenText(MAX_QUESTION_CHARS),
  // Not spoken (they are for judging the answer later), but short: one line each.
  answerPoints: z
    .array(
      z
        .string()
        .trim()
        .min(3)
        .max(200)
        .refine((text) => !/[\r\n]/.test(text), 'must be one line'),
    )
    .min(MIN_ANSWER_POINTS)
    .max(MAX_ANSWER_POINTS),
});
export type BankQuestion = z.infer<typeof bankQuestionSchema>;

export const questionBankSchema = z.strictObject({
  roleType: z.enum(roleTypes),
  version: z.number().int().min(1),
  questions: z.array(bankQuestionSchema).min(1),
});
export type QuestionBank = z.infer<typeof questionBankSchema>;

export class QuestionBankError extends Error {
  override readonly name = 'QuestionBankError';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Checks the text of resources/question-bank/<version>/<roleType>.json against
 * the role's skill ids. Any problem names the file, and the question by index
 * and id, because the fix is always an edit to that file.
 */
export function parseQuestionBank(text: string, file: string, roleType: RoleType, skillIds: readonly string[]): QuestionBank {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new QuestionBankError(file, `The question bank ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = questionBankSchema.safeParse(json);
  if (!parsed.success) {
    throw new QuestionBankError(file, `The question bank ${file} is invalid:\n${z.prettifyError(parsed.error)}`);
  }
  const bank = parsed.data;
  if (bank.roleType !== roleType) {
    throw new QuestionBankError(file, `The question bank ${file} says roleType "${bank.roleType}", expected "${roleType}".`);
  }
  const problems: string[] = [];
  const skills = new Set(skillIds);
  const ids = new Map<string, number>();
  const texts = new Map<string, number>();
  bank.questions.forEach((question, index) => {
    const at = `questions[${index}] (${question.id})`;
    if (!skills.has(question.skillId)) {
      problems.push(`${at}.skillId: "${question.skillId}" is not a skill of the ${roleType} role (${[...skills].join(', ')})`);
    }
    const prefix = `${roleType}-${question.skillId}-${question.difficulty}-`;
    if (!question.id.startsWith(prefix) || question.id.length !== prefix.length + 1) {
      problems.push(`${at}.id: must be ${prefix}<letter>, from its roleType, skillId and difficulty`);
    }
    const sameId = ids.get(question.id);
    if (sameId !== undefined) problems.push(`${at}.id: duplicate id, already used by questions[${sameId}]`);
    else ids.set(question.id, index);
    const normalised = normaliseQuestionText(question.text);
    const sameText = texts.get(normalised);
    if (sameText !== undefined) problems.push(`${at}.text: the same question as questions[${sameText}]`);
    else texts.set(normalised, index);
  });
  if (problems.length > 0) {
    throw new QuestionBankError(file, `The question bank ${file} is invalid:\n${problems.map((problem) => `✖ ${problem}`).join('\n')}`);
  }
  return bank;
}
