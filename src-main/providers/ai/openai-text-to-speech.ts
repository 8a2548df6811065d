import type { ReadableStreamReadResult } from 'node:stream/web';
import { speechModelFor } from '../../../shared/domain/ai-models';
import type { TtsResponseFormat } from '../../../shared/domain/settings';
import { ProviderError } from './errors';
import type { Meter } from './metering';
import { classifierFor, type CallClient, type OpenAiProviderDeps, type ProviderSettings } from './openai-client';
import type { Deadline } from './resilience';
import { splitForSpeech } from './sentence-split';
import { audioFromSpeechEvents } from './speech-events';
import type { CacheWriter, SpeechCacheKey, TtsCache } from './tts-cache';
import type { SpeechAudio, SpeechRequest, TextToSpeech } from './types';
import { sizePatches, WavFormatError, WavJoiner } from '../../audio/wav';

const mediaTypes: Record<TtsResponseFormat, string> = {
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  opus: 'audio/ogg',
  aac: 'audio/aac',
  // OpenAI's pcm: 24 kHz, 16-bit signed little-endian, mono, no header.
  pcm: 'audio/pcm',
};
const PCM_BYTES_PER_SECOND = 24_000 * 2;

interface OpenedPart {
  reader: ReadableStreamDefaultReader<Uint8Array>;
  first: ReadableStreamReadResult<Uint8Array>;
  deadline: Deadline;
}

/**
 * Text-to-speech over OpenAI's speech endpoint, streamed and cached.
 *
 * A text over 4,096 characters goes out as several requests, split at
 * sentence boundaries and streamed one after another as one audio stream.
 * mp3, aac and pcm parts join by concatenation; opus parts become a chained
 * Ogg stream, which the Ogg format allows; wav parts are joined by WavJoiner
 * (one header, then each part's PCM). Each part is requested when the one
 * before it has been read to the end: audio arrives faster than it plays,
 * so the player has what it needs while the next part starts.
 */
export class OpenAiTextToSpeech implements TextToSpeech {
  constructor(
    private readonly deps: OpenAiProviderDeps,
    private readonly cache: TtsCache,
  ) {}

  async synthesize(request: SpeechRequest): Promise<SpeechAudio> {
    const settings = this.deps.settings();
    const { ttsModel: model, ttsVoice: voice, ttsResponseFormat: format } = settings;
    const mediaType = mediaTypes[format];
    const parts = splitForSpeech(request.text);
    if (parts.length === 0) {
      throw new ProviderError('bad_request', 'speech', 'There is no text to speak: the text is empty.', { retryable: false });
    }
    const key: SpeechCacheKey = { model, voice, text: request.text, format };
    const cached = await this.cache.read(key);
    if (cached) {
      this.deps.logger.debug('ai speech served from cache', { model, voice, characters: request.text.length });
      return { mediaType, cached: true, chunks: cached };
    }

    const meter = this.deps.metering.begin({ endpoint: 'speech', task: request.task ?? 'interview', interviewId: request.interviewId, model, label: request.usageLabel });
    meter.tally.characters = 0;
    meter.trail.addInput(request.text);
    // The speech endpoint answers with audio only: no model snapshot comes back to record.
    meter.trail.reported(null, 'the speech endpoint does not name the model snapshot that answered');
    let call: CallClient;
    let first: OpenedPart;
    try {
      call = await this.deps.clients.forCall('speech', settings);
      first = await this.openPart(call, settings, parts[0]!, request.signal, meter);
      meter.tally.characters += parts[0]!.length;
    } catch (error) {
      meter.fail(error);
      throw error;
    }
    return { mediaType, cached: false, chunks: this.stream({ call, settings, parts, first, key, meter, signal: request.signal }) };
  }

  private async *stream(job: {
    call: CallClient;
    settings: ProviderSettings;
    parts: string[];
    first: OpenedPart;
    key: SpeechCacheKey;
    meter: Meter;
    signal: AbortSignal | undefined;
  }): AsyncGenerator<Uint8Array> {
    const { call, settings, parts, key, meter, signal } = job;
    const classify = classifierFor('speech', call, this.deps.clock);
    const joiner = settings.ttsResponseFormat === 'wav' ? new WavJoiner() : null;
    const cacheFile = await this.cacheWriter(key);
    let totalBytes = 0;
    let current: OpenedPart | null = job.first;
    let ended = false;
    try {
      for (let index = 0; index < parts.length; index++) {
        if (!current) {
          current = await this.openPart(call, settings, parts[index]!, signal, meter);
          meter.tally.characters = (meter.tally.characters ?? 0) + parts[index]!.length;
        }
        const { reader, deadline } = current;
        joiner?.startPart();
        try {
          for (let result = current.first; !result.done; result = await reader.read()) {
            for (const bytes of joiner ? joiner.push(result.value) : [result.value]) {
              totalBytes += bytes.length;
              meter.trail.addOutput(bytes);
              // Written before it is handed on, so a consumer that stops at the last byte still leaves a whole file.
              await cacheFile.write(bytes);
              deadline.pause();
              yield bytes;
            }
            deadline.restart();
          }
          joiner?.endPart();
        } catch (error) {
          if (signal?.aborted) throw signal.reason;
          if (error instanceof WavFormatError) throw malformedAudio(error);
          throw classify(error, deadline);
        } finally {
          deadline.dispose();
        }
        current = null;
      }
      ended = true;
      meter.tally.audioSeconds = audioSeconds(joiner, settings.ttsResponseFormat, totalBytes);
      await cacheFile.commit(joiner ? sizePatches(joiner.dataBytes) : []);
      meter.succeed();
    } catch (error) {
      ended = true;
      meter.fail(error);
      await cacheFile.discard();
      throw error;
    } finally {
      if (!ended) {
        // The consumer stopped listening: end the request, keep nothing half-written, meter what was made.
        current?.deadline.abort();
        current?.deadline.dispose();
        await current?.reader.cancel().catch(() => {});
        await cacheFile.discard();
        meter.succeed();
      }
    }
  }

  /**
   * Opens one part and waits for its first bytes, so failures before any
   * audio are retried like any other. Models billed by the token stream as
   * events, whose last one says how many (speech-events.ts); those go on
   * the meter when the part ends.
   */
  private openPart(call: CallClient, settings: ProviderSettings, input: string, signal: AbortSignal | undefined, meter: Meter): Promise<OpenedPart> {
    const events = speechModelFor(settings.ttsModel)?.sseUsage === true;
    return this.deps.resilience.run(
      'speech',
      { signal, classify: classifierFor('speech', call, this.deps.clock), keepDeadline: true },
      async (deadline) => {
        const response = await call.client.audio.speech.create(
          {
            model: settings.ttsModel,
            voice: settings.ttsVoice,
            input,
            response_format: settings.ttsResponseFormat,
            ...(events ? { stream_format: 'sse' as const } : {}),
          },
          { signal: deadline.signal },
        );
        if (!response.body) throw malformedAudio(new Error('no body'));
        const body = events
          ? audioFromSpeechEvents(
              response.body as ReadableStream<Uint8Array>,
              (usage) => {
                meter.tally.promptTokens += usage.inputTokens;
                meter.tally.completionTokens += usage.outputTokens;
              },
              response.headers,
            )
          : response.body;
        const reader = body.getReader() as ReadableStreamDefaultReader<Uint8Array>;
        try {
          const first = await reader.read();
          if (first.done) throw malformedAudio(new Error('empty body'));
          // Still armed until the consumer starts reading: a stream nobody reads is closed, not leaked.
          deadline.restart();
          return { reader, first, deadline };
        } catch (error) {
          await reader.cancel().catch(() => {});
          throw error;
        }
      },
    );
  }

  /** A cache that fails (disk full, read-only) costs the reuse, never the audio. */
  private async cacheWriter(key: SpeechCacheKey): Promise<CacheWriter> {
    let writer: CacheWriter | null = null;
    try {
      writer = await this.cache.writer(key);
    } catch (error) {
      this.deps.logger.warn('ai speech cache unavailable; audio is streamed without caching', { error });
    }
    const logger = this.deps.logger;
    const give = async (reason: unknown) => {
      logger.warn('ai speech cache write failed; this audio will not be reused', { error: reason });
      const failed = writer;
      writer = null;
      await failed?.discard();
    };
    return {
      async write(chunk) {
        await writer?.write(chunk).catch(give);
      },
      async commit(patches) {
        await writer?.commit(patches).catch(give);
      },
      async discard() {
        await writer?.discard();
      },
    };
  }
}

function audioSeconds(joiner: WavJoiner | null, format: TtsResponseFormat, totalBytes: number): number | null {
  if (joiner) return joiner.bytesPerSecond ? joiner.dataBytes / joiner.bytesPerSecond : null;
  return format === 'pcm' ? totalBytes / PCM_BYTES_PER_SECOND : null;
}

function malformedAudio(error: Error): ProviderError {
  return new ProviderError(
    'malformed_reply',
    'speech',
    `The AI provider's text-to-speech service sent audio that could not be used (${error.message}). Try again; if it persists, check the speech model and format in device settings.`,
    { retryable: true },
  );
}
