import { sql } from 'drizzle-orm';
import { check, index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { oneOf, rowVersionCheck, syncColumns } from './columns';
import { decisionKinds } from './enums';
import { interviews } from './interviews';
import { recruiters } from './recruiters';

/**
 * A recruiter's decision on an interview (advance, hold, reject) with a note.
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
  },
  (t) => [
    index('idx_interview_decisions_interview_decided').on(t.interviewId, t.decidedAt),
    check('interview_decisions_decision_check', oneOf('decision', decisionKinds)),
    check('interview_decisions_note_check', sql.raw('length("note") <= 2000')),
    rowVersionCheck('interview_decisions'),
  ],
);
