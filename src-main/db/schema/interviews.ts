import { sql } from 'drizzle-orm';
import { check, index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { candidates } from './candidates';
import { oneOf, rowVersionCheck, syncColumns } from './columns';
import { interviewStatuses, roleTypes } from './enums';
import { resumes } from './resumes';

export const interviews = sqliteTable(
  'interviews',
  {
    ...syncColumns(),
    candidateId: text('candidate_id')
      .notNull()
      .references(() => candidates.id, { onDelete: 'cascade' }),
    resumeId: text('resume_id').references(() => resumes.id),
    roleType: text('role_type', { enum: roleTypes }).notNull(),
    status: text('status', { enum: interviewStatuses }).notNull().default('scheduled'),
    startedAt: text('started_at'),
    completedAt: text('completed_at'),
    durationSeconds: integer('duration_seconds'),
    aiModelUsed: text('ai_model_used'),
    totalTokensUsed: integer('total_tokens_used').notNull().default(0),
    // DECIMAL(10,4) in Postgres; a double holds 4 decimal places of a few dollars exactly enough.
    costUsd: real('cost_usd').notNull().default(0),
    // Calls (of ai_usage) whose model had no price: cost_usd leaves them out, so the cost shown must say so.
    // Not CHECKed (>= 0) for the reason given on ai_usage's columns added by 0005: that would rebuild the table.
    unpricedCalls: integer('unpriced_calls').notNull().default(0),
  },
  (t) => [
    index('idx_interviews_candidate_id').on(t.candidateId),
    index('idx_interviews_status').on(t.status),
    index('idx_interviews_created_at').on(t.createdAt),
    check('interviews_role_type_check', oneOf('role_type', roleTypes)),
    check('interviews_status_check', oneOf('status', interviewStatuses)),
    check('interviews_duration_seconds_check', sql.raw('"duration_seconds" IS NULL OR "duration_seconds" >= 0')),
    check('interviews_total_tokens_used_check', sql.raw('"total_tokens_used" >= 0')),
    check('interviews_cost_usd_check', sql.raw('"cost_usd" >= 0')),
    rowVersionCheck('interviews'),
  ],
);
