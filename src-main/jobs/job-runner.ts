import { randomUUID } from 'node:crypto';
import type { Clock } from '../common/clock';
import { nowIso } from '../db/ids';
import type { JobPayload } from '../db/json-schemas';
import type { AppDatabase, AppTransaction } from '../db/open-database';
import type { Logger } from '../logging/logger-types';
import type { JobRecord, JobRepository } from '../repositories/job-repository';
import { markRunnerStarted, markRunnerStopped, newRunnerId } from './runner-liveness';

/**
 * What a handler's run ends with. `commit` runs in the same transaction that
 * marks the job succeeded, so the work's result and the job's end are one
 * commit: if the lease was lost meanwhile, neither is written.
 */
export interface JobOutcome {
  commit?: (tx: AppTransaction) => void;
  /** Recurring jobs: queue this same row again at this time instead of finishing it. */
  rescheduleAt?: string;
}

export interface JobHandler {
  /** `signal` aborts when the runner is stopped (the app is shutting down): work that can stop early should. */
  run(job: JobRecord, payload: JobPayload, signal: AbortSignal): Promise<JobOutcome | void>;
  /** The last attempt failed: record why, for people, in the same transaction that marks the job failed. */
  onGiveUp?(job: JobRecord, error: unknown, tx: AppTransaction): void;
}

/** Thrown by a handler when trying again cannot help (e.g. its row is gone). */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

/**
 * Thrown by a handler that could not start its work for a reason outside
 * it (the hosted database that referees it is unreachable): the job waits
 * and tries again without spending an attempt, so being offline for an hour
 * never turns into "failed".
 */
export class JobNotReadyError extends Error {
  override name = 'JobNotReadyError';
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

export interface JobRunnerOptions {
  database: AppDatabase;
  jobs: JobRepository;
  handlers: Record<string, JobHandler>;
  clock: Clock;
  logger: Logger;
  /** How often an idle runner looks for due work. */
  pollIntervalMs?: number;
  /** How long a claim holds; a runner that died is noticed once it runs out. Longer than any one run. */
  leaseMs?: number;
  /** Wait before attempt n+1 is base·2^(n-1), capped. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  runnerId?: string;
}

interface HeldJob {
  job: JobRecord;
  /** Put back in the queue by the shutdown: nothing more is written for this run. */
  released: boolean;
}

export const DEFAULT_POLL_MS = 1000;
export const DEFAULT_LEASE_MS = 5 * 60_000;

export function backoffMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.slice(0, 1000);
}

/**
 * Runs persisted jobs one at a time. Several runners (two app instances on
 * one database file, or two objects) can share the table: each claim is an
 * atomic UPDATE with a lease, see JobRepository.claimNext.
 */
export class JobRunner {
  readonly runnerId: string;
  private readonly pollIntervalMs: number;
  private readonly leaseMs: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private closed = false;
  private running: Promise<void> | null = null;
  /** Aborted by stop(): handlers hear that the app is shutting down. */
  private readonly stopping = new AbortController();
  /** The jobs claimed and not yet ended, by id; `released` once stop() has put one back in the queue. */
  private readonly inHand = new Map<string, HeldJob>();

  constructor(private readonly options: JobRunnerOptions) {
    this.runnerId = options.runnerId ?? newRunnerId(randomUUID());
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_MS;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.backoffBaseMs = options.backoffBaseMs ?? 30_000;
    this.backoffMaxMs = options.backoffMaxMs ?? 30 * 60_000;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    markRunnerStarted(this.runnerId);
    this.schedule(0);
  }

  /**
   * Stops polling, tells the handlers (their signal aborts) and waits for
   * the run in progress, if any, to end. A run that fails once stopped was
   * cut off by the shutdown, not failing on its own: its job goes back in
   * the queue, due now, its attempt given back. `closing`: the database is
   * closed right after this call, so the job in hand is put back that way
   * before it returns (synchronously), and whatever its run does later
   * writes nothing. Either way a normal shutdown leaves no job running to
   * wait out its lease.
   */
  async stop(options: { closing?: boolean } = {}): Promise<void> {
    this.stopped = true;
    this.closed = true;
    markRunnerStopped(this.runnerId);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (options.closing) for (const held of this.inHand.values()) this.release(held);
    this.stopping.abort(new Error('The app is shutting down.'));
    await this.running;
  }

  /** Nudges an idle runner, e.g. right after something was enqueued. */
  wake(): void {
    if (this.stopped || this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.schedule(0);
  }

  /** Runs due jobs until none is left; what the poll loop does, exposed so tests and tools can step it. */
  async drain(): Promise<number> {
    let count = 0;
    while (!this.closed && (await this.runOne())) count++;
    return count;
  }

  /** Claims and runs one due job; false when there was none. */
  async runOne(): Promise<boolean> {
    const kinds = Object.keys(this.options.handlers);
    const job = this.options.jobs.claimNext(kinds, this.runnerId, this.leaseMs);
    if (!job) return false;
    const handler = this.options.handlers[job.kind];
    if (!handler) return true;
    const held: HeldJob = { job, released: false };
    this.inHand.set(job.id, held);
    try {
      await this.runHeld(held, handler);
    } finally {
      this.inHand.delete(job.id);
    }
    return true;
  }

  private async runHeld(held: HeldJob, handler: JobHandler): Promise<void> {
    const { job } = held;
    const logger = this.options.logger.child({ jobId: job.id, kind: job.kind, attempt: job.attempts });
    let outcome: JobOutcome | void;
    try {
      if (job.attempts > job.maxAttempts) throw new PermanentJobError('The job was interrupted more times than it may be tried.');
      outcome = await handler.run(job, job.payload, this.stopping.signal);
    } catch (error) {
      if (held.released) return logger.debug('job run ended after the shutdown put it back');
      if (this.closed && !(error instanceof PermanentJobError)) {
        this.release(held);
        return logger.info('job cut off by the shutdown; queued again', { error: describe(error) });
      }
      this.recordFailure(job, handler, error, logger);
      return;
    }
    if (held.released) return logger.debug('job run ended after the shutdown put it back; the next runner does it again');
    try {
      const kept = this.options.database.db.transaction((tx) => {
        const ok = outcome?.rescheduleAt
          ? this.options.jobs.finish(job.id, this.runnerId, { status: 'queued', runAt: outcome.rescheduleAt, lastError: null, resetAttempts: true }, tx)
          : this.options.jobs.finish(job.id, this.runnerId, { status: 'succeeded' }, tx);
        if (!ok) return false;
        outcome?.commit?.(tx);
        return true;
      });
      if (!kept) logger.warn('job lease lost before its result was committed; another runner retries it');
      else logger.debug('job done');
    } catch (error) {
      this.recordFailure(job, handler, error, logger);
    }
  }

  /** Puts a job this runner holds back in the queue, due now, its attempt given back (the shutdown cut it off). */
  private release(held: HeldJob): void {
    const { job } = held;
    held.released = true;
    const runAt = nowIso(this.options.clock);
    const released = this.options.database.db.transaction((tx) =>
      this.options.jobs.finish(job.id, this.runnerId, { status: 'queued', runAt, lastError: job.lastError, refundAttempt: true }, tx),
    );
    if (released) this.options.logger.info('job put back by the shutdown', { jobId: job.id, kind: job.kind });
  }

  private recordFailure(job: JobRecord, handler: JobHandler, error: unknown, logger: Logger): void {
    const message = describe(error);
    if (error instanceof JobNotReadyError) {
      const runAt = new Date(this.options.clock.now().getTime() + error.retryAfterMs).toISOString();
      this.options.database.db.transaction((tx) =>
        this.options.jobs.finish(job.id, this.runnerId, { status: 'queued', runAt, lastError: message, refundAttempt: true }, tx),
      );
      logger.info('job waits: it cannot run yet', { error: message });
      return;
    }
    const giveUp = error instanceof PermanentJobError || job.attempts >= job.maxAttempts;
    this.options.database.db.transaction((tx) => {
      if (giveUp) {
        if (this.options.jobs.finish(job.id, this.runnerId, { status: 'failed', lastError: message }, tx)) handler.onGiveUp?.(job, error, tx);
      } else {
        const runAt = new Date(this.options.clock.now().getTime() + backoffMs(job.attempts, this.backoffBaseMs, this.backoffMaxMs)).toISOString();
        this.options.jobs.finish(job.id, this.runnerId, { status: 'queued', runAt, lastError: message }, tx);
      }
    });
    logger.warn(giveUp ? 'job failed for good' : 'job failed; will retry', { error: message });
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.drain()
        .then(() => undefined)
        .catch((error: unknown) => this.options.logger.error('job runner loop failed', { error: describe(error) }))
        .finally(() => {
          this.running = null;
          this.schedule(this.pollIntervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }
}
