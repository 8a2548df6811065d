import { formatDuration as formatSharedDuration } from '../../../../../shared/copy/review-words';

/** Formatting shared by the review screens; every number a recruiter reads goes through here. */

export function formatDateTime(iso: string | null): string {
  if (!iso) return 'Not recorded';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString(undefined, { dateStyle: 'medium' });
}

/** "23 min 5 s", "1 h 4 min", worded as in the exported PDF. */
export function formatDuration(seconds: number | null): string {
  return formatSharedDuration(seconds, 'Not recorded');
}

export function formatScore(score: number | null): string {
  return score === null ? '—' : String(Math.round(score));
}

/** Scores for screen readers, where "—" is read as nothing useful. */
export function describeScore(score: number | null): string {
  return score === null ? 'not scored' : `${Math.round(score)} out of 100`;
}

export { formatPercent } from '../../../../../shared/copy/review-words';
export function formatCost(usd: number): string {
  return `$${usd.toFixed(4)}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString();
}

/** "1.2 s" for measured timings kept in ms or s. */
export function formatMeasurement(name: string, value: number): string {
  const words = name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
  const rounded = Number.isInteger(value) ? value.toLocaleString() : value.toLocaleString(undefined, { maximumFractionDigits: 2 });
  return `${words}: ${rounded}`;
}
