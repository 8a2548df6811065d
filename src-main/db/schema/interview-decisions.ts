import { sql } from 'drizzle-orm';
import { check, index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { oneOf, rowVersionCheck, syncColumns } from './columns';
import { decisionKinds } from './enums';
import { interviews } from './interviews';
import { recruiters } from './recruiters';

/**
 * A recruiter's decision on an interview (advance, hold, reject) with a note,
 * which is the reason when the decision overrides the AI's recommendation.
 * Not in the specification, which stops at the assessment. Rows are only
 * added, never changed: the newest is the current decision and the rest are
 * the history a hiring manager may ask about.
 */
export const interviewDecisions = sqliteTable(
  'interview_decisions',
  {
    ...syncColumns(),
    interviewId: text('interview_id')
      .notNull()
      .references(() => interviews.id, { onDelete: 'cascade' }),
    decidedBy: text('decided_by')
      .notNull()
      .references(() => recruiters.id),
    decision: text('decision', { enum: decisionKinds }).notNull(),
    note: text('note').notNull().default(''),
    decidedAt: text('decided_at').notNull(),
    /*
     * Added by migration 0010: what the AI recommended when this person
     * decided (shared/domain/ai-recommendation.ts), so an override stays
     * visible after the role's bands change. Null when there were no scores
     * to recommend from, and on decisions made before 0010. Not CHECKed here
     * (a new table-level CHECK makes drizzle-kit rebuild the table); the
     * service writes only the three kinds, and Postgres checks them.
     */
    aiRecommendation: text('ai_recommendation', { enum: decisionKinds }),
  },
  (t) => [
    index('idx_interview_decisions_interview_decided').on(t.interviewId, t.decidedAt),
    check('interview_decisions_decision_check', oneOf('decision', decisionKinds)),
    check('interview_decisions_note_check', sql.raw('length("note") <= 2000')),
    rowVersionCheck('interview_decisions'),
  ],
);
