import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Ids of rows an erasure removed or emptied on this device, so a pulled row
 * that names one (the row itself, or its candidate, interview, resume or
 * session) is refused rather than bringing content back. Ids only: random
 * UUIDs, no personal data. Device-local bookkeeping, not synced; the hosted
 * database keeps its own (sync.erased_rows).
 */
export const erasedRows = sqliteTable('erased_rows', {
  rowId: text('row_id').primaryKey(),
  tableName: text('table_name').notNull(),
  requestId: text('request_id').notNull(),
});

/**
 * How far this device is with each erasure request it has started: what it
 * removed (counts) and the content-store files still to delete (relative
 * paths; a delete that failed is tried again). finished_at is set, with the
 * confirmation, once no file is left. Device-local.
 */
export const erasureProgress = sqliteTable('erasure_progress', {
  requestId: text('request_id').primaryKey(),
  removed: text('removed').notNull(),
  pendingFiles: text('pending_files').notNull(),
  startedAt: text('started_at').notNull(),
  finishedAt: text('finished_at'),
});
