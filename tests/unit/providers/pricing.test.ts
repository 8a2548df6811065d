import { describe, expect, it } from 'vitest';
import { defaultModelPrices } from '../../../shared/domain/settings';
import { costUsd, priceFor } from '../../../src-main/providers/ai/pricing';

const none = { promptTokens: 0, completionTokens: 0, audioSeconds: null, characters: null };

describe('pricing', () => {
  it('prices chat by input and output tokens per million', () => {
    const price = priceFor('gpt-4o-mini', {});
    expect(costUsd(price, { ...none, promptTokens: 1_000_000, completionTokens: 1_000_000 })).toBeCloseTo(0.75, 12);
    expect(costUsd(priceFor('gpt-4o', {}), { ...none, promptTokens: 1000, completionTokens: 500 })).toBeCloseTo(0.0025 + 0.005, 12);
  });

  it('prices speech-to-text by audio minute and text-to-speech by million characters', () => {
    expect(costUsd(priceFor('whisper-1', {}), { ...none, audioSeconds: 90 })).toBeCloseTo(0.009, 12);
    expect(costUsd(priceFor('gpt-4o-mini-transcribe', {}), { ...none, audioSeconds: 60 })).toBeCloseTo(0.003, 12);
    expect(costUsd(priceFor('tts-1', {}), { ...none, characters: 2000 })).toBeCloseTo(0.03, 12);
    expect(costUsd(priceFor('tts-1-hd', {}), { ...none, characters: 1_000_000 })).toBeCloseTo(30, 12);
    expect(costUsd(priceFor('gpt-4o-mini-tts', {}), { ...none, characters: 1_000_000 })).toBeCloseTo(12, 12);
  });

  it('has the specified defaults', () => {
    expect(defaultModelPrices).toMatchObject({
      'gpt-4o-mini': { inputPerMillionTokens: 0.15, outputPerMillionTokens: 0.6 },
      'gpt-4o': { inputPerMillionTokens: 2.5, outputPerMillionTokens: 10 },
      'whisper-1': { perAudioMinute: 0.006 },
      'gpt-4o-transcribe': { perAudioMinute: 0.006 },
      'gpt-4o-mini-transcribe': { perAudioMinute: 0.003 },
      'tts-1': { perMillionCharacters: 15 },
      'tts-1-hd': { perMillionCharacters: 30 },
      'gpt-4o-mini-tts': { perMillionCharacters: 12 },
    });
  });

  it('lets the configured table override and extend the defaults', () => {
    const table = { 'gpt-4o-mini': { inputPerMillionTokens: 1, outputPerMillionTokens: 2 }, 'local-llama': {} };
    expect(priceFor('gpt-4o-mini', table)).toEqual({ inputPerMillionTokens: 1, outputPerMillionTokens: 2 });
    expect(priceFor('gpt-4o', table)).toEqual(defaultModelPrices['gpt-4o']);
    expect(costUsd(priceFor('local-llama', table), { ...none, promptTokens: 5_000_000 })).toBe(0);
  });

  it('finds a dated snapshot under its undated name', () => {
    expect(priceFor('gpt-4o-mini-2024-07-18', {})).toEqual(defaultModelPrices['gpt-4o-mini']);
  });

  it('costs nothing for a model nobody priced, and never reads inherited keys', () => {
    expect(priceFor('mystery-model', {})).toBeUndefined();
    expect(priceFor('constructor', {})).toBeUndefined();
    expect(costUsd(undefined, { ...none, promptTokens: 1e9 })).toBe(0);
  });
});
