import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { roleTypes } from '../../../../shared/domain/interview';
import {
  addAnswer,
  addQuestion,
  buildJudgeMessages,
  buildQuestionMessages,
  buildReaskMessages,
  emptyMemory,
  PromptSetError,
  type AskPlan,
  type Difficulty,
} from '../../../../src-main/interview/engine/index';
import { loadPromptSet } from '../../../../src-main/resources/resource-files';
import type { ChatMessage } from '../../../../src-main/providers/ai/types';
import { resourcesDir, role } from './support';

const prompts = loadPromptSet(resourcesDir);
const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const leftovers = (messages: ChatMessage[]) => messages.flatMap((m) => m.content.match(/\{\{[^}]*\}\}|<!--/g) ?? []);

function plan(skillId: string, difficulty: Difficulty, phase: AskPlan['phase'] = 'advanced'): AskPlan {
  return { kind: 'ask', phase, skillId, difficulty, purpose: phase === 'warmup' ? 'warmup' : phase === 'standard' ? 'assess' : 'probe' };
}

describe('prompt set', () => {
  it('loads v1 with its version id', () => {
    expect(prompts.version).toBe('interview-v1');
    expect(Object.keys(prompts.templates).sort()).toEqual(['difficulty-scale', 'interviewer-system', 'judge-answer', 'judge-system', 'question', 'reask-question', 'resume-context']);
  });

  it('renders the re-ask prompt with the question as asked, after the interviewer persona', () => {
    const question = 'How would you share state between {{two}} sibling components?';
    const messages = buildReaskMessages({ prompts, role: role('react'), question });
    expect(messages.map((message) => message.role)).toEqual(['system', 'user']);
    expect(messages[0]!.content).toContain('spoken technical interview');
    expect(messages[1]!.content).toContain(question);
    expect(messages[1]!.content).toContain('put another way');
    expect(messages[1]!.content).not.toMatch(/\{\{(roleTitle|question)\}\}/);
  });

  it.each(roleTypes)('renders every question and judge prompt for %s with no leftover placeholders', (roleType) => {
    const definition = role(roleType);
    let memory = addQuestion(emptyMemory(), 'q1', 'What is a closure?');
    memory = addAnswer(memory, 'q1', 'A function that remembers its scope {{skillName}}.');
    for (const skill of definition.skills) {
      for (const difficulty of [1, 2, 3, 4, 5] as const) {
        for (const resumeSummary of [undefined, 'Five years building dashboards with React and Node.']) {
          const messages = buildQuestionMessages({ prompts, role: definition, plan: plan(skill.id, difficulty), memory, resumeSummary });
          // The candidate's own "{{skillName}}" must come through verbatim, never substituted.
          expect(leftovers(messages)).toEqual(['{{skillName}}']);
        }
        const judge = buildJudgeMessages({ prompts, role: definition, question: 'Explain X.', answerTranscript: 'It is Y.', plan: plan(skill.id, difficulty) });
        expect(leftovers(judge)).toEqual([]);
      }
    }
  });

  it('asks for the chosen skill and difficulty, builds on the conversation, and mentions the resume only when given', () => {
    const definition = role('react');
    let memory = addQuestion(emptyMemory(), 'q1', 'How do you pass data to a child component?');
    memory = addAnswer(memory, 'q1', 'Through props, and callbacks to send data back up.');
    const messages = buildQuestionMessages({ prompts, role: definition, plan: plan('state-and-hooks', 4), memory });
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    const [system, user] = messages.map((m) => m.content) as [string, string];
    expect(system).toContain('React Developer');
    expect(system).toMatch(/never mention scores/i);
    expect(user).toContain('State and hooks');
    expect(user).toContain('level 4 of 5');
    expect(user).toContain('question 2');
    expect(user).toContain('Interviewer: How do you pass data to a child component?');
    expect(user).toContain('Candidate: Through props, and callbacks to send data back up.');
    expect(user).not.toContain('resume');

    const withResume = buildQuestionMessages({ prompts, role: definition, plan: plan('testing', 2, 'standard'), memory: emptyMemory(), resumeSummary: 'Built a design system at Acme.' });
    expect(withResume[1]!.content).toContain('Built a design system at Acme.');
    expect(withResume[1]!.content).toContain('question 1');
    expect(withResume[1]!.content).toContain('first question');
  });

  it('gives the judge the question, the transcript and the role’s skills', () => {
    const definition = role('python');
    const [system, user] = buildJudgeMessages({ prompts, role: definition, question: 'What is the GIL?', answerTranscript: '  a lock  ', plan: plan('concurrency-and-async', 3) });
    for (const skill of definition.skills) expect(system!.content).toContain(skill.id);
    expect(user!.content).toContain('What is the GIL?');
    expect(user!.content).toContain('<answer>\na lock\n</answer>');
    expect(user!.content).toContain('level 3 of 5');
    const [, silent] = buildJudgeMessages({ prompts, role: definition, question: 'Q?', answerTranscript: ' ', plan: plan('testing', 1) });
    expect(silent!.content).toContain('Nothing was transcribed');
  });

  it('keeps the spoken persona free of formatting the voice cannot read', () => {
    const system = buildQuestionMessages({ prompts, role: role('react'), plan: plan('testing', 1, 'warmup'), memory: emptyMemory() })[0]!.content;
    expect(system).not.toMatch(/^\s*([-*#]|\d+\.)\s/m);
    expect(system).not.toContain('`');
  });

  it('refuses an unknown placeholder or a missing template, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'prompts-'));
    temps.push(dir);
    cpSync(join(resourcesDir, 'prompts'), join(dir, 'prompts'), { recursive: true });
    const question = join(dir, 'prompts', 'interview', 'v1', 'question.md');
    writeFileSync(question, 'Ask about {{skilName}}.');
    expect(() => loadPromptSet(dir)).toThrow(PromptSetError);
    expect(() => loadPromptSet(dir)).toThrow(question);
    expect(() => loadPromptSet(dir)).toThrow('{{skilName}}');
    expect(() => loadPromptSet(dir, 'v9')).toThrow(join(dir, 'prompts', 'interview', 'v9'));
    expect(() => loadPromptSet(dir, '../v1')).toThrow(/v1/);
  });
});
