import type { z } from 'zod';
import type { UsageLabel } from './usage-label';

/**
 * What the interview, resume and scoring features ask of an AI provider.
 * One implementation talks to OpenAI (or anything that speaks its API);
 * features depend on these interfaces only.
 */

/** Which feature is calling: picks the model and labels the usage row. */
export type AiTask = 'interview' | 'resumeParsing' | 'scoring';

/** The provider endpoints, each with its own timeout and circuit breaker. */
export type AiEndpoint = 'chat' | 'transcription' | 'speech';

/** A versioned prompt template: its stable id and the SHA-256 of its file (resources/prompts). */
export interface PromptTemplateRef {
  id: string;
  version: string;
}

interface CallOptions {
  /** Usage is added to this interview's totals, and its token budget applies. */
  interviewId?: string;
  /** Cancels the call (and any wait between retries). */
  signal?: AbortSignal;
  /** Work that may be thrown away: its usage rows are marked if it is (UsageLabel). */
  usageLabel?: UsageLabel;
  /** The versioned prompt template the request was built from, for the audit trail. */
  template?: PromptTemplateRef;
}

// ---------------------------------------------------------------- language model

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest extends CallOptions {
  task: AiTask;
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface ChatReply {
  text: string;
  /** The model that was asked (the settings' name, which is what prices are keyed by). */
  model: string;
  /** Summed over every request the call made (a schema retry, a trimmed retry). */
  usage: TokenUsage;
  /** 'stop', or 'length' when the reply was cut off at maxTokens. */
  finishReason: string | null;
  latencyMs: number;
  /** True when the conversation was too long and only the system prompt and the last five messages were sent. */
  trimmed: boolean;
}

export interface StructuredRequest<T> extends ChatRequest {
  /**
   * The reply must parse as JSON and match this; the schema is also sent to
   * the model as a strict JSON schema, so every field is required (write an
   * optional one as `.nullable()`).
   */
  schema: z.ZodType<T>;
  /** Names the schema for the model: letters, digits, _ and -. */
  schemaName: string;
}

export interface StructuredReply<T> extends ChatReply {
  value: T;
}

/**
 * A streamed reply. `deltas` yields the text as the model produces it and
 * can be iterated once; `completion()` resolves when the stream has ended
 * (reading whatever is left) with the whole reply and its usage.
 */
export interface ChatStream {
  deltas: AsyncIterable<string>;
  completion(): Promise<ChatReply>;
}

export interface LanguageModel {
  chat(request: ChatRequest): Promise<ChatReply>;
  /** Resolves once the first part of the reply has arrived; failures before that reject here. */
  streamChat(request: ChatRequest): Promise<ChatStream>;
  structured<T>(request: StructuredRequest<T>): Promise<StructuredReply<T>>;
}

// ---------------------------------------------------------------- speech-to-text

export type SpeechMediaType = 'audio/wav' | 'audio/webm' | 'audio/ogg' | 'audio/mpeg';

export interface TranscriptionRequest extends CallOptions {
  audio: Uint8Array;
  /** audio/ogg is Opus in Ogg. */
  mediaType: SpeechMediaType;
  /** ISO-639-1 hint, e.g. 'en'; improves accuracy and speed. */
  language?: string;
  /** Default 'interview'. */
  task?: AiTask;
}

export interface Transcription {
  text: string;
  /** Wall time of the call, retries included. */
  processingMs: number;
  /** 0..1, from the model's log-probabilities; null when the model gives none. */
  confidence: number | null;
  durationSeconds: number | null;
  model: string;
  /** As the model reports it (whisper-1 says 'english'), else the hint, else null. */
  language: string | null;
}

export interface SpeechToText {
  transcribe(request: TranscriptionRequest): Promise<Transcription>;
}

// ---------------------------------------------------------------- text-to-speech

export interface SpeechRequest extends CallOptions {
  text: string;
  /** Default 'interview'. */
  task?: AiTask;
}

export interface SpeechAudio {
  /** e.g. 'audio/wav'. */
  mediaType: string;
  /** True when served from the on-disk cache without calling the provider. */
  cached: boolean;
  /**
   * The audio as it arrives, to start playback before synthesis ends. Iterate
   * it once, to the end or until you break; a failure mid-way throws a
   * ProviderError from the iteration.
   */
  chunks: AsyncIterable<Uint8Array>;
}

export interface TextToSpeech {
  /** Resolves once the first audio bytes are available; failures before that reject here. */
  synthesize(request: SpeechRequest): Promise<SpeechAudio>;
}

// ---------------------------------------------------------------- live speech-to-text

export interface LiveTranscriptionRequest extends CallOptions {
  /** ISO-639-1 hint, e.g. 'en'. */
  language?: string;
}

/** What the words so far belong to: the nth commit of the session (0-based), including audio not yet committed. */
export interface LiveDelta {
  commitIndex: number;
  /** Everything heard for that commit so far. */
  text: string;
}

/**
 * A transcription that runs while the audio is captured. Audio goes in as
 * it comes; each commit() ends a stretch of speech and resolves with its
 * words. Nothing is retried: a failure rejects the commit (or every pending
 * one when the connection drops) and the caller falls back to a file upload.
 */
export interface LiveTranscription {
  /** 16 kHz mono 16-bit samples; never blocks, buffered until the session is ready. */
  append(pcm16kMono: Int16Array): void;
  /** Drops what was appended since the last commit (speech that turned out to be noise). */
  clear(): void;
  /** The words of everything appended since the last commit; rejects with a ProviderError on failure or after the commit timeout. */
  commit(): Promise<Transcription>;
  /** Returns an unsubscribe function. */
  onDelta(listener: (delta: LiveDelta) => void): () => void;
  /** Closes the connection; pending commits reject. */
  close(): void;
  /** True once closed by close(), a failure, or the server. */
  readonly closed: boolean;
}

export interface LiveTranscriber {
  open(request: LiveTranscriptionRequest): LiveTranscription;
}
