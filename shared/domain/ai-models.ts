/**
 * What the app knows about each OpenAI model it may be pointed at: which
 * parameters a request may carry, which voices and formats work, and list
 * prices. One table, keyed by model family, used to build requests (so a
 * reasoning model never gets `temperature`), to check device settings (so
 * an unusable voice is refused when it is chosen, not at the first
 * interview) and to price usage.
 *
 * Sources, read when this table was written (late 2026): the OpenAI API
 * definition (openai-openapi: CreateChatCompletionRequest, ReasoningEffort,
 * CreateSpeechRequest, CreateTranscriptionRequest), the model pages, the
 * reasoning guide, the text-to-speech and speech-to-text guides, and the
 * pricing page. A model missing here still works: requests are built for a
 * classic chat model (or, for o-series and gpt-5 names, a reasoning model
 * with the effort every reasoning family accepts), settings show a warning,
 * and its calls are recorded with an unknown price, never as free.
 */

/** US dollars; each part applies only to what the endpoint bills. */
export interface ModelPrice {
  /** Input tokens (for transcription models: the audio's tokens; the app sends no text prompt). */
  inputPerMillionTokens?: number | undefined;
  /** Input tokens served from the provider's prompt cache; the input price when absent. */
  cachedInputPerMillionTokens?: number | undefined;
  /** Output tokens, reasoning tokens included (for gpt-4o-mini-tts: the audio's tokens). */
  outputPerMillionTokens?: number | undefined;
  perAudioMinute?: number | undefined;
  perMillionCharacters?: number | undefined;
}

export const reasoningEfforts = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] as const;
export type ReasoningEffort = (typeof reasoningEfforts)[number];

export interface ReasoningSupport {
  /** The `reasoning_effort` values the family accepts (reasoning guide; not every model takes every value). */
  efforts: readonly ReasoningEffort[];
  /** For the live interview, where the candidate waits: the least reasoning the family allows. */
  interviewEffort: ReasoningEffort;
  /** For scoring and resume parsing, where nobody waits on the reply: a little reasoning, still quick. */
  backgroundEffort: ReasoningEffort;
}

export interface ChatModel {
  endpoint: 'chat';
  /**
   * Null for classic chat models (temperature allowed, no reasoning_effort).
   * Reasoning models refuse `temperature`/`top_p` other than 1 and `max_tokens`,
   * and count their hidden reasoning in `max_completion_tokens`.
   */
  reasoning: ReasoningSupport | null;
  price: ModelPrice;
}

export interface SpeechModel {
  endpoint: 'speech';
  /** Built-in voices this model speaks (text-to-speech guide: tts-1 and tts-1-hd have fewer). */
  voices: readonly string[];
  /** `stream_format: 'sse'`, whose last event reports token usage (not for tts-1 / tts-1-hd). */
  sseUsage: boolean;
  price: ModelPrice;
}

export interface TranscriptionModel {
  endpoint: 'transcription';
  /** `response_format` values the model accepts. */
  responseFormats: readonly string[];
  /** `include: ['logprobs']`, which works only with `response_format: 'json'`. */
  logprobs: boolean;
  price: ModelPrice;
}

export type KnownModel = ChatModel | SpeechModel | TranscriptionModel;

const classic = (input: number, cachedInput: number, output: number): ChatModel => ({
  endpoint: 'chat',
  reasoning: null,
  price: { inputPerMillionTokens: input, cachedInputPerMillionTokens: cachedInput, outputPerMillionTokens: output },
});

const reasoning = (support: ReasoningSupport, input: number, cachedInput: number, output: number): ChatModel => ({
  endpoint: 'chat',
  reasoning: support,
  price: { inputPerMillionTokens: input, cachedInputPerMillionTokens: cachedInput, outputPerMillionTokens: output },
});

// Effort values per family, from the reasoning guide and the GPT-5, 5.1 and 5.2 model pages.
const oSeries: ReasoningSupport = { efforts: ['low', 'medium', 'high'], interviewEffort: 'low', backgroundEffort: 'low' };
const gpt5: ReasoningSupport = { efforts: ['minimal', 'low', 'medium', 'high'], interviewEffort: 'minimal', backgroundEffort: 'low' };
const gpt51: ReasoningSupport = { efforts: ['none', 'low', 'medium', 'high'], interviewEffort: 'none', backgroundEffort: 'low' };
const gpt52: ReasoningSupport = { efforts: ['none', 'low', 'medium', 'high', 'xhigh'], interviewEffort: 'none', backgroundEffort: 'low' };

/** Every effort a reasoning model accepts, for names not in the table. */
const unknownReasoning: ReasoningSupport = { efforts: ['low', 'medium', 'high'], interviewEffort: 'low', backgroundEffort: 'low' };

/** Voices of the text-to-speech guide; tts-1 and tts-1-hd lack ballad, verse, marin and cedar. */
const classicVoices = ['alloy', 'ash', 'coral', 'echo', 'fable', 'onyx', 'nova', 'sage', 'shimmer'] as const;
const allVoices = [...classicVoices, 'ballad', 'verse', 'marin', 'cedar'] as const;

/** Per-million-token list prices in USD: input, cached input, output. */
export const knownModels: Readonly<Record<string, KnownModel>> = {
  // Classic chat models: temperature works, no reasoning.
  'gpt-4o': classic(2.5, 1.25, 10),
  'gpt-4o-mini': classic(0.15, 0.075, 0.6),
  'gpt-4.1': classic(2, 0.5, 8),
  'gpt-4.1-mini': classic(0.4, 0.1, 1.6),
  'gpt-4.1-nano': classic(0.1, 0.025, 0.4),
  // Reasoning models.
  'gpt-5': reasoning(gpt5, 1.25, 0.125, 10),
  'gpt-5-mini': reasoning(gpt5, 0.25, 0.025, 2),
  'gpt-5-nano': reasoning(gpt5, 0.05, 0.005, 0.4),
  'gpt-5.1': reasoning(gpt51, 1.25, 0.125, 10),
  'gpt-5.2': reasoning(gpt52, 1.75, 0.175, 14),
  o1: reasoning(oSeries, 15, 7.5, 60),
  o3: reasoning(oSeries, 2, 0.5, 8),
  'o3-mini': reasoning(oSeries, 1.1, 0.55, 4.4),
  'o4-mini': reasoning(oSeries, 1.1, 0.275, 4.4),
  // Speech-to-text. whisper-1 bills audio minutes; the gpt-4o transcribers bill tokens (audio in, text out).
  'whisper-1': { endpoint: 'transcription', responseFormats: ['json', 'text', 'srt', 'verbose_json', 'vtt'], logprobs: false, price: { perAudioMinute: 0.006 } },
  'gpt-4o-transcribe': { endpoint: 'transcription', responseFormats: ['json', 'text'], logprobs: true, price: { inputPerMillionTokens: 6, outputPerMillionTokens: 10 } },
  'gpt-4o-mini-transcribe': { endpoint: 'transcription', responseFormats: ['json', 'text'], logprobs: true, price: { inputPerMillionTokens: 3, outputPerMillionTokens: 5 } },
  // Text-to-speech. tts-1 bills characters; gpt-4o-mini-tts bills text tokens in and audio tokens out.
  'tts-1': { endpoint: 'speech', voices: classicVoices, sseUsage: false, price: { perMillionCharacters: 15 } },
  'tts-1-hd': { endpoint: 'speech', voices: classicVoices, sseUsage: false, price: { perMillionCharacters: 30 } },
  'gpt-4o-mini-tts': { endpoint: 'speech', voices: allVoices, sseUsage: true, price: { inputPerMillionTokens: 0.6, outputPerMillionTokens: 12 } },
};

// Snapshot suffixes the API reports or deployments pin: gpt-4o-mini-2024-07-18, gpt-4o-mini-tts-2025-12-15.
const DATED_SUFFIX = /-\d{4}-\d{2}-\d{2}$/;

/** The table's entry for `model` or its dated snapshot; undefined when the model is not in the table. */
export function knownModel(model: string): KnownModel | undefined {
  for (const name of [model, model.replace(DATED_SUFFIX, '')]) {
    if (Object.hasOwn(knownModels, name)) return knownModels[name];
  }
  return undefined;
}

/** o1/o3/o4 and gpt-5 names (not the non-reasoning `*-chat-latest` aliases) are reasoning models. */
function looksLikeReasoning(model: string): boolean {
  return /^(o\d|gpt-5)/i.test(model) && !/chat-latest/i.test(model);
}

/** How to talk to a language model, known or not. */
export function chatModelFor(model: string): { model: ChatModel; known: boolean } {
  const entry = knownModel(model);
  if (entry?.endpoint === 'chat') return { model: entry, known: true };
  return { model: { endpoint: 'chat', reasoning: looksLikeReasoning(model) ? unknownReasoning : null, price: {} }, known: false };
}

export function speechModelFor(model: string): SpeechModel | undefined {
  const entry = knownModel(model);
  return entry?.endpoint === 'speech' ? entry : undefined;
}

export function transcriptionModelFor(model: string): TranscriptionModel | undefined {
  const entry = knownModel(model);
  return entry?.endpoint === 'transcription' ? entry : undefined;
}

/** Names offered in the settings screen, per endpoint. */
export function knownModelNames(endpoint: KnownModel['endpoint']): string[] {
  return Object.entries(knownModels)
    .filter(([, entry]) => entry.endpoint === endpoint)
    .map(([name]) => name);
}
