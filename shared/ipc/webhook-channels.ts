import { z } from 'zod';
import { webhookEventTypes } from '../domain/webhooks';
import { channel } from './channel';

/**
 * Webhooks to hiring systems (issue 21), for admins: subscriptions, their
 * secrets (shown once, when made or rotated; never again), a test event,
 * and the delivery log with "send again".
 */

const id = z.string().min(1).max(64);
const NAME_ERROR = 'A name is text of at most 100 characters.';
const URL_ERROR = 'The address is text of at most 2048 characters.';
const EVENTS_ERROR = 'Choose at least one event from the list.';

const name = z.string({ error: NAME_ERROR }).max(100, { error: NAME_ERROR });
const url = z.string({ error: URL_ERROR }).min(1, { error: 'Type the receiver’s address.' }).max(2048, { error: URL_ERROR });
const eventTypes = z.array(z.enum(webhookEventTypes, { error: EVENTS_ERROR }), { error: EVENTS_ERROR }).min(1, { error: EVENTS_ERROR }).max(webhookEventTypes.length, { error: EVENTS_ERROR });

export const webhookSubscriptionViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  eventTypes: z.array(z.string()),
  isActive: z.boolean(),
  /** Why the app turned it off (410 Gone, a day of failures); null when on, or an admin turned it off. */
  disabledReason: z.string().nullable(),
  failingSince: z.string().nullable(),
  /** sha256:… of the secret in force, to match against what the receiver holds; never the secret. */
  secretFingerprint: z.string(),
  secretGeneration: z.number().int(),
  /** While set and in the future, the previous secret signs too. */
  previousSecretUntil: z.string().nullable(),
  /** Whether this device delivers it (holds its key): only there can it be rotated or sent. */
  deliveredHere: z.boolean(),
  lastTriggeredAt: z.string().nullable(),
  createdAt: z.string(),
});
export type WebhookSubscriptionView = z.infer<typeof webhookSubscriptionViewSchema>;

export const webhookAttemptViewSchema = z.object({
  attempt: z.number().int(),
  attemptedAt: z.string(),
  outcome: z.enum(['delivered', 'retry', 'failed', 'gone']),
  statusCode: z.number().int().nullable(),
  latencyMs: z.number().int(),
  /** The receiver's reply, its first 512 bytes. */
  reply: z.string(),
  error: z.string().nullable(),
});

export const webhookDeliveryViewSchema = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string().nullable(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  /** Sent by an admin (send again, a test event) rather than by the event itself. */
  byAdmin: z.boolean(),
  tries: z.array(webhookAttemptViewSchema),
});
export type WebhookDeliveryView = z.infer<typeof webhookDeliveryViewSchema>;

/** A secret, with the subscription it signs for: the only answer that ever carries one. */
const withSecret = z.object({ subscription: webhookSubscriptionViewSchema, secret: z.string() });

export const webhookChannels = {
  'webhooks.list': channel({
    summary: 'Admin: the webhook subscriptions, and whether this device can deliver them.',
    access: ['admin'],
    input: z.strictObject({}),
    output: z.object({ canDeliver: z.boolean(), whyNot: z.string().nullable(), subscriptions: z.array(webhookSubscriptionViewSchema) }),
  }),
  'webhooks.create': channel({
    summary: 'Admin: a new subscription, delivered by this device; answers its signing secret, shown this once.',
    access: ['admin'],
    input: z.strictObject({ name, url, eventTypes }),
    output: withSecret,
  }),
  'webhooks.update': channel({
    summary: 'Admin: change a subscription’s name, address or events, or turn it on or off.',
    access: ['admin'],
    input: z.strictObject({ id, name: name.optional(), url: url.optional(), eventTypes: eventTypes.optional(), isActive: z.boolean().optional() }),
    output: webhookSubscriptionViewSchema,
  }),
  'webhooks.rotateSecret': channel({
    summary: 'Admin: a new signing secret, shown this once; the previous one keeps signing for the overlap (hours).',
    access: ['admin'],
    input: z.strictObject({ id, overlapHours: z.number({ error: 'The overlap is a whole number of hours from 0 to 168.' }).int().min(0).max(168) }),
    output: withSecret,
  }),
  'webhooks.delete': channel({
    summary: 'Admin: delete a subscription (its delivery log stays).',
    access: ['admin'],
    input: z.strictObject({ id }),
    output: z.object({ deleted: z.literal(true) }),
  }),
  'webhooks.sendTest': channel({
    summary: 'Admin: send a webhook.test event to this subscription now.',
    access: ['admin'],
    input: z.strictObject({ id }),
    output: z.object({ deliveryId: z.string() }),
  }),
  'webhooks.log': channel({
    summary: 'Admin: a subscription’s newest deliveries, each with every attempt and what the receiver answered.',
    access: ['admin'],
    input: z.strictObject({ id, limit: z.number().int().min(1).max(200).optional() }),
    output: z.object({ deliveries: z.array(webhookDeliveryViewSchema) }),
  }),
  'webhooks.sendAgain': channel({
    summary: 'Admin: send a delivered or failed event to its subscription once more, with the same event id.',
    access: ['admin'],
    input: z.strictObject({ deliveryId: id }),
    output: z.object({ deliveryId: z.string() }),
  }),
} as const;
