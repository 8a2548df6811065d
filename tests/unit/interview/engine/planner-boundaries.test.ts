import { describe, expect, it } from 'vitest';
import { createEngineState, planNext, recordAsked, recordJudgement, skillProficiency, type AskedQuestion, type Difficulty, type Judgement } from '../../../../src-main/interview/engine/index';
import { candidateWithLevels, easyLimits, judged, role, seeded, simulate, STARTED_AT, strong, type Candidate } from './support';

let nextId = 0;
function answered(difficulty: Difficulty, judgement: Judgement | null, skillId = 'testing'): AskedQuestion {
  const recorded = judgement && { ...judgement, score: { excellent: 1, good: 0.75, partial: 0.5, poor: 0.25, no_answer: 0 }[judgement.quality] };
  return { messageId: `m${nextId++}`, phase: 'advanced', purpose: 'probe', skillId, difficulty, judgement: recorded };
}

describe('skill proficiency', () => {
  it('maps the boundary as the highest level passed once the next level up is failed', () => {
    const p = skillProficiency([answered(1, judged('excellent')), answered(2, judged('good')), answered(3, judged('good')), answered(4, judged('poor'))], 'testing');
    expect(p).toMatchObject({ attempts: 4, highestPassed: 3, lowestFailed: 4, boundary: 3 });
  });

  it('gives boundary 5 to a pass at 5, and 0 to a failure at 1 with nothing passed', () => {
    expect(skillProficiency([answered(5, judged('good'))], 'testing').boundary).toBe(5);
    expect(skillProficiency([answered(1, judged('poor'))], 'testing').boundary).toBe(0);
  });

  it('leaves the boundary open while there is a gap or nothing failed yet', () => {
    expect(skillProficiency([answered(2, judged('good')), answered(4, judged('poor'))], 'testing')).toMatchObject({ highestPassed: 2, lowestFailed: 4, boundary: null });
    expect(skillProficiency([answered(4, judged('good'))], 'testing').boundary).toBeNull();
    expect(skillProficiency([answered(3, judged('poor'))], 'testing')).toMatchObject({ highestPassed: 0, lowestFailed: 3, boundary: null });
  });

  it('treats struggling and partial answers as failures and ignores a slip below a pass', () => {
    expect(skillProficiency([answered(2, judged('good')), answered(3, judged('good', true))], 'testing').boundary).toBe(2);
    expect(skillProficiency([answered(2, judged('good')), answered(3, judged('partial', false))], 'testing').boundary).toBe(2);
    expect(skillProficiency([answered(2, judged('poor')), answered(3, judged('good')), answered(4, judged('poor'))], 'testing')).toMatchObject({ highestPassed: 3, lowestFailed: 4, boundary: 3 });
  });

  it('counts pending answers apart and averages only judged ones', () => {
    const p = skillProficiency([answered(1, judged('excellent')), answered(2, judged('partial', false)), answered(3, null), answered(1, judged('good'), 'other')], 'testing');
    expect(p).toMatchObject({ attempts: 2, pending: 1, meanScore: 0.75 });
  });
});

describe('advanced probing', () => {
  it('probes a skill upward one level at a time until the candidate struggles, then moves on', () => {
    const candidate = candidateWithLevels({ 'components-and-jsx': 4, 'state-and-hooks': 5, 'rendering-performance': 5, 'data-fetching': 5, testing: 5, 'typescript-in-react': 5 });
    const run = simulate({ candidate });
    const advanced = run.asked.filter((q) => q.phase === 'advanced').map((q) => `${q.skillId}@${q.difficulty}`);
    expect(advanced.slice(0, 3)).toEqual(['components-and-jsx@4', 'components-and-jsx@5', 'state-and-hooks@4']);
    expect(run.state.skills['components-and-jsx']!.boundary).toBe(4);
  });

  it('gives boundary 5 to a skill passed at 5', () => {
    const run = simulate({ candidate: strong });
    const probed = new Set(run.asked.filter((q) => q.phase === 'advanced').map((q) => q.skillId));
    expect(probed.size).toBeGreaterThan(0);
    for (const id of probed) expect(run.state.skills[id]!.boundary).toBe(5);
  });

  it('finds each probed skill’s true level for consistent candidates, however the levels fall', () => {
    const def = role('react');
    const random = seeded(7);
    for (let trial = 0; trial < 200; trial++) {
      const levels = Object.fromEntries(def.skills.map((s) => [s.id, Math.floor(random() * 6)]));
      const run = simulate({ candidate: candidateWithLevels(levels), lag: trial % 3 });
      for (const [id, skill] of Object.entries(run.state.skills)) {
        if (skill.boundary !== null) expect(skill.boundary, `${id} in trial ${trial}`).toBe(levels[id]);
        else expect(skill.highestPassed, `${id} in trial ${trial}`).toBeLessThanOrEqual(levels[id]!);
      }
    }
  });

  it('checks just below an earlier failure first when nothing below it was passed', () => {
    let state = createEngineState({ role: role('react'), startedAt: STARTED_AT, promptVersion: 'interview-v1' });
    // A script that leaves only rendering-performance open: failed at 3 in the standard phase, nothing passed.
    const script: [string, 'warmup' | 'standard' | 'advanced', Difficulty, Judgement][] = [
      ['components-and-jsx', 'warmup', 1, judged('good')],
      ['state-and-hooks', 'warmup', 1, judged('good')],
      ['components-and-jsx', 'standard', 3, judged('poor')],
      ['state-and-hooks', 'standard', 3, judged('poor')],
      ['rendering-performance', 'standard', 3, judged('poor')],
      ['data-fetching', 'standard', 3, judged('good')],
      ['testing', 'standard', 3, judged('good')],
      ['typescript-in-react', 'standard', 3, judged('good')],
      ['components-and-jsx', 'advanced', 2, judged('good')],
      ['state-and-hooks', 'advanced', 2, judged('good')],
    ];
    script.forEach(([skillId, phase, difficulty, judgement], i) => {
      state = recordAsked(state, { kind: 'ask', phase, skillId, difficulty, purpose: phase === 'warmup' ? 'warmup' : phase === 'standard' ? 'assess' : 'probe' }, `m${i}`);
      state = recordJudgement(state, `m${i}`, judgement);
    });
    expect(planNext(state, role('react'), easyLimits())).toEqual({ kind: 'ask', phase: 'advanced', skillId: 'rendering-performance', difficulty: 2, purpose: 'probe' });
  });

  it('counts the answer for the planned skill even when the judge names another', () => {
    const misattributing: Candidate = (q) => ({ ...strong(q), skillArea: 'typescript-in-react' });
    const run = simulate({ candidate: misattributing });
    const asked = new Set(run.asked.map((q) => q.skillId));
    for (const id of asked) expect(run.state.skills[id]!.attempts).toBe(run.asked.filter((q) => q.skillId === id).length);
  });
});
