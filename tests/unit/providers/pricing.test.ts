import { describe, expect, it } from 'vitest';
import { knownModels } from '../../../shared/domain/ai-models';
import { costUsd, priceFor } from '../../../src-main/providers/ai/pricing';

const none = { promptTokens: 0, cachedPromptTokens: 0, completionTokens: 0, audioSeconds: null, characters: null };

describe('pricing', () => {
  it('prices chat by input and output tokens per million', () => {
    const price = priceFor('gpt-4o-mini', {});
    expect(costUsd(price, { ...none, promptTokens: 1_000_000, completionTokens: 1_000_000 })).toBeCloseTo(0.75, 12);
    expect(costUsd(priceFor('gpt-4o', {}), { ...none, promptTokens: 1000, completionTokens: 500 })).toBeCloseTo(0.0025 + 0.005, 12);
  });

  it('bills cached input tokens at the cached rate, the rest at the input rate', () => {
    // gpt-4o-mini: $0.15 input, $0.075 cached input, per million.
    const cost = costUsd(priceFor('gpt-4o-mini', {}), { ...none, promptTokens: 1_000_000, cachedPromptTokens: 600_000 });
    expect(cost).toBeCloseTo(0.4 * 0.15 + 0.6 * 0.075, 12);
    // A price without a cached rate bills cached tokens as ordinary input.
    expect(costUsd({ inputPerMillionTokens: 1 }, { ...none, promptTokens: 1_000_000, cachedPromptTokens: 1_000_000 })).toBeCloseTo(1, 12);
  });

  it('bills a reasoning model’s output, reasoning included, at its output rate', () => {
    // gpt-5-mini: $2 per million output tokens; the 900 reasoning tokens are inside completionTokens.
    expect(costUsd(priceFor('gpt-5-mini', {}), { ...none, completionTokens: 1000 })).toBeCloseTo(0.002, 12);
  });

  it('prices whisper by audio minute, the gpt-4o transcribers and gpt-4o-mini-tts by tokens, tts-1 by characters', () => {
    expect(costUsd(priceFor('whisper-1', {}), { ...none, audioSeconds: 90 })).toBeCloseTo(0.009, 12);
    // gpt-4o-mini-transcribe: $3 per million audio input tokens, $5 per million text output tokens.
    expect(costUsd(priceFor('gpt-4o-mini-transcribe', {}), { ...none, promptTokens: 1000, completionTokens: 100, audioSeconds: 60 })).toBeCloseTo(0.003 + 0.0005, 12);
    expect(costUsd(priceFor('tts-1', {}), { ...none, characters: 2000 })).toBeCloseTo(0.03, 12);
    expect(costUsd(priceFor('tts-1-hd', {}), { ...none, characters: 1_000_000 })).toBeCloseTo(30, 12);
    // gpt-4o-mini-tts: $0.60 per million text tokens in, $12 per million audio tokens out; characters are not billed.
    expect(costUsd(priceFor('gpt-4o-mini-tts', {}), { ...none, promptTokens: 1_000_000, completionTokens: 1_000_000, characters: 4_000_000 })).toBeCloseTo(12.6, 12);
  });

  it('lets the configured table override and extend the list prices', () => {
    const table = { 'gpt-4o-mini': { inputPerMillionTokens: 1, outputPerMillionTokens: 2 }, 'local-llama': {} };
    expect(priceFor('gpt-4o-mini', table)).toEqual({ inputPerMillionTokens: 1, outputPerMillionTokens: 2 });
    expect(priceFor('gpt-4o', table)).toEqual(knownModels['gpt-4o']!.price);
    // Priced at nothing on purpose (a local server): known, and zero.
    expect(costUsd(priceFor('local-llama', table), { ...none, promptTokens: 5_000_000 })).toBe(0);
  });

  it('finds a dated snapshot under its undated name', () => {
    expect(priceFor('gpt-4o-mini-2024-07-18', {})).toEqual(knownModels['gpt-4o-mini']!.price);
    expect(priceFor('gpt-4o-mini-tts-2025-12-15', {})).toEqual(knownModels['gpt-4o-mini-tts']!.price);
  });

  it('says "unknown" (null), never $0, for a model nobody priced, and never reads inherited keys', () => {
    expect(priceFor('mystery-model', {})).toBeUndefined();
    expect(priceFor('constructor', {})).toBeUndefined();
    expect(costUsd(undefined, { ...none, promptTokens: 1e9 })).toBeNull();
  });
});
