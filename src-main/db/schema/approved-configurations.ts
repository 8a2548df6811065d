import { sql } from 'drizzle-orm';
import { check, index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { jsonText } from '../json-column';
import { configurationSummarySchema } from '../json-schemas';
import { rowVersionCheck, syncColumns } from './columns';

/**
 * A configuration IT approved (npm run cli -- hosted-db approve-configuration),
 * written only by the hosted database and pulled by laptops; a withdrawn
 * approval is a tombstone. The summary is kept so an interview under another
 * key can be told what differed from the nearest approved one.
 */
export const approvedConfigurations = sqliteTable(
  'approved_configurations',
  {
    ...syncColumns(),
    configurationKey: text('configuration_key').notNull(),
    configuration: jsonText('approved_configurations', 'configuration', configurationSummarySchema).notNull(),
    note: text('note').notNull().default(''),
    approvedAt: text('approved_at').notNull(),
  },
  (t) => [
    index('idx_approved_configurations_key').on(t.configurationKey),
    check('approved_configurations_key_check', sql.raw(`length("configuration_key") = 64`)),
    check('approved_configurations_note_check', sql.raw(`length("note") <= 500`)),
    rowVersionCheck('approved_configurations'),
  ],
);
