import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { jsonText } from '../json-column';
import { outboxPayloadSchema } from '../json-schemas';
import { isoNow, oneOf } from './columns';
import { outboxOperations } from './enums';

/**
 * Local changes waiting to be pushed, one row per write, appended in the same
 * transaction as the write (see outbox.ts). The autoincrement id is the
 * device's mutation order: upload replays in id order, and (device, id) makes
 * a replay idempotent on the server. An edit made by a named operation
 * keeps operation = 'upsert' (it changes a row that exists) with its name in
 * operation_name.
 */
export const syncOutbox = sqliteTable(
  'sync_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    operation: text('operation', { enum: outboxOperations }).notNull(),
    rowVersion: integer('row_version').notNull(),
    /** A named operation (named-operations.ts): the payload then holds the row's id and only the columns it changed. Null for a whole-row upsert or delete. */
    operationName: text('operation_name'),
    payload: jsonText('sync_outbox', 'payload', outboxPayloadSchema).notNull(),
    createdAt: text('created_at').notNull().default(isoNow),
    pushedAt: text('pushed_at'),
  },
  (t) => [
    index('idx_sync_outbox_pending').on(t.id).where(sql.raw('"pushed_at" IS NULL')),
    index('idx_sync_outbox_row').on(t.tableName, t.rowId),
    check('sync_outbox_operation_check', oneOf('operation', outboxOperations)),
    check('sync_outbox_row_version_check', sql.raw('"row_version" >= 1')),
  ],
);
