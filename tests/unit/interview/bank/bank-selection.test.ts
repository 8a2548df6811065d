import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { roleTypes } from '../../../../shared/domain/interview';
import { pickBankQuestion } from '../../../../src-main/interview/bank/bank-selection';
import type { QuestionBank } from '../../../../src-main/interview/bank/question-bank';
import { createEngineState, planNext, recordAsked } from '../../../../src-main/interview/engine/index';
import { loadQuestionBank, loadRoleDefinition } from '../../../../src-main/resources/resource-files';

const resourcesDir = fileURLToPath(new URL('../../../../resources', import.meta.url));

const tiny: QuestionBank = {
  roleType: 'react',
  version: 1,
  questions: [
    { id: 'react-x-2-a', skillId: 'x', difficulty: 2, text: 'Question two a, about x?', answerPoints: ['a1', 'a2', 'a3'] },
    { id: 'react-x-2-b', skillId: 'x', difficulty: 2, text: 'Question two b, about x?', answerPoints: ['a1', 'a2', 'a3'] },
    { id: 'react-x-1-a', skillId: 'x', difficulty: 1, text: 'Question one a, about x?', answerPoints: ['a1', 'a2', 'a3'] },
    { id: 'react-x-3-a', skillId: 'x', difficulty: 3, text: 'Question three a, about x?', answerPoints: ['a1', 'a2', 'a3'] },
    { id: 'react-y-2-a', skillId: 'y', difficulty: 2, text: 'Question two a, about y?', answerPoints: ['a1', 'a2', 'a3'] },
  ],
};

describe('choosing a bank question', () => {
  it('takes the plan’s skill and level, in file order, skipping those asked', () => {
    expect(pickBankQuestion(tiny, { skillId: 'x', difficulty: 2 }, new Set())?.id).toBe('react-x-2-a');
    expect(pickBankQuestion(tiny, { skillId: 'x', difficulty: 2 }, new Set(['react-x-2-a']))?.id).toBe('react-x-2-b');
  });

  it('falls back to the nearest level with one left, the easier on a tie', () => {
    const used = new Set(['react-x-2-a', 'react-x-2-b']);
    expect(pickBankQuestion(tiny, { skillId: 'x', difficulty: 2 }, used)?.id).toBe('react-x-1-a');
    expect(pickBankQuestion(tiny, { skillId: 'x', difficulty: 2 }, new Set([...used, 'react-x-1-a']))?.id).toBe('react-x-3-a');
  });

  it('never crosses skills, and says when a skill is used up', () => {
    const all = new Set(tiny.questions.filter((q) => q.skillId === 'x').map((q) => q.id));
    expect(pickBankQuestion(tiny, { skillId: 'x', difficulty: 3 }, all)).toBeNull();
    expect(pickBankQuestion(tiny, { skillId: 'y', difficulty: 5 }, new Set())?.id).toBe('react-y-2-a');
  });

  it.each(roleTypes)('carries a whole %s interview planned by the engine without repeating a question', (roleType) => {
    const role = loadRoleDefinition(resourcesDir, roleType);
    const bank = loadQuestionBank(resourcesDir, roleType);
    let state = createEngineState({ role, startedAt: '2025-03-01T09:00:00.000Z', promptVersion: 'interview-v1' });
    const asked = new Set<string>();
    const now = new Date('2025-03-01T09:05:00.000Z');
    for (;;) {
      const plan = planNext(state, role, { now, tokensUsed: 0, tokenBudget: 0, judgementsDelayed: true });
      if (plan.kind !== 'ask') break;
      const question = pickBankQuestion(bank, plan, asked);
      expect(question, `${plan.skillId} at ${plan.difficulty}`).not.toBeNull();
      // Exactly the planned level: the bank has three of every level, more than one interview asks.
      expect(question!.difficulty).toBe(plan.difficulty);
      expect(asked.has(question!.id)).toBe(false);
      asked.add(question!.id);
      state = recordAsked(state, plan, `m${asked.size}`);
    }
    expect(asked.size).toBeGreaterThanOrEqual(12);
  });
});
