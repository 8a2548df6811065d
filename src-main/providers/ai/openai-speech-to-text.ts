import { toFile } from 'openai';
import { transcriptionModelFor } from '../../../shared/domain/ai-models';
import { ProviderError } from './errors';
import { classifierFor, type OpenAiProviderDeps } from './openai-client';
import type { SpeechMediaType, SpeechToText, Transcription, TranscriptionRequest } from './types';
import { wavDurationSeconds } from '../../audio/wav';

/** OpenAI refuses uploads over 25 MiB ("Maximum content size limit (26214400) exceeded"). */
export const MAX_TRANSCRIPTION_BYTES = 25 * 1024 * 1024;

// OpenAI decides the format from the file name, so the name must match the bytes.
const fileNames: Record<SpeechMediaType, string> = {
  'audio/wav': 'answer.wav',
  'audio/webm': 'answer.webm',
  'audio/ogg': 'answer.ogg',
  'audio/mpeg': 'answer.mp3',
};

/** What json and verbose_json replies may hold, read defensively: compatible servers differ in what they include. */
interface TranscriptionReply {
  text?: unknown;
  duration?: unknown;
  language?: unknown;
  segments?: Array<{ avg_logprob?: unknown }>;
  logprobs?: Array<{ logprob?: unknown }>;
  usage?: { type?: string; seconds?: unknown; input_tokens?: unknown; output_tokens?: unknown };
}

type TranscriptionFormat = { response_format: 'json'; include?: ['logprobs'] } | { response_format: 'verbose_json' };

/**
 * Asks for whatever carries a confidence and the model accepts (ai-models.ts;
 * CreateTranscriptionRequest: `logprobs` only for some gpt-4o transcribers
 * and only with `json`): token log-probabilities from those, per-segment
 * ones in verbose_json from whisper-1. An unknown name with "transcribe" in
 * it gets plain json, which every OpenAI transcriber accepts; any other
 * (a local Whisper server) gets verbose_json, which Whisper-style servers
 * implement.
 */
export function transcriptionFormatFor(model: string): TranscriptionFormat {
  const known = transcriptionModelFor(model);
  if (known) {
    if (known.logprobs) return { response_format: 'json', include: ['logprobs'] };
    return known.responseFormats.includes('verbose_json') ? { response_format: 'verbose_json' } : { response_format: 'json' };
  }
  return /transcribe/i.test(model) ? { response_format: 'json' } : { response_format: 'verbose_json' };
}

/** Speech-to-text over OpenAI's transcriptions endpoint. */
export class OpenAiSpeechToText implements SpeechToText {
  constructor(private readonly deps: OpenAiProviderDeps) {}

  transcribe(request: TranscriptionRequest): Promise<Transcription> {
    const settings = this.deps.settings();
    const model = settings.sttModel;
    const task = request.task ?? 'interview';
    const started = performance.now();
    return this.deps.metering.track({ endpoint: 'transcription', task, interviewId: request.interviewId, model }, async (tally, trail) => {
      trail.addInput(request.audio);
      // The transcriptions endpoint returns the text (and usage) only, never the model snapshot.
      trail.reported(null, 'the transcription endpoint does not name the model snapshot that answered');
      const fileName = fileNames[request.mediaType];
      if (!fileName) {
        throw new ProviderError(
          'bad_request',
          'transcription',
          `Recordings of type ${String(request.mediaType).slice(0, 50)} cannot be transcribed; use WAV, WebM, Ogg/Opus or MP3.`,
          { retryable: false },
        );
      }
      if (request.audio.byteLength > MAX_TRANSCRIPTION_BYTES) {
        const mb = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1);
        throw new ProviderError(
          'too_large',
          'transcription',
          `The recording is ${mb(request.audio.byteLength)} MB; speech-to-text accepts at most ${mb(MAX_TRANSCRIPTION_BYTES)} MB, so it was not sent. Record shorter answers, or a compressed format (WebM/Opus) instead of WAV.`,
          { retryable: false },
        );
      }
      const call = await this.deps.clients.forCall('transcription', settings);
      const file = await toFile(request.audio, fileName, { type: request.mediaType });
      const params = {
        file,
        model,
        ...(request.language ? { language: request.language } : {}),
        ...transcriptionFormatFor(model),
      };
      const reply = (await this.deps.resilience.run(
        'transcription',
        { signal: request.signal, classify: classifierFor('transcription', call, this.deps.clock) },
        (deadline) => call.client.audio.transcriptions.create(params, { signal: deadline.signal }),
      )) as TranscriptionReply;
      const text = reply?.text;
      if (typeof text !== 'string') {
        throw new ProviderError(
          'malformed_reply',
          'transcription',
          "The AI provider's speech-to-text service answered without a transcript. Try again; if it persists, check the speech-to-text model in device settings.",
          { retryable: true },
        );
      }

      const durationSeconds =
        finite(reply.duration) ??
        (reply.usage?.type === 'duration' ? finite(reply.usage.seconds) : null) ??
        (request.mediaType === 'audio/wav' ? wavDurationSeconds(request.audio) : null);
      tally.audioSeconds = durationSeconds;
      trail.addOutput(text);
      if (reply.usage?.type === 'tokens') {
        tally.promptTokens = finite(reply.usage.input_tokens) ?? 0;
        tally.completionTokens = finite(reply.usage.output_tokens) ?? 0;
      }
      return {
        text: text.trim(),
        processingMs: Math.round(performance.now() - started),
        confidence: confidenceOf(reply),
        durationSeconds,
        model,
        language: typeof reply.language === 'string' && reply.language ? reply.language : (request.language ?? null),
      };
    });
  }
}

/**
 * One number from the log-probabilities the model gave: the geometric mean
 * probability, exp(mean log p), over Whisper's segments or gpt-4o's tokens.
 */
function confidenceOf(reply: TranscriptionReply): number | null {
  const logprobs = reply.segments?.length
    ? reply.segments.map((segment) => segment.avg_logprob)
    : (reply.logprobs ?? []).map((token) => token.logprob);
  const known = logprobs.filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  if (known.length === 0) return null;
  const mean = known.reduce((sum, value) => sum + value, 0) / known.length;
  return Math.min(1, Math.max(0, Math.exp(mean)));
}

function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}
