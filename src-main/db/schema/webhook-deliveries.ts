import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { oneOf, rowVersionCheck, syncColumns } from './columns';

/**
 * Things that happened which a hiring system may want (issue 21): written
 * in the transaction of what they record, on whichever device it happened,
 * and synced, so the device that delivers a subscription sees every one.
 * payload is the event's `data` as JSON text; candidate_id lets erasure
 * reduce a candidate's events to ids.
 */
export const webhookEvents = sqliteTable(
  'webhook_events',
  {
    ...syncColumns(),
    type: text('type').notNull(),
    occurredAt: text('occurred_at').notNull(),
    candidateId: text('candidate_id'),
    payload: text('payload').notNull(),
  },
  (t) => [
    index('idx_webhook_events_occurred_at').on(t.occurredAt),
    index('idx_webhook_events_candidate').on(t.candidateId),
    check('webhook_events_type_check', sql.raw('length("type") BETWEEN 1 AND 64')),
    rowVersionCheck('webhook_events'),
  ],
);

export const webhookDeliveryStatuses = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];

/** One event on its way to one subscription; "send again" adds another for the same pair. */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    ...syncColumns(),
    subscriptionId: text('subscription_id').notNull(),
    eventId: text('event_id').notNull(),
    status: text('status', { enum: webhookDeliveryStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    firstAttemptAt: text('first_attempt_at'),
    lastAttemptAt: text('last_attempt_at'),
    nextAttemptAt: text('next_attempt_at'),
    deliveredAt: text('delivered_at'),
    lastError: text('last_error'),
    /** The admin who asked for it (send again, test event); null when the event itself queued it. */
    requestedBy: text('requested_by'),
  },
  (t) => [
    index('idx_webhook_deliveries_subscription').on(t.subscriptionId, t.createdAt),
    index('idx_webhook_deliveries_event').on(t.eventId),
    check('webhook_deliveries_status_check', oneOf('status', webhookDeliveryStatuses)),
    check('webhook_deliveries_attempts_check', sql.raw('"attempts" >= 0')),
    rowVersionCheck('webhook_deliveries'),
  ],
);

export const webhookAttemptOutcomes = ['delivered', 'retry', 'failed', 'gone'] as const;
export type WebhookAttemptOutcome = (typeof webhookAttemptOutcomes)[number];

/** The delivery log: every attempt, what the receiver answered and how long it took. Never the body or a secret. */
export const webhookAttempts = sqliteTable(
  'webhook_attempts',
  {
    ...syncColumns(),
    deliveryId: text('delivery_id').notNull(),
    attempt: integer('attempt').notNull(),
    attemptedAt: text('attempted_at').notNull(),
    outcome: text('outcome', { enum: webhookAttemptOutcomes }).notNull(),
    statusCode: integer('status_code'),
    latencyMs: integer('latency_ms').notNull(),
    /** The reply's first 512 bytes, as text. */
    reply: text('reply').notNull().default(''),
    error: text('error'),
  },
  (t) => [
    index('idx_webhook_attempts_delivery').on(t.deliveryId, t.attempt),
    check('webhook_attempts_outcome_check', oneOf('outcome', webhookAttemptOutcomes)),
    check('webhook_attempts_reply_check', sql.raw('length("reply") <= 512')),
    rowVersionCheck('webhook_attempts'),
  ],
);
