import { and, asc, eq } from 'drizzle-orm';
import { systemClock, type Clock } from '../common/clock';
import { newId, nowIso } from '../db/ids';
import type { AppDatabase } from '../db/open-database';
import type { JobPayload } from '../db/json-schemas';
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

export interface JobRecord {
  id: string;
  kind: string;
  payload: JobPayload;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  dedupeKey: string | null;
  createdAt: string;
}

type JobRow = typeof jobs.$inferSelect;

function toRecord(row: JobRow): JobRecord {
  return {
    id: row.id,
    kind: row.kind,
    payload: row.payload,
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    runAt: row.runAt,
    dedupeKey: row.dedupeKey,
    createdAt: row.createdAt,
  };
}

/** Background work as rows (the runner that claims them comes later). */
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
        .returning()
        .get();
      if (inserted) return { job: toRecord(inserted), created: true };
      const existing = job.dedupeKey === null ? undefined : t.select().from(jobs).where(eq(jobs.dedupeKey, job.dedupeKey)).get();
      if (!existing) throw new Error('A job insert was ignored but no job has its dedupe key.');
      return { job: toRecord(existing), created: false };
    });
  }

  findByDedupeKey(dedupeKey: string): JobRecord | null {
    const row = this.store.db.select().from(jobs).where(eq(jobs.dedupeKey, dedupeKey)).get();
    return row ? toRecord(row) : null;
  }

  listByKind(kind: string, status?: JobStatus): JobRecord[] {
    return this.store.db
      .select()
      .from(jobs)
      .where(status ? and(eq(jobs.kind, kind), eq(jobs.status, status)) : eq(jobs.kind, kind))
      .orderBy(asc(jobs.createdAt), asc(jobs.id))
      .all()
      .map(toRecord);
  }
}
