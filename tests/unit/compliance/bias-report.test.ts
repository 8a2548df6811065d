import { describe, expect, it } from 'vitest';
import { raceEthnicityCategories, sexCategories, type RaceEthnicityCategory, type SexCategory } from '../../../shared/domain/self-identification';
import { biasReport, FLAG_BELOW, type BiasRecord } from '../../../src-main/compliance/bias/bias-report';
import { biasReportCsv, biasReportSummary } from '../../../src-main/compliance/bias/bias-report-export';
import { seededRandom, type SeededRandom } from '../../support/seeded-random';

/**
 * The bias monitoring report (issue 18, point 6) on generated populations:
 * one with a disparity planted in who is advanced and how they score, which
 * the report must flag, and one without, which it must not.
 */

const SEED = Number(process.env['BIAS_SEED'] ?? 20261207);

/** Candidates of every group in realistic shares, with no answer for a few; `advanceChance` and `scoreShift` per candidate. */
function population(
  random: SeededRandom,
  size: number,
  outcome: (sex: SexCategory | null, race: RaceEthnicityCategory | null) => { advanceChance: number; scoreShift: number },
): BiasRecord[] {
  const raceShares: [RaceEthnicityCategory, number][] = [
    ['white', 0.4],
    ['hispanic_or_latino', 0.18],
    ['black_or_african_american', 0.14],
    ['asian', 0.18],
    ['two_or_more_races', 0.06],
    ['native_hawaiian_or_pacific_islander', 0.02],
    ['native_american_or_alaska_native', 0.02],
  ];
  const records: BiasRecord[] = [];
  for (let i = 0; i < size; i++) {
    const sex = random.chance(0.05) ? null : random.pick(sexCategories);
    let race: RaceEthnicityCategory | null = null;
    if (!random.chance(0.07)) {
      let roll = random.next();
      race = raceShares.find(([, share]) => (roll -= share) < 0)?.[0] ?? 'white';
    }
    const { advanceChance, scoreShift } = outcome(sex, race);
    const score = random.chance(0.03) ? null : Math.max(0, Math.min(100, Math.round(55 + scoreShift + (random.next() - 0.5) * 50)));
    records.push({ sex, raceEthnicity: race, selected: random.chance(advanceChance), score });
  }
  return records;
}

describe('the bias monitoring report', () => {
  it('flags a planted disparity: women advanced and scored less often than men', () => {
    const random = seededRandom(SEED);
    const records = population(random, 20_000, (sex) => (sex === 'female' ? { advanceChance: 0.18, scoreShift: -12 } : { advanceChance: 0.4, scoreShift: 0 }));
    const report = biasReport(records);
    const female = report.groups.find((group) => group.dimension === 'sex' && group.group === 'female')!;
    const male = report.groups.find((group) => group.dimension === 'sex' && group.group === 'male')!;
    expect(female.flagged, `seed ${SEED}`).toBe(true);
    expect(female.selectionImpactRatio!).toBeLessThan(FLAG_BELOW);
    expect(female.scoringImpactRatio!).toBeLessThan(FLAG_BELOW);
    expect(male).toMatchObject({ selectionImpactRatio: 1, scoringImpactRatio: 1, flagged: false });
    // Race/ethnicity was left alone: none of its (large enough) groups is flagged.
    expect(report.groups.filter((group) => group.dimension === 'race_ethnicity' && group.flagged)).toEqual([]);
    // Every intersection with women, large enough to judge, is flagged; none with men.
    const intersections = report.groups.filter((group) => group.dimension === 'intersection' && !group.small);
    expect(intersections.filter((group) => group.group.startsWith('female:')).every((group) => group.flagged)).toBe(true);
    expect(intersections.filter((group) => group.group.startsWith('male:')).some((group) => group.flagged)).toBe(false);
  });

  it('flags nothing in a population treated alike', () => {
    const random = seededRandom(SEED + 1);
    // Large enough that chance alone stays well clear of the flag in every group of 2% or more (about 1,700 per intersection).
    const report = biasReport(population(random, 20_000, () => ({ advanceChance: 0.35, scoreShift: 0 })));
    const flagged = report.groups.filter((group) => group.flagged);
    expect(flagged.map((group) => `${group.label}: ${group.selectionImpactRatio?.toFixed(2)} / ${group.scoringImpactRatio?.toFixed(2)}`), `seed ${SEED + 1}`).toEqual([]);
  });

  it('computes the rates and ratios as the rules define them, counts unknown answers apart, and marks small groups', () => {
    const r = (sex: SexCategory | null, raceEthnicity: RaceEthnicityCategory | null, selected: boolean, score: number | null): BiasRecord => ({ sex, raceEthnicity, selected, score });
    const records = [
      ...Array.from({ length: 50 }, (_, i) => r('male', 'white', i < 25, i < 30 ? 80 : 40)),
      ...Array.from({ length: 48 }, (_, i) => r('female', 'white', i < 12, i < 12 ? 80 : 40)),
      r('female', 'asian', true, null),
      r(null, null, false, 60),
    ];
    const report = biasReport(records);
    expect(report.candidates).toBe(100);
    expect(report.unknown).toEqual({ sex: 1, race_ethnicity: 1, intersection: 1 });
    // 42 of 99 scored are 80, 57 are 40 (and one 60): the median is 40, so "above" means 60 or 80.
    expect(report.medianScore).toBe(40);
    const male = report.groups.find((group) => group.dimension === 'sex' && group.group === 'male')!;
    const female = report.groups.find((group) => group.dimension === 'sex' && group.group === 'female')!;
    expect(male).toMatchObject({ count: 50, selected: 25, selectionRate: 0.5, scored: 50, scoredAboveMedian: 30, scoringRate: 0.6 });
    expect(female).toMatchObject({ count: 49, selected: 13, scored: 48, scoredAboveMedian: 12 });
    expect(female.selectionImpactRatio).toBeCloseTo(13 / 49 / 0.5, 10);
    expect(female.scoringImpactRatio).toBeCloseTo(12 / 48 / 0.6, 10);
    // One Asian candidate of 99 with an answer: under 2%, marked small, never flagged, ratio still shown.
    const asian = report.groups.find((group) => group.dimension === 'race_ethnicity' && group.group === 'asian')!;
    expect(asian).toMatchObject({ count: 1, small: true, flagged: false, selectionRate: 1 });
    // A group with nobody in it has no rates.
    const pacific = report.groups.find((group) => group.group === 'native_hawaiian_or_pacific_islander')!;
    expect(pacific).toMatchObject({ count: 0, selectionRate: null, selectionImpactRatio: null, small: true, flagged: false });
    expect(report.groups.filter((group) => group.dimension === 'intersection')).toHaveLength(sexCategories.length * raceEthnicityCategories.length);
  });

  it('exports a CSV an auditor can recompute from, and the summary Local Law 144 asks to publish', () => {
    const random = seededRandom(SEED);
    const report = biasReport(population(random, 500, (sex) => (sex === 'female' ? { advanceChance: 0.1, scoreShift: -15 } : { advanceChance: 0.4, scoreShift: 0 })));
    const csv = biasReportCsv(report);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('dimension,group,label,candidates,selected,selection_rate,selection_impact_ratio,scored,scored_above_median,scoring_rate,scoring_impact_ratio,small_group,flagged');
    expect(lines).toHaveLength(1 + report.groups.length + 3);
    const femaleRow = lines.find((line) => line.startsWith('sex,female,'))!.split(',');
    const [candidates, selected, rate] = [Number(femaleRow[3]), Number(femaleRow[4]), Number(femaleRow[5])];
    expect(rate).toBeCloseTo(selected / candidates, 4);
    expect(femaleRow.at(-1)).toBe('true');
    // Intersection labels hold a comma: quoted.
    expect(lines.some((line) => line.startsWith('intersection,female:white,"Female, White",'))).toBe(true);
    expect(lines.at(-3)).toMatch(/^sex,unknown,Not given,\d+,/);

    const summary = biasReportSummary(report, { roleTitle: 'React Developer', from: '2026-01-01', to: '2026-06-30', madeAt: '2026-12-07T04:00:00.000Z' });
    expect(summary).toContain('Bias monitoring report — React Developer');
    expect(summary).toContain('Period: 2026-01-01 to 2026-06-30.');
    expect(summary).toMatch(/Sex\n {2}Not given: \d+/);
    expect(summary).toMatch(/Female +\d+ +[\d.]+% +0\.\d\d +[\d.]+% +0\.\d\d !/);
    expect(summary).toContain('Flagged: Female');
  });
});
