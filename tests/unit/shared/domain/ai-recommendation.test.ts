import { describe, expect, it } from 'vitest';
import { DEFAULT_RECOMMENDATION_BANDS, overridesRecommendation, recommendFromScore } from '../../../../shared/domain/ai-recommendation';

describe('the AI’s recommendation', () => {
  const bands = DEFAULT_RECOMMENDATION_BANDS;

  it('reads advance, hold or reject off the overall score, each band including its lower edge', () => {
    expect([100, 70, 69.9, 50, 49.9, 0].map((score) => recommendFromScore(score, bands)?.decision)).toEqual(['advance', 'advance', 'hold', 'hold', 'reject', 'reject']);
    expect(recommendFromScore(64, { advanceAtOrAbove: 60, holdAtOrAbove: 60 })).toEqual({ decision: 'advance', overallScore: 64, bands: { advanceAtOrAbove: 60, holdAtOrAbove: 60 } });
  });

  it('recommends nothing without an overall score, so no decision overrides it', () => {
    expect(recommendFromScore(null, bands)).toBeNull();
    expect(overridesRecommendation('reject', null)).toBe(false);
  });

  it('calls a decision an override only when it differs from what was recommended', () => {
    expect(overridesRecommendation('hold', 'hold')).toBe(false);
    expect(overridesRecommendation('advance', 'hold')).toBe(true);
    expect(overridesRecommendation('reject', 'advance')).toBe(true);
  });
});
