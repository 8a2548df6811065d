import { describe, expect, it } from 'vitest';
import { roleTypes } from '../../../../shared/domain/interview';
import {
  createEngineState,
  planNext,
  recordAsked,
  recordJudgement,
  type AskedQuestion,
  type Difficulty,
  type EngineState,
  type Judgement,
} from '../../../../src-main/interview/engine/index';
import type { InterviewPhase } from '../../../../shared/domain/interview';
import { candidateWithLevels, easyLimits, expectValidInterview, judged, role, seeded, simulate, smallRole, STARTED_AT, strong, weak, type Run } from './support';

type Step = [skillId: string, phase: InterviewPhase, difficulty: Difficulty, judgement: Judgement | null];

/** Builds a state from a script; a null judgement stays pending. */
function scripted(steps: Step[], def = role('react')): EngineState {
  let state = createEngineState({ role: def, startedAt: STARTED_AT, promptVersion: 'interview-v1' });
  steps.forEach(([skillId, phase, difficulty, judgement], i) => {
    state = recordAsked(state, { kind: 'ask', phase, skillId, difficulty, purpose: phase === 'warmup' ? 'warmup' : phase === 'standard' ? 'assess' : 'probe' }, `m${i}`);
    if (judgement) state = recordJudgement(state, `m${i}`, judgement);
  });
  return state;
}

const good = judged('good', false);
const poor = judged('poor');

/** Warmup and standard for react, every answer judged: the candidate passed everything at 3. */
const throughStandard: Step[] = [
  ['components-and-jsx', 'warmup', 1, good],
  ['state-and-hooks', 'warmup', 1, good],
  ['components-and-jsx', 'standard', 3, good],
  ['state-and-hooks', 'standard', 3, good],
  ['rendering-performance', 'standard', 3, good],
  ['data-fetching', 'standard', 3, good],
  ['testing', 'standard', 3, good],
  ['typescript-in-react', 'standard', 3, good],
];

function replayInOrder(run: Run, order: number[]): EngineState {
  let state = createEngineState({ role: role('react'), startedAt: STARTED_AT, promptVersion: 'interview-v1' });
  for (const q of run.asked) state = recordAsked(state, { kind: 'ask', phase: q.phase, skillId: q.skillId, difficulty: q.difficulty, purpose: q.purpose }, q.messageId);
  for (const i of order) state = recordJudgement(state, run.deliveries[i]!.messageId, run.deliveries[i]!.judgement);
  return state;
}

describe('planning while judgements are pending', () => {
  it('plans the next question with one and with two answers still being judged', () => {
    for (const lag of [1, 2]) {
      const run = simulate({ candidate: candidateWithLevels(3), lag });
      expect(Math.max(...run.pendingAtAsk)).toBe(lag);
      expect(run.pendingAtAsk.filter((n) => n === lag).length).toBeGreaterThan(8);
      expectValidInterview(run, role('react'));
    }
  });

  it('probes another skill while the last probe is being judged', () => {
    const state = scripted([...throughStandard, ['components-and-jsx', 'advanced', 4, null]]);
    expect(planNext(state, role('react'), easyLimits())).toEqual({ kind: 'ask', phase: 'advanced', skillId: 'state-and-hooks', difficulty: 4, purpose: 'probe' });
    const two = scripted([...throughStandard, ['components-and-jsx', 'advanced', 4, null], ['state-and-hooks', 'advanced', 4, null]]);
    expect(planNext(two, role('react'), easyLimits())).toMatchObject({ kind: 'ask', skillId: 'rendering-performance', difficulty: 4 });
  });

  it('does not probe a skill whose standard answer is still being judged', () => {
    const state = scripted([
      ['components-and-jsx', 'warmup', 1, good],
      ['state-and-hooks', 'warmup', 1, good],
      ['state-and-hooks', 'standard', 3, good],
      ['rendering-performance', 'standard', 3, good],
      ['data-fetching', 'standard', 3, good],
      ['testing', 'standard', 3, good],
      ['components-and-jsx', 'standard', 3, null],
      ['typescript-in-react', 'standard', 3, null],
    ]);
    // components-and-jsx comes first in role order but its level is not known yet.
    expect(planNext(state, role('react'), easyLimits())).toEqual({ kind: 'ask', phase: 'advanced', skillId: 'state-and-hooks', difficulty: 4, purpose: 'probe' });
  });

  it('re-probes a mapped skill rather than wait while the interview is still short', () => {
    const def = smallRole(4);
    const steps: Step[] = [
      ['components-and-jsx', 'warmup', 1, poor],
      ['state-and-hooks', 'warmup', 1, poor],
      ['rendering-performance', 'warmup', 1, poor],
      ['components-and-jsx', 'standard', 2, poor],
      ['state-and-hooks', 'standard', 2, poor],
      ['rendering-performance', 'standard', 2, poor],
      ['data-fetching', 'standard', 2, poor],
      ['data-fetching', 'standard', 2, poor],
      ['data-fetching', 'advanced', 1, null],
    ];
    expect(planNext(scripted(steps, def), def, easyLimits())).toEqual({ kind: 'ask', phase: 'advanced', skillId: 'components-and-jsx', difficulty: 1, purpose: 'probe' });
  });

  it('waits only when every skill it could ask about is being judged', () => {
    const def = smallRole(4);
    const steps: Step[] = [
      ['components-and-jsx', 'warmup', 1, good],
      ['state-and-hooks', 'warmup', 1, good],
      ['components-and-jsx', 'standard', 3, good],
      ['state-and-hooks', 'standard', 3, good],
      ['rendering-performance', 'standard', 3, good],
      ['data-fetching', 'standard', 3, good],
      ['components-and-jsx', 'standard', 3, good],
      ['components-and-jsx', 'advanced', 4, null],
      ['state-and-hooks', 'advanced', 4, null],
      ['rendering-performance', 'advanced', 4, null],
    ];
    // data-fetching is free: ask it.
    expect(planNext(scripted(steps, def), def, easyLimits())).toMatchObject({ kind: 'ask', skillId: 'data-fetching', difficulty: 4 });
    // All four being judged and the interview still short: nothing can be asked.
    const allPending = scripted([...steps, ['data-fetching', 'advanced', 4, null]], def);
    expect(planNext(allPending, def, easyLimits())).toEqual({ kind: 'wait' });
    // One judgement lands: that skill goes on at once.
    const landed = recordJudgement(allPending, 'm8', good);
    expect(planNext(landed, def, easyLimits())).toEqual({ kind: 'ask', phase: 'advanced', skillId: 'state-and-hooks', difficulty: 5, purpose: 'probe' });
  });

  it('once 12 are asked, waits for a probe being judged, then probes on or finishes', () => {
    const atTwelve: Step[] = [
      ...throughStandard,
      ['components-and-jsx', 'advanced', 4, poor],
      ['state-and-hooks', 'advanced', 4, poor],
      ['rendering-performance', 'advanced', 4, poor],
      ['data-fetching', 'advanced', 4, null],
    ];
    const state = scripted(atTwelve);
    expect(state.questions).toHaveLength(12);
    expect(planNext(state, role('react'), easyLimits())).toEqual({ kind: 'wait' });
    expect(planNext(recordJudgement(state, 'm11', good), role('react'), easyLimits())).toMatchObject({ kind: 'ask', skillId: 'data-fetching', difficulty: 5 });
    expect(planNext(recordJudgement(state, 'm11', poor), role('react'), easyLimits())).toEqual({ kind: 'finish', reason: 'boundaries_mapped' });
  });

  it('never waits before the advanced phase, and waits rarely with one answer pending', () => {
    const random = seeded(3);
    for (const roleType of roleTypes) {
      const def = role(roleType);
      for (let trial = 0; trial < 30; trial++) {
        const levels = Object.fromEntries(def.skills.map((s) => [s.id, Math.floor(random() * 6)]));
        const run = simulate({ role: def, candidate: candidateWithLevels(levels), lag: 1 });
        const firstAdvanced = run.plans.findIndex((p) => p.kind === 'ask' && p.phase === 'advanced');
        expect(run.plans.slice(0, firstAdvanced).some((p) => p.kind === 'wait')).toBe(false);
        expect(run.waits).toBeLessThanOrEqual(2);
      }
    }
  });

  it('ends in the same state whatever order the judgements arrive in', () => {
    const run = simulate({ candidate: candidateWithLevels({ 'components-and-jsx': 3, 'state-and-hooks': 4, 'rendering-performance': 2, 'data-fetching': 1, testing: 5, 'typescript-in-react': 3 }), lag: 2 });
    const n = run.deliveries.length;
    const inOrder = [...Array(n).keys()];
    const random = seeded(11);
    const shuffled = [...inOrder].sort(() => random() - 0.5);
    expect(replayInOrder(run, inOrder)).toEqual(run.state);
    expect(replayInOrder(run, [...inOrder].reverse())).toEqual(run.state);
    expect(replayInOrder(run, shuffled)).toEqual(run.state);
    // Applying a judgement twice, late, changes nothing either.
    expect(replayInOrder(run, [...shuffled, ...inOrder])).toEqual(run.state);
  });
});

describe('determinism', () => {
  it('gives the same interview for the same candidate, every time', () => {
    for (const lag of [0, 1, 2]) {
      for (const candidate of [strong, weak, candidateWithLevels(2)]) {
        const a = simulate({ candidate, lag, focusSkills: ['Jest'] });
        const b = simulate({ candidate, lag, focusSkills: ['Jest'] });
        expect(b.plans).toEqual(a.plans);
        expect(b.state).toEqual(a.state);
      }
    }
  });

  it('plans the same from a state read back from JSON, and whatever the clock says within the limits', () => {
    const run = simulate({ candidate: candidateWithLevels(3), lag: 1 });
    const asked: AskedQuestion[] = run.asked.slice(0, 9);
    let state = createEngineState({ role: role('react'), startedAt: STARTED_AT, promptVersion: 'interview-v1' });
    for (const q of asked) state = recordAsked(state, { kind: 'ask', phase: q.phase, skillId: q.skillId, difficulty: q.difficulty, purpose: q.purpose }, q.messageId);
    const plan = planNext(state, role('react'), easyLimits());
    expect(planNext(JSON.parse(JSON.stringify(state)), role('react'), easyLimits())).toEqual(plan);
    expect(planNext(state, role('react'), easyLimits({ now: new Date(Date.parse(STARTED_AT) + 59 * 60_000), tokensUsed: 10, tokenBudget: 100 }))).toEqual(plan);
  });

  it('refuses to plan with a role whose skills differ from the ones the interview started with', () => {
    const state = scripted(throughStandard.slice(0, 2));
    expect(() => planNext(state, smallRole(4), easyLimits())).toThrow(/react role v1/);
    expect(() => planNext(state, role('python'), easyLimits())).toThrow(/python/);
  });
});
