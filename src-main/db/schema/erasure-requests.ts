import { sql } from 'drizzle-orm';
import { check, index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { erasureRequesters } from '../../../shared/domain/erasure';
import { oneOf, rowVersionCheck, syncColumns } from './columns';

/**
 * A candidate's erasure request (issue 18, point 4): whose data, who asked
 * (an admin by staff id, or the candidate), when, on which install, and the
 * kinds it removes. Half of the receipt (erasure_confirmations is the
 * other): it holds no name, email or content. Synced to every device, kiosks
 * too, since each removes what it holds at its next sync.
 *
 * candidate_id has no foreign key on purpose: a kiosk that never saw the
 * candidate still receives the request (and confirms it removed nothing),
 * and a foreign key would park it forever waiting for a parent it will
 * never get.
 */
export const erasureRequests = sqliteTable(
  'erasure_requests',
  {
    ...syncColumns(),
    candidateId: text('candidate_id').notNull(),
    requestedBy: text('requested_by', { enum: erasureRequesters }).notNull(),
    requestedByStaffId: text('requested_by_staff_id'),
    requestedAt: text('requested_at').notNull(),
    requestedOn: text('requested_on').notNull(),
    // Comma-separated erasedKinds, in their order: a list, not a table, as it never changes after the request.
    kinds: text('kinds').notNull(),
  },
  (t) => [
    index('idx_erasure_requests_candidate').on(t.candidateId),
    check('erasure_requests_requested_by_check', oneOf('requested_by', erasureRequesters)),
    check('erasure_requests_staff_check', sql.raw(`("requested_by" = 'admin') = ("requested_by_staff_id" IS NOT NULL)`)),
    rowVersionCheck('erasure_requests'),
  ],
);
