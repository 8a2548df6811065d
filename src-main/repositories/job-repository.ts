import { and, asc, eq, gte, inArray, lt, lte, or, sql } from 'drizzle-orm';
import { systemClock, type Clock } from '../common/clock';
import { newId, nowIso } from '../db/ids';
import type { AppDatabase, AppTransaction } from '../db/open-database';
import type { JobPayload } from '../db/json-schemas';
import { recordColumns, type RecordOf } from '../db/record-columns';
import type { JobStatus } from '../db/schema/enums';
import { jobs } from '../db/schema/index';
import { inTransaction, type MaybeTransaction } from './transaction';

export interface NewJob {
  kind: string;
  payload: JobPayload;
  /** The same logical job enqueued twice is one job. */
  dedupeKey: string | null;
  runAt?: string;
  maxAttempts?: number;
}

/** updated_at is only the runner's bookkeeping. */
const jobRecord = recordColumns(jobs, ['updatedAt']);
export type JobRecord = RecordOf<typeof jobRecord>;

/** Background work as rows; src-main/jobs/job-runner.ts claims and runs them. */
export class JobRepository {
  constructor(
    private readonly store: AppDatabase,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * Queues the job, or returns the one already queued under its dedupe key
   * (whatever its status: a scoring job that already ran is not queued again).
   */
  enqueue(job: NewJob, tx?: MaybeTransaction): { job: JobRecord; created: boolean } {
    return inTransaction(this.store, tx, (t) => {
      const now = nowIso(this.clock);
      const inserted = t
        .insert(jobs)
        .values({
          id: newId(),
          kind: job.kind,
          payload: job.payload,
          status: 'queued',
          runAt: job.runAt ?? now,
          createdAt: now,
          updatedAt: now,
          dedupeKey: job.dedupeKey,
          ...(job.maxAttempts !== undefined ? { maxAttempts: job.maxAttempts } : {}),
        })
        .onConflictDoNothing({ target: jobs.dedupeKey })
        .returning(jobRecord.columns)
        .get();
      if (inserted) return { job: inserted, created: true };
      const existing = job.dedupeKey === null ? undefined : t.select(jobRecord.columns).from(jobs).where(eq(jobs.dedupeKey, job.dedupeKey)).get();
      if (!existing) throw new Error('A job insert was ignored but no job has its dedupe key.');
      return { job: existing, created: false };
    });
  }

  findByDedupeKey(dedupeKey: string): JobRecord | null {
    return this.store.db.select(jobRecord.columns).from(jobs).where(eq(jobs.dedupeKey, dedupeKey)).get() ?? null;
  }

  /** Jobs whose dedupe key starts with `prefix` (e.g. one interview's scoring runs), oldest first; a range scan of the key's index. */
  listByDedupePrefix(prefix: string): JobRecord[] {
    return this.store.db
      .select(jobRecord.columns)
      .from(jobs)
      .where(and(gte(jobs.dedupeKey, prefix), lt(jobs.dedupeKey, `${prefix}\uffff`)))
      .orderBy(asc(jobs.createdAt), asc(jobs.id))
      .all();
  }

  listByKind(kind: string, status?: JobStatus): JobRecord[] {
    return this.store.db
      .select(jobRecord.columns)
      .from(jobs)
      .where(status ? and(eq(jobs.kind, kind), eq(jobs.status, status)) : eq(jobs.kind, kind))
      .orderBy(asc(jobs.createdAt), asc(jobs.id))
      .all();
  }

  findById(id: string): JobRecord | null {
    return this.store.db.select(jobRecord.columns).from(jobs).where(eq(jobs.id, id)).get() ?? null;
  }

  /**
   * Takes the next due job of one of these kinds for this runner, in one
   * UPDATE (SQLite runs a statement alone, and a second connection waits on
   * the write lock), so two runners never get the same job. A running job
   * whose lease has run out belongs to a runner that died and is taken again.
   */
  claimNext(kinds: readonly string[], runnerId: string, leaseMs: number): JobRecord | null {
    if (kinds.length === 0) return null;
    const now = nowIso(this.clock);
    const until = new Date(this.clock.now().getTime() + leaseMs).toISOString();
    const next = this.store.db
      .select({ id: jobs.id })
      .from(jobs)
      .where(
        and(
          inArray(jobs.kind, [...kinds]),
          or(and(eq(jobs.status, 'queued'), lte(jobs.runAt, now)), and(eq(jobs.status, 'running'), lte(jobs.lockedUntil, now))),
        ),
      )
      .orderBy(asc(jobs.runAt), asc(jobs.id))
      .limit(1);
    const row = this.store.db
      .update(jobs)
      .set({ status: 'running', lockedBy: runnerId, lockedUntil: until, attempts: sql`${jobs.attempts} + 1`, updatedAt: now })
      .where(
        and(
          eq(jobs.id, sql`(${next})`),
          // Checked again in the UPDATE itself: the subquery's pick is only a candidate.
          or(and(eq(jobs.status, 'queued'), lte(jobs.runAt, now)), and(eq(jobs.status, 'running'), lte(jobs.lockedUntil, now))),
        ),
      )
      .returning(jobRecord.columns)
      .get();
    return row ?? null;
  }

  /**
   * Puts back the jobs whose runner is gone (see jobs/runner-liveness.ts),
   * so work cut off by a crash or a quit starts again at once instead of
   * after its lease. Their attempt stays counted. Returns how many.
   */
  releaseOrphaned(runnerIsAlive: (runnerId: string) => boolean): number {
    const now = nowIso(this.clock);
    let released = 0;
    for (const job of this.listByStatus('running')) {
      if (job.lockedBy !== null && runnerIsAlive(job.lockedBy)) continue;
      released += this.store.db
        .update(jobs)
        .set({ status: 'queued', lockedBy: null, lockedUntil: null, runAt: now, updatedAt: now })
        .where(and(eq(jobs.id, job.id), eq(jobs.status, 'running'), job.lockedBy === null ? sql`${jobs.lockedBy} IS NULL` : eq(jobs.lockedBy, job.lockedBy)))
        .run().changes;
    }
    return released;
  }

  private listByStatus(status: JobStatus): JobRecord[] {
    return this.store.db.select(jobRecord.columns).from(jobs).where(eq(jobs.status, status)).all();
  }

  /** Ends a run this runner still holds; false (and nothing written) if its lease was lost. */
  finish(
    id: string,
    runnerId: string,
    outcome: { status: 'succeeded' | 'failed'; lastError?: string | null } | { status: 'queued'; runAt: string; lastError: string | null; resetAttempts?: boolean; refundAttempt?: boolean },
    tx: AppTransaction,
  ): boolean {
    const now = nowIso(this.clock);
    const changes =
      outcome.status === 'queued'
        ? {
            status: 'queued' as const,
            runAt: outcome.runAt,
            lastError: outcome.lastError,
            ...(outcome.resetAttempts ? { attempts: 0 } : {}),
            // The run did not get to try: its claim's attempt is given back.
            ...(outcome.refundAttempt ? { attempts: sql`max(${jobs.attempts} - 1, 0)` } : {}),
          }
        : { status: outcome.status, lastError: outcome.lastError ?? null };
    const row = tx
      .update(jobs)
      .set({ ...changes, lockedBy: null, lockedUntil: null, updatedAt: now })
      .where(and(eq(jobs.id, id), eq(jobs.status, 'running'), eq(jobs.lockedBy, runnerId)))
      .returning({ id: jobs.id })
      .get();
    return row !== undefined;
  }

  /**
   * A recurring job is one row under a fixed dedupe key that its runs put
   * back in the queue; this makes sure it exists and is queued (again, if a
   * bug once let it fail).
   */
  ensureRecurring(kind: string, dedupeKey: string, maxAttempts: number): JobRecord {
    return this.store.db.transaction((t) => {
      const { job } = this.enqueue({ kind, payload: {}, dedupeKey, maxAttempts }, t);
      if (job.status === 'queued' || job.status === 'running') return job;
      const now = nowIso(this.clock);
      const row = t
        .update(jobs)
        .set({ status: 'queued', runAt: now, attempts: 0, lastError: null, lockedBy: null, lockedUntil: null, updatedAt: now })
        .where(eq(jobs.id, job.id))
        .returning(jobRecord.columns)
        .get();
      return row ?? job;
    });
  }

  /**
   * A person asks for a failed job to run again: queued now with its
   * attempts back to zero. Only a failed job moves, in one UPDATE, so a
   * second request (a double click, another window) finds it queued and
   * changes nothing. Null when no failed job has this key.
   */
  retryFailed(dedupeKey: string): JobRecord | null {
    const now = nowIso(this.clock);
    return (
      this.store.db
        .update(jobs)
        .set({ status: 'queued', runAt: now, attempts: 0, lastError: null, lockedBy: null, lockedUntil: null, updatedAt: now })
        .where(and(eq(jobs.dedupeKey, dedupeKey), eq(jobs.status, 'failed')))
        .returning(jobRecord.columns)
        .get() ?? null
    );
  }

  /** A queued job waiting for a later time runs at the next look instead: what it waited for has happened. */
  runSoon(dedupeKey: string): void {
    const now = nowIso(this.clock);
    this.store.db
      .update(jobs)
      .set({ runAt: now, updatedAt: now })
      .where(and(eq(jobs.dedupeKey, dedupeKey), eq(jobs.status, 'queued')))
      .run();
  }

  /** Replaces a failed job's last error with words for people (a handler's onGiveUp, in the transaction that failed it). */
  describeFailure(id: string, reason: string, tx: AppTransaction): void {
    tx.update(jobs)
      .set({ lastError: reason.slice(0, 1000) })
      .where(and(eq(jobs.id, id), eq(jobs.status, 'failed')))
      .run();
  }

  /** Jobs queued or running, by kind; what a runner still has to do. */
  countUnfinished(kinds: readonly string[]): number {
    const row = this.store.db
      .select({ n: sql<number>`count(*)` })
      .from(jobs)
      .where(and(inArray(jobs.kind, [...kinds]), inArray(jobs.status, ['queued', 'running'])))
      .get();
    return row?.n ?? 0;
  }

  /** Jobs of these kinds queued or running for one interview (the payload's interviewId): work scoring must wait for. */
  countUnfinishedForInterview(kinds: readonly string[], interviewId: string): number {
    const row = this.store.db
      .select({ n: sql<number>`count(*)` })
      .from(jobs)
      .where(
        and(inArray(jobs.kind, [...kinds]), inArray(jobs.status, ['queued', 'running']), sql`json_extract(${jobs.payload}, '$.interviewId') = ${interviewId}`),
      )
      .get();
    return row?.n ?? 0;
  }

  /** Distinct interviews (the payload's interviewId) with a job of this kind queued or running. */
  countInterviewsWithUnfinished(kind: string): number {
    const row = this.store.db
      .select({ n: sql<number>`count(DISTINCT json_extract(${jobs.payload}, '$.interviewId'))` })
      .from(jobs)
      .where(and(eq(jobs.kind, kind), inArray(jobs.status, ['queued', 'running'])))
      .get();
    return row?.n ?? 0;
  }
}
