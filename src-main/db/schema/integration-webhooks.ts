import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { jsonText } from '../json-column';
import { eventTypesSchema } from '../json-schemas';
import { rowVersionCheck, syncColumns } from './columns';

/**
 * Webhook subscriptions (issue 21; the specification's Epic 5 table). The
 * signing secret is never here: webhook_secret holds its fingerprint
 * ("sha256:…", for an admin to match against what the receiver holds), and
 * the secret itself is derived on the delivering device from a key in that
 * device's keychain and the secret's generation (src-main/webhooks/webhook-secrets.ts).
 */
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
    /** What the admin calls it ("Greenhouse"). */
    name: text('name').notNull().default(''),
    /** Bumped by each rotation; the secret of generation n is derived from the device's key. */
    secretGeneration: integer('secret_generation').notNull().default(1),
    /** Until then, deliveries are signed with the previous generation's secret too. */
    previousSecretUntil: text('previous_secret_until'),
    /** The install (sync_state's install id) that holds the key and delivers: one per subscription. */
    deliveringDeviceId: text('delivering_device_id'),
    /** The first failure since the last success; a day of failing turns the subscription off. */
    failingSince: text('failing_since'),
    /** Why it was turned off by the app (410 Gone, a day of failures); null when an admin turned it off, or it is on. */
    disabledReason: text('disabled_reason'),
    createdBy: text('created_by'),
  },
  (t) => [
    index('idx_integration_webhooks_organization_id').on(t.organizationId),
    rowVersionCheck('integration_webhooks'),
  ],
);
