import { describe, expect, it } from 'vitest';
import { chatModelFor, knownModel } from '../../../shared/domain/ai-models';
import { clearTextHost, reviewProviderSettings } from '../../../shared/domain/provider-settings-review';
import { defaultSettings } from '../../../shared/domain/settings';

const provider = (changes: Partial<typeof defaultSettings.provider>) => ({ ...defaultSettings.provider, ...changes });

describe('the model table', () => {
  it('knows dated snapshots under their family', () => {
    expect(knownModel('gpt-4o-mini-2024-07-18')).toBe(knownModel('gpt-4o-mini'));
    expect(knownModel('gpt-4o-mini-tts-2025-12-15')?.endpoint).toBe('speech');
    expect(knownModel('constructor')).toBeUndefined();
  });

  it('treats gpt-5 and o-series as reasoning models, gpt-4o and *-chat-latest as classic', () => {
    expect(chatModelFor('gpt-5-mini').model.reasoning?.efforts).toContain('minimal');
    expect(chatModelFor('gpt-5.1').model.reasoning?.interviewEffort).toBe('none');
    expect(chatModelFor('o4-mini').model.reasoning?.efforts).toEqual(['low', 'medium', 'high']);
    expect(chatModelFor('gpt-4o').model.reasoning).toBeNull();
    // Unknown names: a guess from the name, with the effort every reasoning family accepts.
    expect(chatModelFor('gpt-5.4-mini')).toMatchObject({ known: false, model: { reasoning: { interviewEffort: 'low' } } });
    expect(chatModelFor('gpt-5-chat-latest')).toMatchObject({ known: false, model: { reasoning: null } });
    expect(chatModelFor('llama-3.1-8b')).toMatchObject({ known: false, model: { reasoning: null } });
  });
});

describe('reviewing provider settings', () => {
  it('finds nothing to say about the defaults', () => {
    expect(reviewProviderSettings(defaultSettings.provider)).toEqual({ problems: [], warnings: [] });
  });

  it('refuses a voice the speech model does not have, naming the voices it has and the model that has it', () => {
    const { problems } = reviewProviderSettings(provider({ ttsModel: 'tts-1', ttsVoice: 'ballad' }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/tts-1 has no voice "ballad"\. Choose one of alloy, ash, coral, echo, fable, onyx, nova, sage, shimmer, or choose gpt-4o-mini-tts/);
    expect(reviewProviderSettings(provider({ ttsModel: 'gpt-4o-mini-tts', ttsVoice: 'ballad' })).problems).toEqual([]);
  });

  it('refuses speech formats the interview cannot play', () => {
    for (const format of ['mp3', 'opus', 'aac'] as const) {
      expect(reviewProviderSettings(provider({ ttsResponseFormat: format })).problems.join(' ')).toMatch(/cannot be played\. Choose wav \(or pcm\)/);
    }
    expect(reviewProviderSettings(provider({ ttsResponseFormat: 'pcm' })).problems).toEqual([]);
  });

  it('refuses http:// to another computer (the key would travel in clear) but allows it to this one', () => {
    expect(clearTextHost('http://proxy.corp.example:8080/v1')).toBe('proxy.corp.example:8080');
    expect(clearTextHost('http://10.0.0.5/v1')).toBe('10.0.0.5');
    for (const local of ['http://127.0.0.1:5181/v1', 'http://localhost/v1', 'http://[::1]:8000/v1', 'https://api.openai.com/v1']) {
      expect(clearTextHost(local)).toBeNull();
    }
    expect(reviewProviderSettings(provider({ baseUrl: 'http://proxy.corp.example/v1' })).problems[0]).toMatch(/unencrypted/);
  });

  it('refuses a model in the wrong role', () => {
    const { problems } = reviewProviderSettings(provider({ interviewModel: 'tts-1', sttModel: 'gpt-4o' }));
    expect(problems).toEqual([
      expect.stringMatching(/Interview model "tts-1" is a text-to-speech model, not a language model/),
      expect.stringMatching(/Speech-to-text model "gpt-4o" is a language model, not a speech-to-text model/),
    ]);
  });

  it('warns, without refusing, about a model it does not know, and says how its price will be recorded', () => {
    const { problems, warnings } = reviewProviderSettings(provider({ scoringModel: 'gpt-9-turbo' }));
    expect(problems).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(/Scoring model "gpt-9-turbo" is not one the app knows.*classic chat model.*unknown cost/)]);
    const priced = reviewProviderSettings(provider({ scoringModel: 'gpt-9-turbo', prices: { 'gpt-9-turbo': { inputPerMillionTokens: 1 } } }));
    expect(priced.warnings[0]).not.toMatch(/unknown cost/);
  });
});
