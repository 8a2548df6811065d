import { describe, expect, it } from 'vitest';
import {
  addQuestion,
  createEngineState,
  emptyMemory,
  EngineStateError,
  planNext,
  reaskedQuestionIds,
  recordAsked,
  recordJudgement,
  recordReasked,
  replaceQuestion,
  type AskPlan,
} from '../../../../src-main/interview/engine/index';
import { easyLimits, judged, role, STARTED_AT } from './support';

/** The `reask` accommodation in the engine: the question's record follows it to its new wording, and nothing else changes. */
describe('a question asked again in other words', () => {
  function asked() {
    const def = role('react');
    const state = createEngineState({ role: def, startedAt: STARTED_AT, promptVersion: 'interview-v1' });
    const plan = planNext(state, def, easyLimits()) as AskPlan;
    return { def, plan, state: recordAsked(state, plan, 'q-1') };
  }

  it('moves the unjudged record to the new message, so the next plan and a later judgement are as if it had been asked that way', () => {
    const { def, plan, state } = asked();
    const moved = recordReasked(state, 'q-1', 'q-1b');
    expect(moved.questions).toEqual([{ ...state.questions[0], messageId: 'q-1b' }]);
    expect(moved.skills).toEqual(state.skills);
    expect(planNext(moved, def, easyLimits())).toEqual(planNext(state, def, easyLimits()));
    const judgedNew = recordJudgement(moved, 'q-1b', judged('good', false, plan.skillId));
    expect(judgedNew.questions[0]!.judgement).not.toBeNull();
    expect(() => recordJudgement(moved, 'q-1', judged('good'))).toThrow(EngineStateError);
  });

  it('refuses an unknown, a judged or a clashing question', () => {
    const { plan, state } = asked();
    expect(() => recordReasked(state, 'q-9', 'q-1b')).toThrow(EngineStateError);
    expect(() => recordReasked(state, 'q-1', 'q-1')).toThrow(EngineStateError);
    const done = recordJudgement(state, 'q-1', judged('good', false, plan.skillId));
    expect(() => recordReasked(done, 'q-1', 'q-1b')).toThrow(/already judged/);
  });

  it('keeps only the new wording in the conversation memory', () => {
    const memory = addQuestion(addQuestion(emptyMemory(), 'q-0', 'Warm-up?'), 'q-1', 'Old wording?');
    const replaced = replaceQuestion(memory, 'q-1', 'q-1b', 'New wording?');
    expect(replaced.turns.map((turn) => [turn.questionMessageId, turn.question])).toEqual([
      ['q-0', 'Warm-up?'],
      ['q-1b', 'New wording?'],
    ]);
    expect(() => replaceQuestion(memory, 'q-7', 'q-7b', 'x')).toThrow();
  });

  it('knows which stored questions were replaced, from the newer ones’ metadata', () => {
    const messages = [
      { messageType: 'ai_question', metadata: { skillId: 'a' } },
      { messageType: 'candidate_response', metadata: { reaskOf: 'not-a-question-link' } },
      { messageType: 'ai_question', metadata: { reaskOf: 'q-1' } },
      { messageType: 'ai_question', metadata: null },
    ];
    expect([...reaskedQuestionIds(messages)]).toEqual(['q-1']);
  });
});
