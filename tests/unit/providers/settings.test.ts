import { describe, expect, it } from 'vitest';
import { appSettingsSchema, defaultSettings, providerSettingsSchema, settingsPatchSchema } from '../../../shared/domain/settings';

describe('provider settings for the AI layer', () => {
  it('defaults: wav speech, a 200,000-token budget, no price overrides', () => {
    expect(defaultSettings.provider).toMatchObject({
      ttsModel: 'tts-1',
      ttsVoice: 'alloy',
      ttsResponseFormat: 'wav',
      sttModel: 'whisper-1',
      interviewModel: 'gpt-4o-mini',
      interviewTokenBudget: 200_000,
    });
    expect(defaultSettings.provider.prices).toEqual({});
  });

  it('reads a settings file written before these keys existed', () => {
    const old = { mode: 'kiosk', provider: { baseUrl: 'https://example.test/v1', sttModel: 'gpt-4o-transcribe' } };
    const settings = appSettingsSchema.parse(old);
    expect(settings.provider).toMatchObject({ baseUrl: 'https://example.test/v1', sttModel: 'gpt-4o-transcribe', ttsResponseFormat: 'wav', interviewTokenBudget: 200_000 });
  });

  it('gives each parse its own price table', () => {
    const a = providerSettingsSchema.parse({});
    a.prices['gpt-4o-mini'] = { inputPerMillionTokens: 99 };
    expect(providerSettingsSchema.parse({}).prices['gpt-4o-mini']).toBeUndefined();
  });

  it('validates the new keys', () => {
    expect(settingsPatchSchema.safeParse({ provider: { interviewTokenBudget: 0 } }).success).toBe(true);
    expect(settingsPatchSchema.safeParse({ provider: { interviewTokenBudget: -1 } }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ provider: { interviewTokenBudget: 1.5 } }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ provider: { ttsResponseFormat: 'flac' } }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ provider: { prices: { 'local-model': { inputPerMillionTokens: 0 } } } }).success).toBe(true);
    expect(settingsPatchSchema.safeParse({ provider: { prices: { 'local-model': { cachedInputPerMillionTokens: 0.1 } } } }).success).toBe(true);
    expect(settingsPatchSchema.safeParse({ provider: { prices: { 'gpt-4o': { perToken: 1 } } } }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ provider: { prices: { 'gpt-4o': { inputPerMillionTokens: -1 } } } }).success).toBe(false);
  });
});
