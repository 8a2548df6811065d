import { sql } from 'drizzle-orm';
import { check, index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { jsonText } from '../json-column';
import { integrityDetailsSchema } from '../json-schemas';
import { rowVersionCheck, syncColumns } from './columns';
import { integrityEventKinds } from './enums';
import { interviews } from './interviews';

/** What the kiosk noticed during an interview (focus lost, display added, ...), for the recruiter and scoring. */
export const integrityEvents = sqliteTable(
  'integrity_events',
  {
    ...syncColumns(),
    interviewId: text('interview_id')
      .notNull()
      .references(() => interviews.id, { onDelete: 'cascade' }),
    // Typed for callers but not CHECKed: a new kind must not need a table rebuild.
    kind: text('kind', { enum: integrityEventKinds }).notNull(),
    occurredAt: text('occurred_at').notNull(),
    details: jsonText('integrity_events', 'details', integrityDetailsSchema),
  },
  (t) => [
    index('idx_integrity_events_interview_occurred').on(t.interviewId, t.occurredAt),
    check('integrity_events_kind_check', sql.raw(`length("kind") BETWEEN 1 AND 64`)),
    rowVersionCheck('integrity_events'),
  ],
);
