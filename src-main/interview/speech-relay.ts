import type { EventPayload } from '../../shared/ipc/contract';
import type { Logger } from '../logging/logger-types';
import type { TextToSpeech } from '../providers/ai/types';
import type { UsageLabel } from '../providers/ai/usage-label';
import type { WavFormat } from '../audio/wav';
import { AsyncQueue } from './async-queue';
import { AudioFormatError, OPENAI_PCM_FORMAT, PcmExtractor, sameFormat } from './wav-audio';

export type AudioEvent = EventPayload<'interview.audio'>;
export type EmitAudio = (windowId: string, payload: AudioEvent) => void;

/** Everything one stream played, for storing a question's audio once it is complete. */
export interface SpokenAudio {
  format: WavFormat;
  pcm: Uint8Array[];
  bytes: number;
}

export interface SpeechStreamOptions {
  windowId: string;
  streamId: string;
  /** Metering: the synthesis is added to this interview's costs. */
  interviewId?: string;
  signal?: AbortSignal;
  /** Where this stream's events go instead of straight to the window (a question written ahead holds them). */
  emit?: EmitAudio;
  usageLabel?: UsageLabel;
}

interface PcmPiece {
  pcm: Uint8Array;
  format: WavFormat;
}

/** Plain words for the candidate's screen; the log gets the detail. */
const SPEECH_FAILED = 'The question could not be played aloud.';

/**
 * Text in, `interview.audio` events out: each sentence is sent to
 * text-to-speech the moment it is known (while the model is still writing
 * the next), its audio is read ahead into memory, and the events go out
 * strictly in sentence order with one running `seq`. A failure ends the
 * stream with an `error` event and nothing else: the question text still
 * arrives, so the candidate can read it.
 */
export class SpeechRelay {
  constructor(private readonly deps: { tts: TextToSpeech; emit: EmitAudio; logger: Logger }) {}

  /** Sends one audio event to the window, as a stream opened without its own `emit` does. */
  emit(windowId: string, payload: AudioEvent): void {
    this.deps.emit(windowId, payload);
  }

  open(options: SpeechStreamOptions): SpeechStream {
    return new SpeechStream(this.deps, options);
  }

  /** Speaks known text in the given parts; resolves when the last event is out. */
  speak(options: SpeechStreamOptions, parts: readonly string[]): Promise<SpokenAudio | null> {
    const stream = this.open(options);
    for (const part of parts) stream.say(part);
    stream.end();
    return stream.done;
  }
}

export class SpeechStream {
  private readonly parts = new AsyncQueue<AsyncQueue<PcmPiece>>();
  private readonly controller = new AbortController();
  private readonly onOuterAbort: () => void;
  /** Resolves once the final event is sent: with the audio, or null when it failed or was cancelled. */
  readonly done: Promise<SpokenAudio | null>;
  /** Resolves when the first PCM event is sent (or the stream ends without one). */
  readonly started: Promise<void>;
  private markStarted!: () => void;
  private cancelReason: string | null = null;

  constructor(
    private readonly deps: { tts: TextToSpeech; emit: EmitAudio; logger: Logger },
    private readonly options: SpeechStreamOptions,
  ) {
    this.onOuterAbort = () => this.cancel('The app is closing.');
    if (options.signal?.aborted) this.cancel('The app is closing.');
    else options.signal?.addEventListener('abort', this.onOuterAbort, { once: true });
    this.started = new Promise((resolve) => (this.markStarted = resolve));
    this.done = this.pump()
      .catch((error: unknown) => {
        deps.logger.error('question audio relay failed', { streamId: options.streamId, error });
        return null;
      })
      .finally(() => {
        this.markStarted();
        options.signal?.removeEventListener('abort', this.onOuterAbort);
      });
  }

  say(text: string): void {
    if (this.controller.signal.aborted || text.trim() === '') return;
    this.parts.push(this.fetch(text));
  }

  end(): void {
    this.parts.close();
  }

  /** Stops synthesis; the stream ends with an `error` event carrying `reason`. */
  cancel(reason: string): void {
    if (this.controller.signal.aborted) return;
    this.cancelReason = reason;
    this.controller.abort(new Error(reason));
    this.parts.close();
  }

  /** Starts synthesis at once and reads the audio into memory as it comes, whether or not it is this part's turn yet. */
  private fetch(text: string): AsyncQueue<PcmPiece> {
    const queue = new AsyncQueue<PcmPiece>();
    const signal = this.controller.signal;
    void (async () => {
      try {
        const audio = await this.deps.tts.synthesize({ text, interviewId: this.options.interviewId, signal, usageLabel: this.options.usageLabel });
        const extractor = new PcmExtractor(audio.mediaType);
        for await (const chunk of audio.chunks) {
          const pcm = extractor.push(chunk);
          if (pcm.length > 0) queue.push({ pcm, format: extractor.format ?? OPENAI_PCM_FORMAT });
        }
        extractor.end();
        queue.close();
      } catch (error) {
        queue.fail(error);
      }
    })();
    return queue;
  }

  private async pump(): Promise<SpokenAudio | null> {
    const { windowId, streamId } = this.options;
    const emit = this.options.emit ?? this.deps.emit;
    let seq = 0;
    let format: WavFormat | null = null;
    const pcm: Uint8Array[] = [];
    let bytes = 0;
    let failure: unknown = null;
    try {
      for await (const part of this.parts) {
        if (this.cancelReason !== null) break;
        for await (const piece of part) {
          // Audio already fetched when the stream was cancelled is not played.
          if (this.cancelReason !== null) break;
          if (format && !sameFormat(format, piece.format)) throw new AudioFormatError('the parts of one question came back in different audio formats');
          format ??= piece.format;
          pcm.push(piece.pcm);
          bytes += piece.pcm.length;
          emit(windowId, { streamId, seq: seq++, sampleRate: format.sampleRate, pcmBase64: Buffer.from(piece.pcm).toString('base64'), final: false });
          this.markStarted();
        }
      }
      if (this.cancelReason !== null) failure = new Error(this.cancelReason);
    } catch (error) {
      failure = this.cancelReason !== null ? new Error(this.cancelReason) : error;
      this.controller.abort(failure);
    }
    const sampleRate = format?.sampleRate ?? OPENAI_PCM_FORMAT.sampleRate;
    if (failure !== null) {
      if (this.cancelReason === null) this.deps.logger.warn('question audio failed; the text is shown instead', { streamId, error: failure });
      // The window gets plain words only: what failed in the service is for the log and the staff status (issue 19).
      const error = this.cancelReason ?? SPEECH_FAILED;
      emit(windowId, { streamId, seq, sampleRate, pcmBase64: '', final: true, error });
      return null;
    }
    emit(windowId, { streamId, seq, sampleRate, pcmBase64: '', final: true });
    return format && bytes > 0 ? { format, pcm, bytes } : null;
  }
}
