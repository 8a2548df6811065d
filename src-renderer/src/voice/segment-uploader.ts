import type { AppError } from '../../../shared/ipc/result';

export interface PendingSegment {
  /** Fixed when the segment is made: a retry must never file it under a later question. */
  interviewId: string;
  questionMessageId: string;
  segmentIndex: number;
  audioWavBase64: string;
  startedAfterQuestionMs: number;
  endedAfterQuestionMs: number;
}

export type SendSegment = (segment: PendingSegment) => Promise<{ ok: true } | { ok: false; error: AppError }>;

export interface UploaderOptions {
  send: SendSegment;
  /** Waits between attempts; the last is repeated for as long as it takes. */
  retryDelaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
  /** Told when saving is struggling (after a few failed attempts) and when it recovers. */
  onTrouble?: (error: AppError | null) => void;
  /** Segments stored so far for this answer, and segments still to send. */
  onProgress?: (accepted: number, waiting: number) => void;
  /** A failure that retrying cannot fix (the app refused the segment itself). */
  onRefused?: (error: AppError) => void;
}

/** Codes where sending the same segment again cannot succeed. */
const FINAL_CODES = new Set<string>(['invalid_input', 'forbidden', 'unauthenticated', 'untrusted_sender', 'unknown_channel', 'not_found', 'conflict', 'too_large', 'rate_limited']);
const TROUBLE_AFTER_ATTEMPTS = 3;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends answer segments to main one at a time, in order, retrying until
 * each is accepted: a segment that exists only in this page is an answer
 * a crash or a flaky moment could lose. `idle()` resolves once everything
 * queued so far is stored, which is what ending the answer waits for.
 */
export class SegmentUploader {
  private readonly queue: PendingSegment[] = [];
  private running: Promise<void> | null = null;
  private generation = 0;
  private stopped = false;
  private accepted = 0;
  private readonly delays: readonly number[];
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: UploaderOptions) {
    this.delays = options.retryDelaysMs ?? [500, 1000, 2000, 5000, 10_000];
    this.sleep = options.sleep ?? defaultSleep;
  }

  get acceptedCount(): number {
    return this.accepted;
  }

  get pendingCount(): number {
    return this.queue.length;
  }

  add(segment: PendingSegment): void {
    if (this.stopped) return;
    this.queue.push(segment);
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
  }

  /** Resolves when every segment added so far has been accepted (or refused for good). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Drop what has not been sent (re-record) and wait for any send in flight to settle. */
  async clear(): Promise<void> {
    this.generation++;
    this.queue.length = 0;
    await this.idle();
    this.accepted = 0;
  }

  /**
   * A new answer begins: "parts saved" counts from zero again (everything
   * before it was sent before the answer ended), or from the parts main
   * already holds of an answer carried on after a restart.
   */
  newAnswer(saved = 0): void {
    this.accepted = saved;
  }

  /** Stop for good (leaving the screen); nothing more is sent. */
  stop(): void {
    this.stopped = true;
    this.generation++;
    this.queue.length = 0;
  }

  private async run(): Promise<void> {
    while (this.queue.length > 0) {
      const generation = this.generation;
      await this.deliver(this.queue[0]!, generation);
      // After clear() the queue holds only segments added since; the one just sent is not among them.
      if (generation === this.generation) this.queue.shift();
    }
  }

  private async deliver(segment: PendingSegment, generation: number): Promise<void> {
    for (let attempt = 0; ; ) {
      const result = await this.options.send(segment).catch(
        (error: unknown): { ok: false; error: AppError } => ({ ok: false, error: { code: 'unavailable', message: String(error) } }),
      );
      if (generation !== this.generation) return;
      if (result.ok) {
        if (attempt >= TROUBLE_AFTER_ATTEMPTS) this.options.onTrouble?.(null);
        this.accepted++;
        // Counted before this one leaves the queue, hence the minus one.
        this.options.onProgress?.(this.accepted, this.queue.length - 1);
        return;
      }
      if (FINAL_CODES.has(result.error.code)) return this.options.onRefused?.(result.error);
      attempt++;
      if (attempt === TROUBLE_AFTER_ATTEMPTS) this.options.onTrouble?.(result.error);
      await this.sleep(this.delays[Math.min(attempt - 1, this.delays.length - 1)] ?? 1000);
      if (generation !== this.generation) return;
    }
  }
}
