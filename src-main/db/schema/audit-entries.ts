import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { rowVersionCheck, syncColumns } from './columns';

/**
 * The audit trail of every AI output (issue 18, point 3): one row per model
 * call, per finished assessment, and per retention prune, hash-chained per
 * device (src-main/audit/chain.ts). Rows are only ever added. The payload
 * holds hashes, ids, model names and counts, never a candidate's words or
 * audio, so the trail is no second copy of personal data.
 *
 * interview_id has no foreign key on purpose: erasing an interview must not
 * cascade into the trail, or erasure would break every device's chain.
 */
export const auditEntries = sqliteTable(
  'audit_entries',
  {
    ...syncColumns(),
    // The install that wrote the entry (sync_state's install id); each device has its own chain.
    deviceId: text('device_id').notNull(),
    sequence: integer('sequence').notNull(),
    // Not CHECKed against the list: a new kind of entry must not need a table rebuild.
    kind: text('kind').notNull(),
    interviewId: text('interview_id'),
    // Canonical JSON text, exactly as hashed (never re-serialised: a reordered key would break the seal).
    payload: text('payload').notNull(),
    prevHash: text('prev_hash').notNull(),
    entryHash: text('entry_hash').notNull(),
  },
  (t) => [
    uniqueIndex('idx_audit_entries_device_sequence').on(t.deviceId, t.sequence),
    index('idx_audit_entries_interview').on(t.interviewId),
    index('idx_audit_entries_created_at').on(t.createdAt),
    check('audit_entries_sequence_check', sql.raw('"sequence" >= 1')),
    check('audit_entries_kind_check', sql.raw('length("kind") BETWEEN 1 AND 32')),
    check('audit_entries_hashes_check', sql.raw('length("prev_hash") = 64 AND length("entry_hash") = 64')),
    rowVersionCheck('audit_entries'),
  ],
);
