import { describe, expect, it } from 'vitest';
import { describeAiCost, type AiCost } from '../../../shared/domain/ai-cost';
import { formatCost } from '../../../src-renderer/src/screens/staff/review/format';

/** As the review screen shows it. */
const shown = (cost: Partial<AiCost>) => describeAiCost({ costUsd: 0, unpricedCalls: 0, unpricedModels: [], ...cost }, formatCost);

describe('describeAiCost', () => {
  it('is the sum when every call was priced, $0 included: then it really was nothing', () => {
    expect(shown({ costUsd: 0.0123 })).toBe('$0.0123');
    expect(shown({ costUsd: 0 })).toBe('$0.0000');
  });

  it('adds the calls at unknown prices to the priced part, naming the models', () => {
    expect(shown({ costUsd: 0.0123, unpricedCalls: 3, unpricedModels: ['gpt-x'] })).toBe('$0.0123 + 3 calls at unknown prices (no price for gpt-x)');
    expect(shown({ costUsd: 0.5, unpricedCalls: 1, unpricedModels: ['gpt-x', 'tts-x'] })).toBe('$0.5000 + 1 call at an unknown price (no price for gpt-x, tts-x)');
    // The models' rows not here (not synced yet): the count still says it.
    expect(shown({ costUsd: 0.5, unpricedCalls: 1200 })).toBe('$0.5000 + 1,200 calls at unknown prices');
  });

  it('is "Unknown" when nothing priced cost anything, never $0', () => {
    expect(shown({ unpricedCalls: 12, unpricedModels: ['gpt-x'] })).toBe('Unknown (no price for gpt-x)');
    expect(shown({ unpricedCalls: 1 })).toBe('Unknown (1 call at an unknown price)');
    for (const unpricedCalls of [1, 2, 40]) {
      for (const costUsd of [0, 0.00001, 3]) expect(shown({ costUsd, unpricedCalls })).not.toMatch(/^\$0\.0+$/);
    }
  });
});
