import { knownModel, speechModelFor, type KnownModel } from './ai-models';
import type { AppSettings } from './settings';

type ProviderSettings = AppSettings['provider'];

/**
 * What is wrong or doubtful in the AI provider settings, said when they are
 * chosen rather than at the first interview. Problems make the app fail
 * (a voice the model does not have, audio the kiosk cannot play, a key sent
 * in clear): an admin's save that adds one is refused. Warnings are doubts
 * (a model the app does not know): the save goes through and the warning is
 * shown.
 */
export interface ProviderSettingsReview {
  problems: string[];
  warnings: string[];
}

/** The formats the interview plays (src-main/interview/wav-audio.ts); the rest of OpenAI's would need a decoder. */
export const playableSpeechFormats = ['wav', 'pcm'] as const;

const roles: Array<{ key: 'interviewModel' | 'resumeParsingModel' | 'scoringModel' | 'ttsModel' | 'sttModel'; label: string; endpoint: KnownModel['endpoint'] }> = [
  { key: 'interviewModel', label: 'Interview model', endpoint: 'chat' },
  { key: 'resumeParsingModel', label: 'Resume parsing model', endpoint: 'chat' },
  { key: 'scoringModel', label: 'Scoring model', endpoint: 'chat' },
  { key: 'sttModel', label: 'Speech-to-text model', endpoint: 'transcription' },
  { key: 'ttsModel', label: 'Text-to-speech model', endpoint: 'speech' },
];

const endpointWords: Record<KnownModel['endpoint'], string> = {
  chat: 'a language model',
  transcription: 'a speech-to-text model',
  speech: 'a text-to-speech model',
};

export function reviewProviderSettings(provider: ProviderSettings): ProviderSettingsReview {
  const problems: string[] = [];
  const warnings: string[] = [];

  const clear = clearTextHost(provider.baseUrl);
  if (clear) {
    problems.push(
      `The provider base URL uses http:// to ${clear}, so the API key would travel unencrypted. Use an https:// address (http:// is allowed only to this computer: localhost or 127.0.0.1).`,
    );
  }

  for (const role of roles) {
    const name = provider[role.key];
    const entry = knownModel(name);
    if (entry && entry.endpoint !== role.endpoint) {
      problems.push(`${role.label} "${name}" is ${endpointWords[entry.endpoint]}, not ${endpointWords[role.endpoint]}; choose ${endpointWords[role.endpoint]} there.`);
    } else if (!entry) {
      const priced = Object.hasOwn(provider.prices, name);
      warnings.push(
        `${role.label} "${name}" is not one the app knows (see the supported models in the README): requests are sent as for ${guess(role.endpoint, name)}` +
          (priced ? '.' : `, and its calls are recorded with an unknown cost until its price is added under prices.`),
      );
    }
  }

  if (!(playableSpeechFormats as readonly string[]).includes(provider.ttsResponseFormat)) {
    problems.push(`The interview plays speech as WAV or PCM; "${provider.ttsResponseFormat}" cannot be played. Choose wav (or pcm) as the text-to-speech format.`);
  }

  const speech = speechModelFor(provider.ttsModel);
  if (speech && !speech.voices.includes(provider.ttsVoice)) {
    const voices = knownVoicesByModel();
    const richer = Object.keys(voices).find((model) => voices[model]!.includes(provider.ttsVoice));
    problems.push(
      `${provider.ttsModel} has no voice "${provider.ttsVoice}". Choose one of ${speech.voices.join(', ')}` +
        (richer ? `, or choose ${richer} as the text-to-speech model for "${provider.ttsVoice}".` : '.'),
    );
  }
  return { problems, warnings };
}

function guess(endpoint: KnownModel['endpoint'], name: string): string {
  if (endpoint !== 'chat') return `${endpointWords[endpoint]} with OpenAI's defaults`;
  return /^(o\d|gpt-5)/i.test(name) && !/chat-latest/i.test(name) ? 'a reasoning model (no temperature, low reasoning effort)' : 'a classic chat model';
}

function knownVoicesByModel(): Record<string, readonly string[]> {
  const result: Record<string, readonly string[]> = {};
  for (const name of ['tts-1', 'tts-1-hd', 'gpt-4o-mini-tts']) {
    const model = speechModelFor(name);
    if (model) result[name] = model.voices;
  }
  return result;
}

/** The host of an http:// address that is not this computer; null for https:// and loopback. */
export function clearTextHost(baseUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:') return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
  return loopback ? null : url.host;
}
