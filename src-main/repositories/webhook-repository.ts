import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { WebhookCandidate, WebhookEventType } from '../../shared/domain/webhooks';
import { systemClock, type Clock } from '../common/clock';
import type { AppDatabase, AppTransaction } from '../db/open-database';
import { applyOperation, deleteSynced, insertSynced, updateSynced } from '../db/outbox';
import { integrationWebhooks, webhookAttempts, webhookDeliveries, webhookEvents } from '../db/schema/index';
import type { WebhookAttemptOutcome, WebhookDeliveryStatus } from '../db/schema/webhook-deliveries';
import { inTransaction, type MaybeTransaction } from './transaction';

export type WebhookSubscriptionRecord = typeof integrationWebhooks.$inferSelect;
export type WebhookEventRecord = typeof webhookEvents.$inferSelect;
export type WebhookDeliveryRecord = typeof webhookDeliveries.$inferSelect;
export type WebhookAttemptRecord = typeof webhookAttempts.$inferSelect;

export interface NewWebhookSubscription {
  id: string;
  name: string;
  webhookUrl: string;
  webhookSecret: string;
  eventTypes: string[];
  deliveringDeviceId: string;
  createdBy: string | null;
}

export type WebhookSubscriptionChanges = Partial<
  Pick<
    WebhookSubscriptionRecord,
    'name' | 'webhookUrl' | 'eventTypes' | 'isActive' | 'webhookSecret' | 'secretGeneration' | 'previousSecretUntil' | 'deliveringDeviceId' | 'failingSince' | 'disabledReason' | 'lastTriggeredAt'
  >
>;

/** What a feature records when something a hiring system may want happens (issue 21). */
export interface WebhookEventInput {
  type: WebhookEventType;
  occurredAt: string;
  /** Whose event it is, so an erasure can reduce it to ids. */
  candidateId: string | null;
  data: Record<string, z.core.util.JSONType>;
}

/** The port features write events through, in the transaction of what they record. */
export type WebhookEventRecorder = Pick<WebhookRepository, 'recordEvent'>;

/**
 * An event about one candidate (every type but candidate.erased): `data`
 * opens with the candidate as a hiring system matches them, and the row
 * names them, so an erasure can reduce it to ids.
 */
export function candidateEvent(type: WebhookEventType, occurredAt: string, candidate: WebhookCandidate, data: WebhookEventInput['data']): WebhookEventInput {
  return { type, occurredAt, candidateId: candidate.id, data: { candidate: { id: candidate.id, fullName: candidate.fullName, email: candidate.email }, ...data } };
}

export interface NewWebhookAttempt {
  deliveryId: string;
  attempt: number;
  attemptedAt: string;
  outcome: WebhookAttemptOutcome;
  statusCode: number | null;
  latencyMs: number;
  reply: string;
  error: string | null;
}

/** The webhook tables (SQLite 0014): subscriptions, the events, and each delivery with its attempts. */
export class WebhookRepository {
  constructor(
    private readonly store: AppDatabase,
    private readonly clock: Clock = systemClock,
  ) {}

  createSubscription(values: NewWebhookSubscription, tx?: MaybeTransaction): WebhookSubscriptionRecord {
    return inTransaction(this.store, tx, (t) => insertSynced(t, integrationWebhooks, values, this.clock));
  }

  subscription(id: string): WebhookSubscriptionRecord | null {
    return this.store.db.select().from(integrationWebhooks).where(and(eq(integrationWebhooks.id, id), isNull(integrationWebhooks.deletedAt))).get() ?? null;
  }

  subscriptions(): WebhookSubscriptionRecord[] {
    return this.store.db.select().from(integrationWebhooks).where(isNull(integrationWebhooks.deletedAt)).orderBy(integrationWebhooks.createdAt, integrationWebhooks.id).all();
  }

  updateSubscription(id: string, changes: WebhookSubscriptionChanges, tx?: MaybeTransaction): WebhookSubscriptionRecord | null {
    return inTransaction(this.store, tx, (t) => applyOperation(t, 'webhook.update_subscription', integrationWebhooks, id, changes, this.clock) ?? null);
  }

  deleteSubscription(id: string): boolean {
    return this.store.db.transaction((t) => deleteSynced(t, integrationWebhooks, id, this.clock) !== undefined);
  }

  addEvent(event: { id?: string; type: string; occurredAt: string; candidateId: string | null; payload: string }, tx: AppTransaction): WebhookEventRecord {
    return insertSynced(tx, webhookEvents, event, this.clock);
  }

  recordEvent(event: WebhookEventInput, tx: AppTransaction): WebhookEventRecord {
    return this.addEvent({ type: event.type, occurredAt: event.occurredAt, candidateId: event.candidateId, payload: JSON.stringify(event.data) }, tx);
  }

  event(id: string): WebhookEventRecord | null {
    return this.store.db.select().from(webhookEvents).where(and(eq(webhookEvents.id, id), isNull(webhookEvents.deletedAt))).get() ?? null;
  }

  /**
   * Events a subscription this device delivers takes but has no delivery
   * for yet: of its types, and since it was made (a new subscription does
   * not replay the past). Oldest first, so a receiver sees them in order.
   */
  undelivered(deviceId: string, limit: number): { subscriptionId: string; eventId: string }[] {
    return this.store.db
      .select({ subscriptionId: integrationWebhooks.id, eventId: webhookEvents.id })
      .from(integrationWebhooks)
      .innerJoin(
        webhookEvents,
        and(
          sql`${webhookEvents.type} IN (SELECT value FROM json_each(${integrationWebhooks.eventTypes}))`,
          sql`${webhookEvents.occurredAt} >= ${integrationWebhooks.createdAt}`,
          isNull(webhookEvents.deletedAt),
        ),
      )
      .where(
        and(
          eq(integrationWebhooks.deliveringDeviceId, deviceId),
          eq(integrationWebhooks.isActive, true),
          isNull(integrationWebhooks.deletedAt),
          sql`NOT EXISTS (SELECT 1 FROM ${webhookDeliveries} d WHERE d.subscription_id = ${integrationWebhooks.id} AND d.event_id = ${webhookEvents.id})`,
        ),
      )
      .orderBy(webhookEvents.occurredAt, webhookEvents.id)
      .limit(limit)
      .all();
  }

  createDelivery(values: { subscriptionId: string; eventId: string; requestedBy: string | null }, tx: AppTransaction): WebhookDeliveryRecord {
    return insertSynced(tx, webhookDeliveries, { ...values, status: 'pending' }, this.clock);
  }

  delivery(id: string): WebhookDeliveryRecord | null {
    return this.store.db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.id, id), isNull(webhookDeliveries.deletedAt))).get() ?? null;
  }

  updateDelivery(
    id: string,
    changes: Partial<Pick<WebhookDeliveryRecord, 'status' | 'attempts' | 'firstAttemptAt' | 'lastAttemptAt' | 'nextAttemptAt' | 'deliveredAt' | 'lastError'>> & { status?: WebhookDeliveryStatus },
    tx: AppTransaction,
  ): WebhookDeliveryRecord | null {
    return updateSynced(tx, webhookDeliveries, id, changes, this.clock) ?? null;
  }

  addAttempt(attempt: NewWebhookAttempt, tx: AppTransaction): WebhookAttemptRecord {
    return insertSynced(tx, webhookAttempts, attempt, this.clock);
  }

  /** A subscription's newest deliveries with their events' types, and every attempt of each. */
  log(subscriptionId: string, limit: number): { delivery: WebhookDeliveryRecord; eventType: string | null; attempts: WebhookAttemptRecord[] }[] {
    const rows = this.store.db
      .select({ delivery: webhookDeliveries, eventType: webhookEvents.type })
      .from(webhookDeliveries)
      .leftJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
      .where(and(eq(webhookDeliveries.subscriptionId, subscriptionId), isNull(webhookDeliveries.deletedAt)))
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(limit)
      .all();
    const ids = rows.map((row) => row.delivery.id);
    const attempts = ids.length === 0 ? [] : this.store.db.select().from(webhookAttempts).where(inArray(webhookAttempts.deliveryId, ids)).orderBy(webhookAttempts.attempt).all();
    return rows.map((row) => ({ ...row, attempts: attempts.filter((attempt) => attempt.deliveryId === row.delivery.id) }));
  }
}
