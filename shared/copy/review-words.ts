import type { IntegrityFlagType } from '../domain/assessment';

/*
 * Words a recruiter reads both on the review screens and in the exported PDF.
 * Kept here once so the screen and the report a hiring manager receives can
 * never describe the same finding differently.
 */

export const integrityFlagLabels: Record<IntegrityFlagType, string> = {
  response_timing_anomaly: 'Unusual response timing',
  silence_then_fluent_answer: 'Long silence, then a fluent answer',
  speaking_rate_anomaly: 'Unusual speaking rate',
  focus_loss: 'Left the interview window',
  paste_event: 'Pasted text',
  answer_inconsistency: 'Answers contradict each other',
  suspected_outside_help: 'Suspected outside help',
};

/** "23 min 5 s", "1 h 4 min"; `unknown` when nothing was recorded. */
export function formatDuration(seconds: number | null, unknown: string): string {
  if (seconds === null || !Number.isFinite(seconds)) return unknown;
  const total = Math.max(0, Math.round(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  if (hours > 0) return `${hours} h ${minutes} min`;
  if (minutes > 0) return `${minutes} min ${rest} s`;
  return `${rest} s`;
}

/** A 0–1 confidence as a whole percentage. */
export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/** Beside the AI's scores on the review screen and in the PDF (issue 18, point 2): what they are, and who decides. */
export const AI_SCORES_ARE_A_RECOMMENDATION =
  'These scores and findings are the AI’s recommendation, not a decision. A named recruiter reviews the evidence and decides.';
