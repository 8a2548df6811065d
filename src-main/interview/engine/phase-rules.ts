import { MAX_QUESTIONS, MIN_QUESTIONS } from '../../../shared/domain/interview';

interface Range {
  min: number;
  max: number;
}

/** How many questions each phase and the whole interview may have. */
export interface PhaseRules {
  warmup: Range;
  standard: Range;
  advanced: Range;
  total: Range;
}

/**
 * The specification's numbers. With these, the phases alone allow at most
 * 3 + 8 + 5 = 16 questions, so the total cap of 20 is a safety net that only
 * binds when the phase limits are widened.
 */
export const DEFAULT_PHASE_RULES: PhaseRules = {
  warmup: { min: 2, max: 3 },
  standard: { min: 5, max: 8 },
  advanced: { min: 3, max: 5 },
  total: { min: MIN_QUESTIONS, max: MAX_QUESTIONS },
};

/**
 * Refuses rules the planner could not honour: every range must be sound, and
 * the shortest warmup and standard phases plus the longest advanced phase
 * must reach the total minimum, or the advanced phase would hit its cap
 * before the interview is long enough.
 */
export function assertValidRules(rules: PhaseRules): void {
  for (const [name, range] of Object.entries(rules) as [string, Range][]) {
    if (!Number.isInteger(range.min) || !Number.isInteger(range.max) || range.min < 0 || range.max < range.min) {
      throw new Error(`Phase rules: ${name} must be whole numbers with 0 <= min <= max (got ${range.min}..${range.max}).`);
    }
  }
  if (rules.warmup.min < 1 || rules.standard.min < 1 || rules.advanced.min < 1) {
    throw new Error('Phase rules: every phase needs at least one question.');
  }
  if (rules.warmup.min + rules.standard.min + rules.advanced.max < rules.total.min) {
    throw new Error('Phase rules: warmup.min + standard.min + advanced.max must reach total.min.');
  }
  if (rules.warmup.max + rules.standard.max + rules.advanced.min > rules.total.max) {
    throw new Error('Phase rules: warmup.max + standard.max + advanced.min must not exceed total.max.');
  }
}
