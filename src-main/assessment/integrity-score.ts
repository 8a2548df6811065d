import type { IntegrityFlag, IntegritySeverity } from '../../shared/domain/assessment';

/**
 * What one flag of each severity costs at full confidence: one sure high
 * flag leaves 75 and four reach 0, while it takes twenty sure low flags,
 * which are nudges to look, to do the same.
 */
export const SEVERITY_WEIGHTS: Record<IntegritySeverity, number> = { low: 5, medium: 12, high: 25 };

/**
 * The integrity score, 0..100: start at 100, take off each flag's severity
 * weight times its confidence, stop at 0, round to one decimal. Measured
 * and model flags count alike; the flags decide, so the same flags always
 * give the same score.
 */
export function integrityScoreFrom(flags: readonly IntegrityFlag[]): number {
  const penalty = flags.reduce((sum, flag) => sum + SEVERITY_WEIGHTS[flag.severity] * clampConfidence(flag.confidence), 0);
  return Math.round(Math.max(0, 100 - penalty) * 10) / 10;
}

// The schema keeps a model's confidence in 0..1, but a flag built in code skips it; one bad number must not push the score past 100.
function clampConfidence(confidence: number): number {
  return Number.isFinite(confidence) ? Math.min(1, Math.max(0, confidence)) : 0;
}
