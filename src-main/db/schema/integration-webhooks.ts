import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { jsonText } from '../json-column';
import { eventTypesSchema } from '../json-schemas';
import { rowVersionCheck, syncColumns } from './columns';

/** ATS/HRIS webhooks (Epic 5 in the specification); the table exists so sync has it from the start. */
export const integrationWebhooks = sqliteTable(
  'integration_webhooks',
  {
    ...syncColumns(),
    organizationId: text('organization_id'),
    webhookUrl: text('webhook_url').notNull(),
    webhookSecret: text('webhook_secret').notNull(),
    eventTypes: jsonText('integration_webhooks', 'event_types', eventTypesSchema).notNull(),
    isActive: integer('is_active', { mode: 'boolean' }).notNull().default(true),
    lastTriggeredAt: text('last_triggered_at'),
  },
  (t) => [
    index('idx_integration_webhooks_organization_id').on(t.organizationId),
    rowVersionCheck('integration_webhooks'),
  ],
);
