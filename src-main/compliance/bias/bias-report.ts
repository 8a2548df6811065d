import {
  raceEthnicityCategories,
  raceEthnicityLabels,
  sexCategories,
  sexLabels,
  type RaceEthnicityCategory,
  type SexCategory,
} from '../../../shared/domain/self-identification';

/**
 * The bias monitoring report (issue 18, point 6), as NYC Local Law 144's
 * rules define its figures (6 RCNY § 5-301):
 *
 * - selection rate: the share of a group's candidates who were advanced;
 * - scoring rate: the share of a group's candidates scoring above the
 *   median score of everyone in the report;
 * - impact ratio: a group's rate over the highest group's rate in the same
 *   dimension (sex, race/ethnicity, or their intersection);
 * - a ratio under 0.80 (the EEOC's four-fifths rule of thumb) is flagged;
 * - candidates who gave no answer are counted and shown, never in a ratio;
 * - a group under 2% of the candidates with an answer may be left out of
 *   the ratios, as the rules allow an auditor to: it is marked small and
 *   its ratio still printed, so nothing is hidden.
 *
 * Plain arithmetic over the records given, in a fixed order, so an auditor
 * can recompute every figure from the CSV.
 */

/** One candidate's interview in the period: what they self-identified as (null: not given), and its outcome. */
export interface BiasRecord {
  sex: SexCategory | null;
  raceEthnicity: RaceEthnicityCategory | null;
  /** A recruiter advanced them. */
  selected: boolean;
  /** The AI's overall score, 0-100; null when the interview was not scored. */
  score: number | null;
}

export type BiasDimension = 'sex' | 'race_ethnicity' | 'intersection';

export interface GroupFigures {
  dimension: BiasDimension;
  /** The category's id(s): "female", "asian", "female:asian". */
  group: string;
  label: string;
  count: number;
  selected: number;
  selectionRate: number | null;
  selectionImpactRatio: number | null;
  /** Scored candidates in the group, and how many scored above the median. */
  scored: number;
  scoredAboveMedian: number;
  scoringRate: number | null;
  scoringImpactRatio: number | null;
  /** Under SMALL_GROUP_SHARE of the candidates with an answer in this dimension. */
  small: boolean;
  /** An impact ratio under FLAG_BELOW, on a group that is not small. */
  flagged: boolean;
}

export interface BiasReport {
  candidates: number;
  /** The median overall score of the scored candidates; null when none was scored. */
  medianScore: number | null;
  groups: GroupFigures[];
  /** Candidates who gave no answer, per dimension (for the intersection: either answer missing). */
  unknown: Record<BiasDimension, number>;
}

export const FLAG_BELOW = 0.8;
export const SMALL_GROUP_SHARE = 0.02;

export function biasReport(records: readonly BiasRecord[]): BiasReport {
  const scores = records.map((record) => record.score).filter((score): score is number => score !== null);
  const medianScore = median(scores);
  const dimensions: { dimension: BiasDimension; groups: { id: string; label: string; members: (record: BiasRecord) => boolean }[]; known: (record: BiasRecord) => boolean }[] = [
    {
      dimension: 'sex',
      groups: sexCategories.map((sex) => ({ id: sex, label: sexLabels[sex], members: (record) => record.sex === sex })),
      known: (record) => record.sex !== null,
    },
    {
      dimension: 'race_ethnicity',
      groups: raceEthnicityCategories.map((race) => ({ id: race, label: raceEthnicityLabels[race], members: (record) => record.raceEthnicity === race })),
      known: (record) => record.raceEthnicity !== null,
    },
    {
      dimension: 'intersection',
      groups: sexCategories.flatMap((sex) =>
        raceEthnicityCategories.map((race) => ({
          id: `${sex}:${race}`,
          label: `${sexLabels[sex]}, ${raceEthnicityLabels[race]}`,
          members: (record: BiasRecord) => record.sex === sex && record.raceEthnicity === race,
        })),
      ),
      known: (record) => record.sex !== null && record.raceEthnicity !== null,
    },
  ];

  const groups: GroupFigures[] = [];
  const unknown = {} as Record<BiasDimension, number>;
  for (const { dimension, groups: defined, known } of dimensions) {
    const answered = records.filter(known).length;
    unknown[dimension] = records.length - answered;
    const figures = defined.map(({ id, label, members }) => figuresOf(dimension, id, label, records.filter(members), medianScore, answered));
    const topSelection = Math.max(0, ...figures.map((group) => (group.small ? 0 : (group.selectionRate ?? 0))));
    const topScoring = Math.max(0, ...figures.map((group) => (group.small ? 0 : (group.scoringRate ?? 0))));
    for (const group of figures) {
      group.selectionImpactRatio = ratio(group.selectionRate, topSelection);
      group.scoringImpactRatio = ratio(group.scoringRate, topScoring);
      group.flagged =
        !group.small &&
        ((group.selectionImpactRatio !== null && group.selectionImpactRatio < FLAG_BELOW) || (group.scoringImpactRatio !== null && group.scoringImpactRatio < FLAG_BELOW));
      groups.push(group);
    }
  }
  return { candidates: records.length, medianScore, groups, unknown };
}

function figuresOf(dimension: BiasDimension, group: string, label: string, members: readonly BiasRecord[], medianScore: number | null, answered: number): GroupFigures {
  const selected = members.filter((record) => record.selected).length;
  const scored = members.filter((record) => record.score !== null);
  const above = medianScore === null ? 0 : scored.filter((record) => record.score! > medianScore).length;
  return {
    dimension,
    group,
    label,
    count: members.length,
    selected,
    selectionRate: members.length === 0 ? null : selected / members.length,
    selectionImpactRatio: null,
    scored: scored.length,
    scoredAboveMedian: above,
    scoringRate: scored.length === 0 ? null : above / scored.length,
    scoringImpactRatio: null,
    small: members.length === 0 || members.length < answered * SMALL_GROUP_SHARE,
    flagged: false,
  };
}

/** A rate over the highest rate; null when either is unknown or nothing was selected at all. */
function ratio(rate: number | null, top: number): number | null {
  return rate === null || top === 0 ? null : rate / top;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
