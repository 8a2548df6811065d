import { describe, expect, it } from 'vitest';
import { roleTypes } from '../../../../shared/domain/interview';
import { createEngineState, planNext, recordAsked, recordJudgement, type AskPlan, type EngineState, type Plan } from '../../../../src-main/interview/engine/index';
import { easyLimits, judged, role, STARTED_AT } from './support';

/*
 * Planning with judgements delayed (issue 19): the AI service that judges
 * answers is unavailable, so the engine must never wait for one, and the
 * interview must still reach its minimums and finish.
 */

const delayed = easyLimits({ judgementsDelayed: true });

/** Plans and records until the interview finishes, judging nothing; returns the asked plans and the finish. */
function runUnjudged(roleType: (typeof roleTypes)[number], start?: EngineState): { asked: AskPlan[]; finish: Plan; state: EngineState } {
  let state = start ?? createEngineState({ role: role(roleType), startedAt: STARTED_AT, promptVersion: 'interview-v1' });
  const asked: AskPlan[] = [];
  for (let i = 0; i < 40; i++) {
    const plan = planNext(state, role(roleType), delayed);
    if (plan.kind !== 'ask') return { asked, finish: plan, state };
    asked.push(plan);
    state = recordAsked(state, plan, `q${state.questions.length}`);
  }
  throw new Error('the planner never finished');
}

describe('planning while judgements are delayed', () => {
  it.each(roleTypes)('never waits and finishes a %s interview at the minimums, every skill asked', (roleType) => {
    const { asked, finish } = runUnjudged(roleType);
    expect(finish).toEqual({ kind: 'finish', reason: 'judgements_delayed' });
    expect(asked).toHaveLength(12);
    expect(asked.filter((plan) => plan.phase === 'advanced')).toHaveLength(3);
    expect(new Set(asked.map((plan) => plan.skillId))).toEqual(new Set(role(roleType).skills.map((skill) => skill.id)));
  });

  it('follows the progression: warmup at 1, standard at 2, probes one above the level still being judged', () => {
    const { asked } = runUnjudged('react');
    const warmup = asked.filter((plan) => plan.phase === 'warmup');
    expect(warmup.map((plan) => plan.difficulty)).toEqual([1, 1, 1]);
    expect(asked.filter((plan) => plan.phase === 'standard').every((plan) => plan.difficulty === 2)).toBe(true);
    const probes = asked.filter((plan) => plan.phase === 'advanced');
    expect(probes.map((plan) => plan.difficulty)).toEqual([3, 3, 3]);
    // Spread over fresh skills rather than climbing one skill blindly.
    expect(new Set(probes.map((plan) => plan.skillId)).size).toBe(3);
  });

  it('the same state waits without the delay: the rule is what keeps the interview going', () => {
    const { state } = runUnjudged('react');
    // Rewind to before the first probe: everything pending, so the ordinary planner can only wait.
    const beforeProbes = { ...state, questions: state.questions.slice(0, 9) };
    const rebuilt = beforeProbes.questions.reduce(
      (s, q) => recordAsked(s, { kind: 'ask', phase: q.phase, skillId: q.skillId, difficulty: q.difficulty, purpose: q.purpose }, q.messageId),
      createEngineState({ role: role('react'), startedAt: STARTED_AT, promptVersion: 'interview-v1' }),
    );
    expect(planNext(rebuilt, role('react'), easyLimits())).toEqual({ kind: 'wait' });
    expect(planNext(rebuilt, role('react'), delayed)).toMatchObject({ kind: 'ask', phase: 'advanced', difficulty: 3 });
  });

  it('never probes a level already failed, and climbs above a known boundary', () => {
    let { state } = runUnjudged('react');
    state = { ...state, questions: state.questions.slice(0, 9) };
    state = state.questions.reduce(
      (s, q) => recordAsked(s, { kind: 'ask', phase: q.phase, skillId: q.skillId, difficulty: q.difficulty, purpose: q.purpose }, q.messageId),
      createEngineState({ role: role('react'), startedAt: STARTED_AT, promptVersion: 'interview-v1' }),
    );
    const standard = state.questions.filter((q) => q.phase === 'standard');
    // The first skill in preference failed its standard question at 2: its probe must not go above 1.
    const failedSkill = standard[0]!;
    state = recordJudgement(state, failedSkill.messageId, judged('poor'));
    const probe = planNext(state, role('react'), delayed);
    expect(probe).toMatchObject({ kind: 'ask', phase: 'advanced' });
    const plans: AskPlan[] = [];
    let s = state;
    for (let i = 0; i < 3; i++) {
      const plan = planNext(s, role('react'), delayed);
      if (plan.kind !== 'ask') break;
      plans.push(plan);
      s = recordAsked(s, plan, `p${i}`);
    }
    const onFailed = plans.filter((plan) => plan.skillId === failedSkill.skillId);
    for (const plan of onFailed) expect(plan.difficulty).toBeLessThanOrEqual(1);
    expect(plans.filter((plan) => plan.skillId !== failedSkill.skillId).every((plan) => plan.difficulty === 3)).toBe(true);
  });

  it('judgements arriving mid-way take over: a judged probe is carried on by the ordinary rule', () => {
    let { state } = runUnjudged('react');
    state = { ...state, questions: state.questions.slice(0, 10) };
    state = state.questions.reduce(
      (s, q) => recordAsked(s, { kind: 'ask', phase: q.phase, skillId: q.skillId, difficulty: q.difficulty, purpose: q.purpose }, q.messageId),
      createEngineState({ role: role('react'), startedAt: STARTED_AT, promptVersion: 'interview-v1' }),
    );
    const firstProbe = state.questions[9]!;
    expect(firstProbe.phase).toBe('advanced');
    state = recordJudgement(state, firstProbe.messageId, judged('excellent', false));
    // Passed at 3: the skill is carried on at 4, the delay notwithstanding.
    expect(planNext(state, role('react'), delayed)).toMatchObject({ kind: 'ask', skillId: firstProbe.skillId, difficulty: 4 });
  });

  it('is deterministic', () => {
    expect(runUnjudged('python').asked).toEqual(runUnjudged('python').asked);
  });
});
