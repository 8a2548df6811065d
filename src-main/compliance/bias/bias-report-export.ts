import { csvDocument } from '../../common/csv';
import type { BiasDimension, BiasReport, GroupFigures } from './bias-report';
import { FLAG_BELOW, SMALL_GROUP_SHARE } from './bias-report';

/** What the report covers, printed with it so a reader knows what the figures are about. */
export interface BiasReportScope {
  roleTitle: string;
  from: string;
  to: string;
  /** When the report was made (ISO-8601). */
  madeAt: string;
}

const CSV_COLUMNS = [
  'dimension',
  'group',
  'label',
  'candidates',
  'selected',
  'selection_rate',
  'selection_impact_ratio',
  'scored',
  'scored_above_median',
  'scoring_rate',
  'scoring_impact_ratio',
  'small_group',
  'flagged',
] as const;

/**
 * One row per group, with the counts each rate and ratio is computed from,
 * so an independent auditor can recompute every figure; rates to four
 * places, blank where there is nothing to divide.
 */
export function biasReportCsv(report: BiasReport): string {
  const rows = report.groups.map((group) =>
    [
      group.dimension,
      group.group,
      group.label,
      group.count,
      group.selected,
      fixed(group.selectionRate),
      fixed(group.selectionImpactRatio),
      group.scored,
      group.scoredAboveMedian,
      fixed(group.scoringRate),
      fixed(group.scoringImpactRatio),
      group.small,
      group.flagged,
    ],
  );
  const unknown = (['sex', 'race_ethnicity', 'intersection'] as const).map((dimension) => [dimension, 'unknown', 'Not given', report.unknown[dimension], '', '', '', '', '', '', '', '', '']);
  return csvDocument(CSV_COLUMNS, [...rows, ...unknown]);
}

const dimensionTitles: Record<BiasDimension, string> = {
  sex: 'Sex',
  race_ethnicity: 'Race/ethnicity',
  intersection: 'Intersectional categories (sex and race/ethnicity)',
};

/**
 * The summary NYC Local Law 144 asks employers to publish: the data's
 * source and period, the number of candidates, those whose category is
 * unknown, and the selection and scoring rates and impact ratios of every
 * category, with the flags this report adds.
 */
export function biasReportSummary(report: BiasReport, scope: BiasReportScope): string {
  const lines = [
    `Bias monitoring report — ${scope.roleTitle}`,
    `Period: ${scope.from} to ${scope.to}. Made ${scope.madeAt}.`,
    'Source: this organisation’s own interviews with the Teamified Kiosk AI interviewer (historical data), with the',
    'candidates’ voluntary self-identification. Selected = advanced by a recruiter. Scoring rate = share scoring above',
    `the median overall score (${report.medianScore === null ? 'no interview was scored' : report.medianScore}).`,
    `Candidates: ${report.candidates}.`,
    `Impact ratios under ${FLAG_BELOW.toFixed(2)} are flagged (!). Groups under ${SMALL_GROUP_SHARE * 100}% of the candidates with an answer are`,
    'marked (small): their ratios are shown but not flagged.',
  ];
  for (const dimension of ['sex', 'race_ethnicity', 'intersection'] as const) {
    lines.push('', dimensionTitles[dimension], `  Not given: ${report.unknown[dimension]}`);
    lines.push(`  ${'Category'.padEnd(56)} ${'n'.padStart(5)} ${'selection'.padStart(9)} ${'ratio'.padStart(6)} ${'scoring'.padStart(8)} ${'ratio'.padStart(6)}`);
    for (const group of report.groups.filter((candidate) => candidate.dimension === dimension)) lines.push(`  ${summaryRow(group)}`);
  }
  const flagged = report.groups.filter((group) => group.flagged);
  lines.push('', flagged.length === 0 ? 'No impact ratio under the flag.' : `Flagged: ${flagged.map((group) => group.label).join('; ')}.`);
  return lines.join('\n') + '\n';
}

function summaryRow(group: GroupFigures): string {
  const mark = group.flagged ? ' !' : group.small ? ' (small)' : '';
  return `${group.label.padEnd(56)} ${String(group.count).padStart(5)} ${percent(group.selectionRate).padStart(9)} ${fixed(group.selectionImpactRatio, 2).padStart(6)} ${percent(group.scoringRate).padStart(8)} ${fixed(group.scoringImpactRatio, 2).padStart(6)}${mark}`;
}

function fixed(value: number | null, places = 4): string {
  return value === null ? '' : value.toFixed(places);
}

function percent(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(1)}%`;
}
