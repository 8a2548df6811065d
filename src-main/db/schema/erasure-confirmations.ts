import { index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { rowVersionCheck, syncColumns } from './columns';
import { erasureRequests } from './erasure-requests';

/**
 * One device's (or the hosted database's) word that it carried out an
 * erasure request: which install, when, and how many items of each kind it
 * removed (JSON counts, src-main/erasure/removed-counts.ts). Written only
 * after the rows were gone AND the files deleted, so a confirmation is never
 * early. Synced: laptops show the receipt with every confirmation.
 */
export const erasureConfirmations = sqliteTable(
  'erasure_confirmations',
  {
    ...syncColumns(),
    requestId: text('request_id')
      .notNull()
      .references(() => erasureRequests.id),
    deviceId: text('device_id').notNull(),
    confirmedAt: text('confirmed_at').notNull(),
    removed: text('removed').notNull(),
  },
  (t) => [
    uniqueIndex('idx_erasure_confirmations_request_device').on(t.requestId, t.deviceId),
    index('idx_erasure_confirmations_request').on(t.requestId),
    rowVersionCheck('erasure_confirmations'),
  ],
);
