import type { Logger } from '../logging/logger-types';

/**
 * The interview's work that outlives the call that started it (judgements,
 * question audio, replays), and the one switch that stops it all when the
 * app closes: every provider call and wait is given `signal`.
 */
export class BackgroundWork {
  private readonly controller = new AbortController();
  private closed = false;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly logger: Logger) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  isClosed(): boolean {
    return this.closed;
  }

  /** A failure is logged here: nobody is waiting for this work to report it to. */
  track(work: Promise<unknown>): void {
    const tracked = work.catch((error: unknown) => this.logger.error('interview background work failed', { error }));
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }

  /** Resolves once all of it has finished, including work that work started; for tests and benchmarks. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Aborts provider calls and waits; work that checks `isClosed` writes nothing more, as the database closes next. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.controller.abort(new Error('The app is closing.'));
  }
}
