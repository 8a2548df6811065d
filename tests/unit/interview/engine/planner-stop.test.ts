import { describe, expect, it } from 'vitest';
import { roleTypes } from '../../../../shared/domain/interview';
import { createEngineState, DEFAULT_PHASE_RULES, planNext, recordAsked, recordJudgement, type EngineState, type PhaseRules } from '../../../../src-main/interview/engine/index';
import { candidateWithLevels, easyLimits, expectValidInterview, judged, phaseCounts, role, seeded, simulate, smallRole, STARTED_AT, strong, weak } from './support';

const startMs = Date.parse(STARTED_AT);

/** A state part-way through: `count` questions, all judged good. */
function stateAfter(count: number): EngineState {
  let state = createEngineState({ role: role('react'), startedAt: STARTED_AT, promptVersion: 'interview-v1' });
  for (let i = 0; i < count; i++) {
    const plan = planNext(state, role('react'), easyLimits());
    if (plan.kind !== 'ask') throw new Error(`expected a question, got ${plan.kind}`);
    state = recordAsked(state, plan, `m${i}`);
    state = recordJudgement(state, `m${i}`, judged('good', false));
  }
  return state;
}

describe('stopping', () => {
  it('finishes as soon as the boundaries are mapped once there are 12 questions and 3 advanced', () => {
    const run = simulate({ candidate: strong });
    expect(run.finish).toEqual({ kind: 'finish', reason: 'boundaries_mapped' });
    expect(run.asked).toHaveLength(12);
    expect(phaseCounts(run.asked).advanced).toBeGreaterThanOrEqual(3);
  });

  it('never finishes before 12 even when every boundary is already mapped, re-probing to confirm instead', () => {
    const def = smallRole(4);
    const run = simulate({ role: def, candidate: weak });
    expect(run.asked).toHaveLength(12);
    expect(run.finish.reason).toBe('boundaries_mapped');
    const advanced = run.asked.filter((q) => q.phase === 'advanced');
    expect(advanced.length).toBeGreaterThanOrEqual(3);
    // Nothing passed anywhere, so every probe is at level 1 and every boundary is 0.
    expect(advanced.every((q) => q.difficulty === 1)).toBe(true);
    for (const skill of Object.values(run.state.skills)) expect(skill.boundary).toBe(0);
    expectValidInterview(run, def);
  });

  it('stops at 5 advanced questions when boundaries are still open', () => {
    const run = simulate({ candidate: strong, lag: 2 });
    expect(run.finish.reason).toBe('max_questions');
    expect(phaseCounts(run.asked).advanced).toBe(5);
  });

  it('finishes at 20 at the latest, even with rules that would allow more', () => {
    // Twenty questions recorded however they came about (say, by an older engine): nothing more is asked.
    let forced = stateAfter(10);
    for (let i = 10; i < 20; i++) forced = recordAsked(forced, { kind: 'ask', phase: 'standard', skillId: 'testing', difficulty: 2, purpose: 'assess' }, `m${i}`);
    expect(planNext(forced, role('react'), easyLimits())).toEqual({ kind: 'finish', reason: 'max_questions' });
    expect(planNext(forced, role('react'), easyLimits(), { ...DEFAULT_PHASE_RULES, advanced: { min: 3, max: 30 }, total: { min: 12, max: 40 } }).kind).toBe('ask');

    const long: PhaseRules = { ...DEFAULT_PHASE_RULES, advanced: { min: 3, max: 15 }, total: { min: 20, max: 20 } };
    for (const candidate of [strong, weak, candidateWithLevels(3)]) {
      const run = simulate({ candidate, rules: long, lag: 1 });
      expect(run.asked).toHaveLength(20);
      expect(run.finish.reason).toBe('max_questions');
    }
  });

  it('stops at the time limit whatever the count, default 60 minutes', () => {
    const early = stateAfter(3);
    expect(planNext(early, role('react'), easyLimits({ now: new Date(startMs + 60 * 60_000) }))).toEqual({ kind: 'finish', reason: 'time_limit' });
    expect(planNext(early, role('react'), easyLimits({ now: new Date(startMs + 60 * 60_000 - 1) })).kind).toBe('ask');
    expect(planNext(early, role('react'), easyLimits({ now: new Date(startMs + 30 * 60_000), maxDurationMinutes: 30 }))).toEqual({ kind: 'finish', reason: 'time_limit' });
    const run = simulate({ candidate: strong, limits: easyLimits({ now: new Date(startMs + 2 * 3600_000) }) });
    expect(run.asked).toHaveLength(0);
  });

  it('stops when the token budget is spent; a budget of 0 means none', () => {
    const state = stateAfter(5);
    expect(planNext(state, role('react'), easyLimits({ tokensUsed: 50_000, tokenBudget: 50_000 }))).toEqual({ kind: 'finish', reason: 'token_budget' });
    expect(planNext(state, role('react'), easyLimits({ tokensUsed: 49_999, tokenBudget: 50_000 })).kind).toBe('ask');
    expect(planNext(state, role('react'), easyLimits({ tokensUsed: 10_000_000, tokenBudget: 0 })).kind).toBe('ask');
  });

  it('lets a limit end the interview even while it would otherwise wait', () => {
    const run = simulate({ candidate: strong, lag: 1 });
    const waitIndex = run.plans.findIndex((p) => p.kind === 'wait');
    expect(waitIndex).toBeGreaterThan(-1);
    // Rebuild the state at that wait: every question asked so far, the last one pending.
    const asked = run.plans.slice(0, waitIndex).filter((p) => p.kind === 'ask').length;
    let state = createEngineState({ role: role('react'), startedAt: STARTED_AT, promptVersion: 'interview-v1' });
    run.asked.slice(0, asked).forEach((q) => {
      state = recordAsked(state, { kind: 'ask', phase: q.phase, skillId: q.skillId, difficulty: q.difficulty, purpose: q.purpose }, q.messageId);
    });
    run.deliveries.slice(0, asked - 1).forEach((d) => {
      state = recordJudgement(state, d.messageId, d.judgement);
    });
    expect(planNext(state, role('react'), easyLimits())).toEqual({ kind: 'wait' });
    expect(planNext(state, role('react'), easyLimits({ tokensUsed: 1, tokenBudget: 1 }))).toEqual({ kind: 'finish', reason: 'token_budget' });
  });

  it('holds 12–20 for every role under random candidates and random judging delays', () => {
    const random = seeded(42);
    for (const roleType of roleTypes) {
      const def = role(roleType);
      for (let trial = 0; trial < 60; trial++) {
        const levels = Object.fromEntries(def.skills.map((s) => [s.id, Math.floor(random() * 6)]));
        const lags = Array.from({ length: 30 }, () => Math.floor(random() * 3));
        const run = simulate({ role: def, candidate: candidateWithLevels(levels), lag: (i) => lags[i]! });
        expectValidInterview(run, def);
      }
    }
  });

  it('refuses phase rules it could not honour', () => {
    const tooShort: PhaseRules = { ...DEFAULT_PHASE_RULES, advanced: { min: 3, max: 4 } };
    expect(() => planNext(stateAfter(0), role('react'), easyLimits(), tooShort)).toThrow(/total.min/);
  });
});
