import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { jsonText } from '../json-column';
import { accommodationsSchema, sittingNotesSchema } from '../json-schemas';
import { candidates } from './candidates';
import { oneOf, rowVersionCheck, syncColumns } from './columns';
import { roleTypes, sittingEndReasons, sittingStatuses } from './enums';
import { interviews } from './interviews';
import { recruiters } from './recruiters';

/**
 * One candidate's proctored sitting at one kiosk (issue 17): who checked
 * their identity and how, the role chosen, the time spent paused, the
 * proctor's notes, and the interview taken in it. Not in the specification,
 * which has no proctor. `kiosk_id` is the install that held the sitting
 * (sync brings other kiosks' sittings too; each kiosk looks only at its own).
 */
export const proctorSittings = sqliteTable(
  'proctor_sittings',
  {
    ...syncColumns(),
    kioskId: text('kiosk_id').notNull(),
    candidateId: text('candidate_id')
      .notNull()
      .references(() => candidates.id),
    openedBy: text('opened_by')
      .notNull()
      .references(() => recruiters.id),
    roleType: text('role_type', { enum: roleTypes }).notNull(),
    identityCheck: text('identity_check').notNull(),
    identityConfirmedAt: text('identity_confirmed_at').notNull(),
    accommodations: jsonText('proctor_sittings', 'accommodations', accommodationsSchema).notNull(),
    status: text('status', { enum: sittingStatuses }).notNull().default('open'),
    openedAt: text('opened_at').notNull(),
    pausedAt: text('paused_at'),
    pausedMs: integer('paused_ms').notNull().default(0),
    lockReason: text('lock_reason'),
    interviewId: text('interview_id').references(() => interviews.id),
    notes: jsonText('proctor_sittings', 'notes', sittingNotesSchema).notNull(),
    endedAt: text('ended_at'),
    endedBy: text('ended_by').references(() => recruiters.id),
    endReason: text('end_reason', { enum: sittingEndReasons }),
  },
  (t) => [
    index('idx_proctor_sittings_kiosk_status').on(t.kioskId, t.status),
    index('idx_proctor_sittings_candidate').on(t.candidateId),
    index('idx_proctor_sittings_interview').on(t.interviewId),
    check('proctor_sittings_role_type_check', oneOf('role_type', roleTypes)),
    check('proctor_sittings_status_check', oneOf('status', sittingStatuses)),
    // NULL (not ended) passes a CHECK on both databases.
    check('proctor_sittings_end_reason_check', oneOf('end_reason', sittingEndReasons)),
    check('proctor_sittings_paused_ms_check', sql.raw('"paused_ms" >= 0')),
    check('proctor_sittings_identity_check_check', sql.raw('length("identity_check") BETWEEN 2 AND 200')),
    rowVersionCheck('proctor_sittings'),
  ],
);
