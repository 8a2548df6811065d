import { SELF_CHECK_TEXT_MAX, type BankAudioProgress, type BankAudioState } from '../../../shared/ipc/kiosk-channels';
import type { Clock } from '../../common/clock';
import type { Logger } from '../../logging/logger-types';
import { isProviderError } from '../../providers/ai/errors';
import type { SpeechCacheKey, TtsCache } from '../../providers/ai/tts-cache';
import type { TextToSpeech } from '../../providers/ai/types';
import { bankSpeech, type BankSpeech } from './bank-speech-parts';

/** The settings a cache file is keyed by, besides its text: the interview's current speech model, voice and format. */
export interface SpeechVoice {
  model: string;
  voice: string;
  format: string;
}

export interface BankAudioTimings {
  /** After the app starts, before the first request: a kiosk just switched on has other things to do first. */
  startDelayMs: number;
  /** How often to look again while an interview is in progress (or the device is in recruiter mode). */
  settleMs: number;
  /** After a failure, before trying again: a failing service is left alone for minutes. */
  retryMs: number;
  /** While synthesising, how often to check that no interview has started. */
  watchMs: number;
}

export const DEFAULT_BANK_AUDIO_TIMINGS: Readonly<BankAudioTimings> = {
  startDelayMs: 2 * 60_000,
  settleMs: 60_000,
  retryMs: 5 * 60_000,
  watchMs: 1000,
};

export interface BankAudioDeps {
  tts: TextToSpeech;
  cache: Pick<TtsCache, 'has' | 'pin'>;
  voice: () => SpeechVoice;
  /** Every bank question's text, of every role; read when first needed, and its failure reported, not thrown. */
  questions: () => readonly string[];
  /** False where no interview is held (recruiter mode): nothing is prepared. */
  enabled: () => boolean;
  /** True while an interview is in progress on this device: no request is made then. */
  interviewInProgress: () => boolean;
  clock: Clock;
  logger: Logger;
  timings?: Partial<BankAudioTimings>;
}

type PassEnd = 'complete' | 'interrupted' | 'failed';

/**
 * Synthesises every bank question into the speech cache ahead of time
 * (issue 19, point 2), so a question the bank supplies when the AI service
 * cannot write one is spoken from the cache without it. It works only when
 * the device is idle: one request at a time, none while an interview is in
 * progress (a request under way is abandoned the moment one starts), and
 * after any failure it stops and waits minutes, so a failing service is
 * not hammered (an open circuit breaker fails at once, without a request).
 *
 * The cache files are keyed by the exact text of each request, so it
 * synthesises exactly the parts the interview will ask for
 * (bankSpeechParts), in the current model, voice and format; what is
 * already there is skipped, so a restart carries on where it stopped. The
 * current voice's files are pinned against the cache's size limit; when
 * the voice changes the bank is synthesised again and the old files age out.
 */
export class BankAudio {
  private readonly timings: BankAudioTimings;
  private speech: BankSpeech | null = null;
  private state: BankAudioState = 'waiting';
  private problem: string | null = null;
  private nextTryAt: Date | null = null;
  /** The voice the last pass finished (or failed) in; a change of voice wakes a waiting loop. */
  private passVoice: string | null = null;
  /** Why the bank's files could not be read; set once, as they do not change while the app runs. */
  private bankProblem: string | null = null;
  private stopped = false;
  private wakeUp: (() => void) | null = null;
  /** Abandons the pass under way, if any. */
  private interrupt: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private completeLogged: string | null = null;

  constructor(private readonly deps: BankAudioDeps) {
    this.timings = { ...DEFAULT_BANK_AUDIO_TIMINGS, ...deps.timings };
  }

  start(): void {
    this.loop ??= this.run().catch((error: unknown) => this.deps.logger.error('question bank audio stopped', { error }));
  }

  /** Ends waits and any request under way; resolves when the loop has stopped. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.interrupt?.();
    this.wakeUp?.();
    await this.loop;
  }

  /** Settings changed: a new voice or device mode is acted on now rather than at the next look. */
  settingsChanged(): void {
    if (this.state === 'waiting') return;
    const voiceChanged = this.passVoice !== null && this.passVoice !== signature(this.deps.voice());
    const modeChanged = (this.state === 'off') === this.deps.enabled();
    if (voiceChanged || modeChanged) this.wakeUp?.();
  }

  /** What is ready in the current voice, counted from the cache itself, and what the preparation is doing. */
  async progress(): Promise<BankAudioProgress> {
    const speech = this.loadSpeech();
    if (!speech) return { state: 'unavailable', questionsReady: 0, questions: 0, partsReady: 0, parts: 0, problem: clipped(this.bankProblem), nextTryAt: null };
    const voice = this.deps.voice();
    // All at once: one after another, a bank's hundreds of stats took 10-35 ms, and every sync run's health report waits on this.
    const present = await Promise.all(speech.parts.map((part) => this.deps.cache.has(keyOf(voice, part))));
    const ready = new Set(speech.parts.filter((_, index) => present[index]));
    const questionsReady = speech.questions.filter((parts) => parts.every((part) => ready.has(part))).length;
    const complete = ready.size === speech.parts.length;
    const state: BankAudioState = !this.deps.enabled() ? 'off' : complete ? 'complete' : this.state === 'complete' ? 'waiting' : this.state;
    const failing = state === 'retrying';
    return {
      state,
      questionsReady,
      questions: speech.questions.length,
      partsReady: ready.size,
      parts: speech.parts.length,
      problem: failing ? clipped(this.problem) : null,
      nextTryAt: failing ? (this.nextTryAt?.toISOString() ?? null) : null,
    };
  }

  private async run(): Promise<void> {
    await this.wait(this.timings.startDelayMs);
    while (!this.stopped) {
      const next = await this.step();
      await this.wait(next);
    }
  }

  /** One look: prepares what is missing if the device is free; returns how long to wait before the next look (null: until woken). */
  private async step(): Promise<number | null> {
    if (!this.deps.enabled()) {
      this.state = 'off';
      return this.timings.settleMs;
    }
    if (this.deps.interviewInProgress()) {
      this.state = 'paused';
      return this.timings.settleMs;
    }
    const speech = this.loadSpeech();
    if (!speech) {
      this.state = 'unavailable';
      return null;
    }
    const voice = this.deps.voice();
    this.passVoice = signature(voice);
    this.deps.cache.pin(speech.parts.map((part) => keyOf(voice, part)));
    switch (await this.pass(speech, voice)) {
      case 'complete':
        this.state = 'complete';
        this.problem = null;
        this.nextTryAt = null;
        if (this.completeLogged !== this.passVoice) {
          this.completeLogged = this.passVoice;
          this.deps.logger.info('question bank audio complete: every bank question can be spoken without the AI service', {
            questions: speech.questions.length,
            parts: speech.parts.length,
            ...voice,
          });
        }
        return null;
      case 'interrupted':
        // A new voice starts again at once; an interview (or recruiter mode) is waited out.
        if (signature(this.deps.voice()) !== this.passVoice) return 0;
        this.state = this.deps.enabled() ? 'paused' : 'off';
        return this.timings.settleMs;
      case 'failed':
        this.state = 'retrying';
        this.nextTryAt = new Date(this.deps.clock.now().getTime() + this.timings.retryMs);
        return this.timings.retryMs;
    }
  }

  /** Every missing part, one request at a time, until done, interrupted, or the first failure. */
  private async pass(speech: BankSpeech, voice: SpeechVoice): Promise<PassEnd> {
    const controller = new AbortController();
    const watch = setInterval(() => {
      if (this.stopped || this.deps.interviewInProgress() || !this.deps.enabled() || signature(this.deps.voice()) !== this.passVoice) controller.abort();
    }, this.timings.watchMs);
    watch.unref();
    this.interrupt = () => controller.abort();
    let made = 0;
    try {
      for (const part of speech.parts) {
        if (controller.signal.aborted) return 'interrupted';
        const key = keyOf(voice, part);
        if (await this.deps.cache.has(key)) continue;
        this.state = 'preparing';
        try {
          const audio = await this.deps.tts.synthesize({ text: part, signal: controller.signal });
          // Read to the end: the provider commits the cache file only when the whole stream is in.
          for await (const chunk of audio.chunks) void chunk;
        } catch (error) {
          if (controller.signal.aborted) return 'interrupted';
          return this.failed(error, made);
        }
        if (!(await this.deps.cache.has(key))) {
          return this.failed(new Error('The audio was synthesised but could not be saved in the speech cache: check the free disk space on this device.'), made);
        }
        made++;
      }
      return controller.signal.aborted ? 'interrupted' : 'complete';
    } finally {
      clearInterval(watch);
      this.interrupt = null;
      if (made > 0) this.deps.logger.info('question bank audio prepared', { parts: made });
    }
  }

  private failed(error: unknown, made: number): PassEnd {
    this.problem = problemOf(error);
    this.deps.logger.warn('question bank audio paused after a failure; it is tried again later', {
      retryInMs: this.timings.retryMs,
      preparedBeforeFailure: made,
      ...(isProviderError(error) ? { kind: error.kind, status: error.status } : {}),
      error: this.problem,
    });
    return 'failed';
  }

  /** The bank, cut into its spoken parts once; null (with the problem kept) when its files cannot be read. */
  private loadSpeech(): BankSpeech | null {
    if (this.speech) return this.speech;
    try {
      this.speech = bankSpeech(this.deps.questions());
      return this.speech;
    } catch (error) {
      if (this.bankProblem === null) {
        this.bankProblem = `The question bank could not be read, so its audio cannot be prepared: ${problemOf(error)}`;
        this.deps.logger.error('question bank audio: the bank could not be read', { error: this.bankProblem });
      }
      this.state = 'unavailable';
      return null;
    }
  }

  /** Waits `ms` (null: until woken), or less if woken or stopped. */
  private wait(ms: number | null): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        clearTimeout(timer);
        if (this.wakeUp === done) this.wakeUp = null;
        resolve();
      };
      if (ms !== null) timer = setTimeout(done, ms).unref();
      this.wakeUp = done;
    });
  }
}

function keyOf(voice: SpeechVoice, text: string): SpeechCacheKey {
  return { model: voice.model, voice: voice.voice, format: voice.format, text };
}

function signature(voice: SpeechVoice): string {
  return `${voice.model}|${voice.voice}|${voice.format}`;
}

/** Provider errors are written to be shown (errors.ts); anything else says only what it is. */
function problemOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What the channel carries; the log has it whole. */
function clipped(text: string | null): string | null {
  if (text === null) return null;
  return text.length > SELF_CHECK_TEXT_MAX ? `${text.slice(0, SELF_CHECK_TEXT_MAX - 1)}…` : text;
}
