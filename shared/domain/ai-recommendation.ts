import { z } from 'zod';
import type { DecisionKind } from './assessment';

/**
 * The AI's recommendation on an interview (issue 18, point 2): advance, hold
 * or reject, read off the overall score against the role's bands. Only the
 * technical scores count: integrity flags inform the recruiter and never
 * move a score or a recommendation. It is advice. A named recruiter decides,
 * and a decision that differs from it needs a reason.
 */
export const recommendationBandsSchema = z
  .strictObject({
    /** An overall score at or above this recommends advancing. */
    advanceAtOrAbove: z.number().min(0).max(100),
    /** At or above this (and below advanceAtOrAbove) recommends holding; below it, rejecting. */
    holdAtOrAbove: z.number().min(0).max(100),
  })
  .refine((bands) => bands.holdAtOrAbove <= bands.advanceAtOrAbove, { error: 'holdAtOrAbove must not be above advanceAtOrAbove.' });
export type RecommendationBands = z.infer<typeof recommendationBandsSchema>;

/** A role file that names no bands gets these (resources/roles/*.json, "recommendation"). */
export const DEFAULT_RECOMMENDATION_BANDS: RecommendationBands = { advanceAtOrAbove: 70, holdAtOrAbove: 50 };

/** What the AI recommended and from what (its schema, for the review view, is aiRecommendationSchema in assessment.ts). */
export interface AiRecommendation {
  decision: DecisionKind;
  overallScore: number;
  bands: RecommendationBands;
}

/** Null when there is no overall score (scoring failed or has not run): nothing to recommend from. */
export function recommendFromScore(overallScore: number | null, bands: RecommendationBands): AiRecommendation | null {
  if (overallScore === null) return null;
  const decision: DecisionKind = overallScore >= bands.advanceAtOrAbove ? 'advance' : overallScore >= bands.holdAtOrAbove ? 'hold' : 'reject';
  return { decision, overallScore, bands };
}

/** A decision overrides the AI when there was a recommendation and it differs. */
export function overridesRecommendation(decision: DecisionKind, recommended: DecisionKind | null): boolean {
  return recommended !== null && decision !== recommended;
}

/** An override's reason: long enough to say something to the next reader. */
export const OVERRIDE_REASON_MIN = 10;

const kindWords: Record<DecisionKind, string> = { advance: 'advance', hold: 'hold', reject: 'reject' };

/** "The AI recommends hold: overall score 64, hold from 50, advance from 70." */
export function describeRecommendation(recommendation: AiRecommendation): string {
  const { decision, overallScore, bands } = recommendation;
  return `The AI recommends ${kindWords[decision]}: overall score ${overallScore}, hold from ${bands.holdAtOrAbove}, advance from ${bands.advanceAtOrAbove}.`;
}

export function overrideReasonNeeded(decision: DecisionKind, recommended: DecisionKind): string {
  return `You are deciding ${kindWords[decision]} where the AI recommends ${kindWords[recommended]}. Say why in the note (at least ${OVERRIDE_REASON_MIN} characters): overriding the AI needs a reason.`;
}
