import { sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { isoNow } from './columns';

/** Small key/value store for sync bookkeeping (pull checkpoint, device id, last push). */
export const syncState = sqliteTable('sync_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: text('updated_at').notNull().default(isoNow),
});
