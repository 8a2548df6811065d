import type { Logger } from '../logging/logger-types';
import type { SyncRunOutcome } from './sync-run';
import type { SyncStatusReporter } from './sync-status-reporter';
import type { SyncStatus } from './sync-status';

/** How often runs happen; tests shorten them. */
export interface SyncTiming {
  intervalMs?: number;
  /** How often the outbox is looked at for new local writes, and how long after one a run starts. */
  watchMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

export interface SyncSchedulerDeps extends SyncTiming {
  /** One run; the scheduler makes sure only one is under way at a time. */
  run: () => Promise<SyncRunOutcome>;
  /** The newest outbox id: when it moves, something local waits to be pushed. */
  lastOutboxId: () => number;
  reporter: Pick<SyncStatusReporter, 'activity' | 'safeStatus' | 'emit'>;
  logger: Logger;
}

/**
 * When sync runs: every interval, shortly after a local write, and when
 * asked, one run at a time and off the IPC path. A failed run backs off
 * exponentially; asking during a run queues exactly one more.
 */
export class SyncScheduler {
  private readonly intervalMs: number;
  private readonly watchMs: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private timer: NodeJS.Timeout | null = null;
  private watcher: NodeJS.Timeout | null = null;
  private running: Promise<SyncStatus> | null = null;
  private again = false;
  private stopped = true;
  /** After stop(): the app is closing its database. */
  private closed = false;
  private failures = 0;
  private seenOutboxId = 0;

  constructor(private readonly deps: SyncSchedulerDeps) {
    this.intervalMs = deps.intervalMs ?? 30_000;
    this.watchMs = deps.watchMs ?? 2_000;
    this.backoffBaseMs = deps.backoffBaseMs ?? 5_000;
    this.backoffMaxMs = deps.backoffMaxMs ?? 5 * 60_000;
  }

  /** A run is under way (the status it will leave is not known yet). */
  get busy(): boolean {
    return this.running !== null;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.seenOutboxId = this.deps.lastOutboxId();
    this.schedule(0);
    // A cheap look at max(sync_outbox.id) rather than a hook in every writer: it sees every write of a
    // synced table whoever made it, and costs one indexed read per tick.
    this.watcher = setInterval(() => this.watchOutbox(), this.watchMs);
    this.watcher.unref();
  }

  /** No more runs; resolves when the one under way (if any) has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.watcher) clearInterval(this.watcher);
    this.timer = null;
    this.watcher = null;
    await this.running?.catch(() => {});
  }

  /** Starts a run now (or one more after the current one) and resolves with the status after it. */
  syncNow(): Promise<SyncStatus> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.runLoop().finally(() => {
      this.running = null;
      if (!this.stopped) this.schedule(this.nextDelay());
    });
    return this.running;
  }

  /** A run as soon as possible (the device was just configured); nothing once stopped. */
  soon(): void {
    this.schedule(0);
  }

  private async runLoop(): Promise<SyncStatus> {
    do {
      this.again = false;
      // The app is closing: the database may already be closed.
      if (this.closed) break;
      const outcome = await this.deps.run();
      if (outcome === 'succeeded') this.failures = 0;
      else if (outcome === 'failed') this.failures++;
    } while (this.again && !this.stopped);
    return this.deps.reporter.safeStatus();
  }

  private nextDelay(): number {
    if (this.failures === 0) return this.intervalMs;
    return Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** (this.failures - 1));
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.syncNow().catch((error: unknown) => this.deps.logger.warn('sync run ended unexpectedly', { error: error instanceof Error ? error.message : String(error) }));
    }, delayMs);
    this.timer.unref();
  }

  private watchOutbox(): void {
    let last: number;
    try {
      last = this.deps.lastOutboxId();
    } catch {
      return; // The database is closing.
    }
    if (last === this.seenOutboxId) return;
    this.seenOutboxId = last;
    this.deps.reporter.emit();
    // While backing off after a failure, a new write does not cut the wait short.
    if (this.failures === 0 && this.deps.reporter.activity.configured && !this.running) this.schedule(this.watchMs);
  }
}
