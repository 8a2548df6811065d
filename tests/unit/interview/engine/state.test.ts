import { describe, expect, expectTypeOf, it } from 'vitest';
import { progressionStateSchema, skillBoundariesIdentifiedSchema, type ProgressionState } from '../../../../src-main/db/json-schemas';
import {
  createEngineState,
  engineStateSchema,
  EngineStateError,
  parseEngineState,
  recordAsked,
  recordJudgement,
  skillBoundaryLabels,
  type EngineState,
} from '../../../../src-main/interview/engine/index';
import { candidateWithLevels, judged, role, simulate, STARTED_AT } from './support';

const mixed = candidateWithLevels({ 'components-and-jsx': 3, 'state-and-hooks': 4, 'rendering-performance': 2, 'data-fetching': 1, testing: 5, 'typescript-in-react': 3 });

describe('engine state', () => {
  it('starts empty, in warmup, with the prompt version and resume focus', () => {
    const state = createEngineState({ role: role('react'), startedAt: STARTED_AT, promptVersion: 'interview-v1', focusSkills: ['Jest'] });
    expect(state).toMatchObject({ formatVersion: 1, roleType: 'react', roleVersion: 1, promptVersion: 'interview-v1', phase: 'warmup', questions: [], focusSkills: ['testing'] });
    expect(Object.keys(state.skills)).toEqual(state.skillOrder);
    expect(state.skills.testing).toEqual({ attempts: 0, pending: 0, meanScore: null, highestPassed: 0, lowestFailed: null, boundary: null });
  });

  it('round-trips through JSON and its zod schema, at the start, mid-way with pending judgements, and at the end', () => {
    const start = createEngineState({ role: role('react'), startedAt: STARTED_AT, promptVersion: 'interview-v1' });
    const run = simulate({ candidate: mixed, lag: 2 });
    const midway = { ...run.state, questions: run.state.questions.map((q, i) => (i >= 10 ? { ...q, judgement: null } : q)) };
    for (const state of [start, midway, run.state]) {
      const json: unknown = JSON.parse(JSON.stringify(state));
      expect(engineStateSchema.parse(json)).toEqual(state);
      expect(parseEngineState(json)).toEqual(state);
    }
  });

  it('fits the interview_sessions JSON columns', () => {
    const { state } = simulate({ candidate: mixed });
    expectTypeOf<EngineState>().toExtend<ProgressionState>();
    expect(progressionStateSchema.parse(JSON.parse(JSON.stringify(state)))).toEqual(state);
    expect(skillBoundariesIdentifiedSchema.parse(skillBoundaryLabels(state))).toEqual(skillBoundaryLabels(state));
  });

  it('refuses a stored state that is inconsistent, saying why', () => {
    const { state } = simulate({ candidate: mixed });
    const unknownSkill = { ...state, questions: [{ ...state.questions[0]!, skillId: 'cooking' }, ...state.questions.slice(1)] };
    expect(() => parseEngineState(unknownSkill)).toThrow(EngineStateError);
    expect(() => parseEngineState(unknownSkill)).toThrow(/unknown skill "cooking"/);
    const duplicate = { ...state, questions: [...state.questions, state.questions[0]!] };
    expect(() => parseEngineState(duplicate)).toThrow(/duplicate message id/);
    expect(() => parseEngineState({ ...state, questions: [{ ...state.questions[0]!, difficulty: 6 }] })).toThrow(EngineStateError);
    expect(() => parseEngineState({ ...state, startedAt: 'yesterday' })).toThrow(/startedAt/);
  });

  it('labels boundaries for recruiters', () => {
    let state = createEngineState({ role: role('react'), startedAt: STARTED_AT, promptVersion: 'interview-v1' });
    const ask = (id: string, skillId: string, difficulty: 1 | 2 | 3 | 4 | 5) => {
      state = recordAsked(state, { kind: 'ask', phase: 'advanced', skillId, difficulty, purpose: 'probe' }, id);
    };
    ask('a', 'components-and-jsx', 3);
    ask('b', 'components-and-jsx', 4);
    ask('c', 'state-and-hooks', 3);
    ask('d', 'testing', 1);
    ask('e', 'data-fetching', 2);
    state = recordJudgement(state, 'a', judged('good'));
    state = recordJudgement(state, 'b', judged('poor'));
    state = recordJudgement(state, 'c', judged('excellent'));
    state = recordJudgement(state, 'd', judged('poor'));
    state = recordJudgement(state, 'e', judged('partial', false));
    expect(skillBoundaryLabels(state)).toEqual({
      'components-and-jsx': 'proficient',
      'state-and-hooks': 'at_least_proficient',
      'rendering-performance': 'not_assessed',
      'data-fetching': 'not_yet_passed',
      testing: 'below_foundational',
      'typescript-in-react': 'not_assessed',
    });
  });
});

describe('recording', () => {
  const fresh = () => createEngineState({ role: role('react'), startedAt: STARTED_AT, promptVersion: 'interview-v1' });
  const plan = { kind: 'ask', phase: 'warmup', skillId: 'testing', difficulty: 1, purpose: 'warmup' } as const;

  it('records a question as pending and moves the phase', () => {
    const state = recordAsked(fresh(), { ...plan, phase: 'standard', difficulty: 2, purpose: 'assess' }, 'm1');
    expect(state.questions).toEqual([{ messageId: 'm1', phase: 'standard', purpose: 'assess', skillId: 'testing', difficulty: 2, judgement: null }]);
    expect(state.phase).toBe('standard');
    expect(state.skills.testing!.pending).toBe(1);
  });

  it('ignores the same question recorded twice but refuses the id for another plan or an unknown skill', () => {
    const once = recordAsked(fresh(), plan, 'm1');
    expect(recordAsked(once, plan, 'm1')).toBe(once);
    expect(() => recordAsked(once, { ...plan, skillId: 'data-fetching' }, 'm1')).toThrow(EngineStateError);
    expect(() => recordAsked(once, { ...plan, skillId: 'cooking' }, 'm2')).toThrow(/Unknown skill/);
  });

  it('is idempotent for the same judgement, lets a re-judge replace it, and throws for an unknown question', () => {
    const asked = recordAsked(fresh(), plan, 'm1');
    const once = recordJudgement(asked, 'm1', judged('good'));
    expect(recordJudgement(once, 'm1', judged('good'))).toBe(once);
    expect(once.skills.testing).toMatchObject({ attempts: 1, pending: 0, meanScore: 0.75, highestPassed: 1 });
    const rejudged = recordJudgement(once, 'm1', judged('poor'));
    expect(rejudged.skills.testing).toMatchObject({ attempts: 1, meanScore: 0.25, highestPassed: 0, lowestFailed: 1, boundary: 0 });
    expect(() => recordJudgement(once, 'nope', judged('good'))).toThrow(/nope/);
  });

  it('does not change the state it was given', () => {
    const asked = recordAsked(fresh(), plan, 'm1');
    const snapshot = JSON.stringify(asked);
    recordJudgement(asked, 'm1', judged('excellent'));
    recordAsked(asked, { ...plan, skillId: 'data-fetching' }, 'm2');
    expect(JSON.stringify(asked)).toBe(snapshot);
  });

  it('trims long model text before storing it', () => {
    const asked = recordAsked(fresh(), plan, 'm1');
    const judgement = { ...judged('good'), evidence: 'e'.repeat(5000), reasoning: 'r'.repeat(5000) };
    const stored = recordJudgement(asked, 'm1', judgement).questions[0]!.judgement!;
    expect(stored.evidence.length).toBe(500);
    expect(stored.reasoning.length).toBe(1000);
    expect(stored.score).toBe(0.75);
  });
});
