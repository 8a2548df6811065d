import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RECOMMENDATION_BANDS, recommendFromScore } from '../../../../shared/domain/ai-recommendation';
import { outcomeChanges, type SkillForOutcome } from '../../../../src-main/assessment/explanation/outcome-changes';
import { weightedOverall } from '../../../../src-main/assessment/overall-score';

const bands = DEFAULT_RECOMMENDATION_BANDS; // hold from 50, advance from 70
const skill = (name: string, score: number, weight = 1): SkillForOutcome => ({ skillId: name.toLowerCase().replace(/ /g, '-'), name, score, weight });
const decisionOf = (skills: SkillForOutcome[]) => recommendFromScore(weightedOverall(skills), bands)!.decision;

describe('outcomeChanges', () => {
  it('finds, per skill, the nearest score across each band edge, smallest change first', () => {
    // (62 + 70) / 2 = 66: hold. Advance needs 70 overall; reject needs below 50.
    const changes = outcomeChanges([skill('State and hooks', 62), skill('Testing', 70)], bands);
    expect(changes.map(({ name, neededScore, recommendation }) => [name, neededScore, recommendation])).toEqual([
      ['State and hooks', 70, 'advance'],
      ['Testing', 78, 'advance'],
      ['State and hooks', 29, 'reject'],
    ]);
    expect(changes[0]!.sentence).toBe('Had your State and hooks score been 70 instead of 62, the AI would have recommended advance instead of hold.');
  });

  it('weighs each skill by its answered questions: a heavier skill needs a smaller change', () => {
    // (60·3 + 60·1) / 4 = 60: hold. Advance: 3a + 60 >= 280 → a = 74 (73 gives 69.8); b alone would need 100.
    const changes = outcomeChanges([skill('Heavy', 60, 3), skill('Light', 60, 1)], bands, 2);
    expect(changes.map(({ name, neededScore }) => [name, neededScore])).toEqual([
      ['Heavy', 74],
      ['Heavy', 46],
    ]);
  });

  it('at a band edge, one point down changes the recommendation', () => {
    const changes = outcomeChanges([skill('Alpha', 70), skill('Beta', 70)], bands);
    expect(decisionOf([skill('Alpha', 70), skill('Beta', 70)])).toBe('advance');
    expect(changes.slice(0, 2).map(({ neededScore, recommendation }) => [neededScore, recommendation])).toEqual([
      [69, 'hold'],
      [69, 'hold'],
    ]);
  });

  it('just below an edge, one point up changes it; the rounding to one decimal is the stored one', () => {
    // (69·19 + 70) / 20 = 69.05: hold; one point more on a weight of 19 is +0.95, so 70.0: advance.
    const skills = [skill('Heavy', 69, 19), skill('Light', 70, 1)];
    expect(decisionOf(skills)).toBe('hold');
    const [first] = outcomeChanges(skills, bands);
    expect(first).toMatchObject({ name: 'Heavy', neededScore: 70, recommendation: 'advance' });
  });

  it('leaves out a skill that could not change it within 0..100, and says nothing when none could', () => {
    // Advance at 95; only the heavy skill can pull the overall below 70 alone.
    const changes = outcomeChanges([skill('Heavy', 95, 10), skill('Light', 95, 1)], bands);
    expect(changes.map((change) => change.name)).toEqual(['Heavy']);
    expect(changes[0]!.neededScore).toBe(67);
    expect(outcomeChanges([skill('Only', 100, 1), skill('Other', 100, 30)], { advanceAtOrAbove: 0, holdAtOrAbove: 0 })).toEqual([]);
    expect(outcomeChanges([], bands)).toEqual([]);
  });

  it('is exact: every change flips the recommendation, and no smaller change in that direction does', () => {
    const skillArb = fc.record({ score: fc.integer({ min: 0, max: 100 }), weight: fc.integer({ min: 1, max: 8 }) });
    const bandsArb = fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })).map(([a, b]) => ({ advanceAtOrAbove: Math.max(a, b), holdAtOrAbove: Math.min(a, b) }));
    fc.assert(
      fc.property(fc.array(skillArb, { minLength: 1, maxLength: 6 }), bandsArb, (raw, someBands) => {
        const skills = raw.map((entry, i) => skill(`Skill ${i}`, entry.score, entry.weight));
        const current = recommendFromScore(weightedOverall(skills), someBands)!.decision;
        const withScore = (index: number, score: number) =>
          recommendFromScore(weightedOverall(skills.map((s, i) => (i === index ? { ...s, score } : s))), someBands)!.decision;
        for (const change of outcomeChanges(skills, someBands, 20)) {
          const index = skills.findIndex((s) => s.skillId === change.skillId);
          expect(change.neededScore).toBeGreaterThanOrEqual(0);
          expect(change.neededScore).toBeLessThanOrEqual(100);
          expect(withScore(index, change.neededScore)).toBe(change.recommendation);
          expect(change.recommendation).not.toBe(current);
          const step = change.neededScore > change.score ? 1 : -1;
          for (let score = change.score + step; score !== change.neededScore; score += step) expect(withScore(index, score)).toBe(current);
        }
      }),
      { numRuns: 200 },
    );
  });
});
