import type { WebhookDeliveryView, WebhookSubscriptionView } from '../../shared/ipc/webhook-channels';
import type { WebhookAttemptRecord, WebhookDeliveryRecord, WebhookSubscriptionRecord } from '../repositories/webhook-repository';

/** What an admin's window is shown of a subscription: never a secret, only its fingerprint. */
export function subscriptionView(record: WebhookSubscriptionRecord, deviceId: string): WebhookSubscriptionView {
  return {
    id: record.id,
    name: record.name,
    url: record.webhookUrl,
    eventTypes: record.eventTypes,
    isActive: record.isActive,
    disabledReason: record.disabledReason,
    failingSince: record.failingSince,
    secretFingerprint: record.webhookSecret,
    secretGeneration: record.secretGeneration,
    previousSecretUntil: record.previousSecretUntil,
    deliveredHere: record.deliveringDeviceId === deviceId,
    lastTriggeredAt: record.lastTriggeredAt,
    createdAt: record.createdAt,
  };
}

export function deliveryView(entry: { delivery: WebhookDeliveryRecord; eventType: string | null; attempts: WebhookAttemptRecord[] }): WebhookDeliveryView {
  const { delivery } = entry;
  return {
    id: delivery.id,
    eventId: delivery.eventId,
    eventType: entry.eventType,
    status: delivery.status,
    attempts: delivery.attempts,
    createdAt: delivery.createdAt,
    deliveredAt: delivery.deliveredAt,
    nextAttemptAt: delivery.nextAttemptAt,
    lastError: delivery.lastError,
    byAdmin: delivery.requestedBy !== null,
    tries: entry.attempts.map((attempt) => ({
      attempt: attempt.attempt,
      attemptedAt: attempt.attemptedAt,
      outcome: attempt.outcome,
      statusCode: attempt.statusCode,
      latencyMs: attempt.latencyMs,
      reply: attempt.reply,
      error: attempt.error,
    })),
  };
}
