import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { jsonText } from '../json-column';
import { jobPayloadSchema } from '../json-schemas';
import { isoNow, oneOf } from './columns';
import { jobStatuses } from './enums';

/**
 * Background work (resume parsing, scoring, feedback auto-send, email, sync)
 * as rows, so a restart resumes it. Device-local: not synced.
 */
export const jobs = sqliteTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    payload: jsonText('jobs', 'payload', jobPayloadSchema).notNull(),
    status: text('status', { enum: jobStatuses }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    runAt: text('run_at').notNull().default(isoNow),
    // A runner claims a job by writing its id and a lease; an expired lease means the runner died.
    lockedBy: text('locked_by'),
    lockedUntil: text('locked_until'),
    lastError: text('last_error'),
    createdAt: text('created_at').notNull().default(isoNow),
    updatedAt: text('updated_at').notNull().default(isoNow),
    // Enqueueing the same logical job twice (e.g. "auto-send feedback X") is a no-op; NULLs never collide.
    dedupeKey: text('dedupe_key'),
  },
  (t) => [
    uniqueIndex('idx_jobs_dedupe_key').on(t.dedupeKey),
    index('idx_jobs_status_run_at').on(t.status, t.runAt),
    check('jobs_status_check', oneOf('status', jobStatuses)),
    check('jobs_attempts_check', sql.raw('"attempts" >= 0 AND "max_attempts" >= 1')),
    check('jobs_kind_check', sql.raw('length("kind") BETWEEN 1 AND 100')),
  ],
);
