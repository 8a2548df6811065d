import { z } from 'zod';
import { WEBHOOK_TEST_EVENT, webhookEventTypes } from '../../shared/domain/webhooks';
import { AppFailure } from '../common/app-failure';
import type { Clock } from '../common/clock';
import type { AppDatabase } from '../db/open-database';
import { newId } from '../db/ids';
import type { Logger } from '../logging/logger-types';
import { webhookUrlProblem } from '../providers/webhook/webhook-address';
import type { WebhookRepository, WebhookSubscriptionRecord } from '../repositories/webhook-repository';
import type { WebhookDelivery } from './webhook-delivery';
import { secretFingerprint, type WebhookSecrets } from './webhook-secrets';

export interface WebhookSubscriptionsDeps {
  database: AppDatabase;
  webhooks: WebhookRepository;
  /** Queues one delivery in the caller's transaction; plans the events a subscription turned on again takes. */
  delivery: { queue: WebhookDelivery['queue']; plan: () => void };
  secrets: WebhookSecrets;
  deviceId: string;
  clock: Clock;
  logger: Logger;
  /**
   * Whether this device may deliver: on a synced fleet only a laptop pulls
   * every device's events; a kiosk that syncs would see only its own.
   */
  canDeliver: () => { ok: true } | { ok: false; why: string };
}

export interface NewSubscriptionInput {
  name: string;
  url: string;
  eventTypes: readonly string[];
}

/** How long the previous secret still signs after a rotation, unless the admin says otherwise. */
export const DEFAULT_OVERLAP_HOURS = 24;

const eventTypesInput = z.array(z.enum(webhookEventTypes)).min(1, { error: 'Choose at least one event to send.' });

/**
 * Admins' subscriptions (issue 21, point 1): made on the device that will
 * deliver them, the secret shown once (at creation and after a rotation)
 * and derived from this device's keychain key, never stored; a rotation
 * keeps the previous secret signing for an overlap the admin chooses.
 */
export class WebhookSubscriptions {
  constructor(private readonly deps: WebhookSubscriptionsDeps) {}

  list(): WebhookSubscriptionRecord[] {
    return this.deps.webhooks.subscriptions();
  }

  async create(input: NewSubscriptionInput, by: string | null): Promise<{ subscription: WebhookSubscriptionRecord; secret: string }> {
    this.requireDeliveringDevice();
    const url = checkedUrl(input.url);
    const eventTypes = checkedEvents(input.eventTypes);
    const id = newId();
    const secret = await this.deps.secrets.forNewSubscription(id);
    const subscription = this.deps.webhooks.createSubscription({
      id,
      name: input.name.trim(),
      webhookUrl: url,
      webhookSecret: secretFingerprint(secret),
      eventTypes,
      deliveringDeviceId: this.deps.deviceId,
      createdBy: by,
    });
    this.deps.logger.info('webhook subscription created', { subscriptionId: id, by, events: eventTypes });
    return { subscription, secret };
  }

  update(id: string, changes: { name?: string; url?: string; eventTypes?: readonly string[]; isActive?: boolean }): WebhookSubscriptionRecord {
    const current = this.existing(id);
    const next = this.deps.webhooks.updateSubscription(current.id, {
      ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
      ...(changes.url !== undefined ? { webhookUrl: checkedUrl(changes.url) } : {}),
      ...(changes.eventTypes !== undefined ? { eventTypes: checkedEvents(changes.eventTypes) } : {}),
      // Turned on again: the failing mark and the app's reason go, so the next failure counts its day afresh.
      ...(changes.isActive === true ? { isActive: true, failingSince: null, disabledReason: null } : changes.isActive === false ? { isActive: false, disabledReason: null } : {}),
    });
    if (!next) throw new AppFailure('not_found', 'That subscription no longer exists.');
    if (changes.isActive === true) this.deps.delivery.plan();
    return next;
  }

  /**
   * A new secret, shown once; the previous one keeps signing for
   * `overlapHours` (0 to 168), so the receiver can switch without losing a
   * delivery. Only the delivering device can: it alone can make the
   * previous secret again.
   */
  async rotate(id: string, overlapHours = DEFAULT_OVERLAP_HOURS): Promise<{ subscription: WebhookSubscriptionRecord; secret: string }> {
    const current = this.existing(id);
    if (current.deliveringDeviceId !== this.deps.deviceId) {
      throw new AppFailure('conflict', 'Another device delivers this subscription and holds its key: rotate the secret there.');
    }
    if (!Number.isInteger(overlapHours) || overlapHours < 0 || overlapHours > 168) throw new AppFailure('invalid_input', 'The overlap is a whole number of hours from 0 to 168.');
    const generation = current.secretGeneration + 1;
    await this.deps.secrets.replaceKeyIfMissing();
    const secret = await this.deps.secrets.secret(id, generation);
    const until = overlapHours > 0 ? new Date(this.deps.clock.now().getTime() + overlapHours * 3_600_000).toISOString() : null;
    const subscription = this.deps.webhooks.updateSubscription(id, { secretGeneration: generation, previousSecretUntil: until, webhookSecret: secretFingerprint(secret) });
    if (!subscription) throw new AppFailure('not_found', 'That subscription no longer exists.');
    this.deps.logger.info('webhook secret rotated', { subscriptionId: id, generation, overlapHours });
    return { subscription, secret };
  }

  remove(id: string): void {
    if (!this.deps.webhooks.deleteSubscription(this.existing(id).id)) throw new AppFailure('not_found', 'That subscription no longer exists.');
    this.deps.logger.info('webhook subscription deleted', { subscriptionId: id });
  }

  /** A webhook.test event to this subscription alone, whatever it subscribes to: for the admin to see the receiver answer. */
  sendTest(id: string, by: string | null): string {
    const subscription = this.existing(id);
    this.requireDeliveringDevice(subscription);
    const occurredAt = this.deps.clock.now().toISOString();
    return this.deps.database.db.transaction((tx) => {
      const event = this.deps.webhooks.addEvent(
        { type: WEBHOOK_TEST_EVENT, occurredAt, candidateId: null, payload: JSON.stringify({ subscription: subscription.name || subscription.id, message: 'A test event from Teamified Kiosk.' }) },
        tx,
      );
      return this.deps.delivery.queue(subscription.id, event.id, by, tx).id;
    });
  }

  /** The same event once more, with the same webhook-id, so a receiver that has it already can tell. */
  sendAgain(deliveryId: string, by: string | null): string {
    const previous = this.deps.webhooks.delivery(deliveryId);
    if (!previous) throw new AppFailure('not_found', 'That delivery no longer exists.');
    const subscription = this.existing(previous.subscriptionId);
    this.requireDeliveringDevice(subscription);
    if (!subscription.isActive) throw new AppFailure('conflict', 'The subscription is turned off: turn it on first.');
    if (!this.deps.webhooks.event(previous.eventId)) throw new AppFailure('not_found', 'The event was erased, so it cannot be sent again.');
    return this.deps.database.db.transaction((tx) => this.deps.delivery.queue(subscription.id, previous.eventId, by, tx).id);
  }

  private existing(id: string): WebhookSubscriptionRecord {
    const subscription = this.deps.webhooks.subscription(id);
    if (!subscription) throw new AppFailure('not_found', 'That subscription no longer exists.');
    return subscription;
  }

  private requireDeliveringDevice(subscription?: WebhookSubscriptionRecord): void {
    const allowed = this.deps.canDeliver();
    if (!allowed.ok) throw new AppFailure('conflict', allowed.why);
    if (subscription && subscription.deliveringDeviceId !== this.deps.deviceId) {
      throw new AppFailure('conflict', 'Another device delivers this subscription: send from there.');
    }
  }
}

function checkedUrl(text: string): string {
  const problem = webhookUrlProblem(text);
  if (problem) throw new AppFailure('invalid_input', problem, { url: problem });
  return new URL(text.trim()).toString();
}

function checkedEvents(types: readonly string[]): string[] {
  const parsed = eventTypesInput.safeParse(types);
  if (!parsed.success) throw new AppFailure('invalid_input', parsed.error.issues[0]?.message ?? 'Choose the events to send.', { eventTypes: 'Choose events from the list.' });
  return [...new Set(parsed.data)];
}
