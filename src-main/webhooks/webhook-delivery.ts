import { randomInt } from 'node:crypto';
import type { Clock } from '../common/clock';
import type { AppDatabase, AppTransaction } from '../db/open-database';
import { PermanentJobError, type JobHandler, type JobOutcome } from '../jobs/job-runner';
import { payloadString } from '../jobs/job-payload';
import type { Logger } from '../logging/logger-types';
import type { PostOutcome, WebhookPoster } from '../providers/webhook/webhook-poster';
import { webhookHeaders } from '../providers/webhook/webhook-signature';
import type { JobRecord, JobRepository } from '../repositories/job-repository';
import type { WebhookDeliveryRecord, WebhookEventRecord, WebhookRepository, WebhookSubscriptionRecord } from '../repositories/webhook-repository';
import { RETRY_WINDOW_MS, verdictFor, type AttemptVerdict } from './retry-rules';
import { WebhookKeyMissingError, type WebhookSecrets } from './webhook-secrets';

export const DELIVER_WEBHOOK_JOB = 'webhook.deliver';
const dedupeKey = (deliveryId: string) => `${DELIVER_WEBHOOK_JOB}:${deliveryId}`;
/** The job's own tries are not the retry schedule (retry-rules is); these only cover the app failing mid-attempt. */
const JOB_ATTEMPTS = 5;

/**
 * Which device sends an event to a subscription when more than one might
 * (the delivering device was replaced while the old one still had it
 * queued): 'claimed' (this device), 'taken' (another), 'standalone' (no sync).
 * Throws JobNotReadyError while the referee cannot be reached.
 */
export interface WebhookDeliveryGate {
  claim(subscriptionId: string, eventId: string): Promise<'claimed' | 'taken' | 'standalone'>;
}

export interface WebhookDeliveryDeps {
  database: AppDatabase;
  webhooks: WebhookRepository;
  jobs: JobRepository;
  secrets: WebhookSecrets;
  poster: Pick<WebhookPoster, 'post'>;
  /** This install's id: the subscriptions it delivers name it. */
  deviceId: string;
  clock: Clock;
  logger: Logger;
  gate?: WebhookDeliveryGate;
  /** 0 ≤ n < 1, for the retry jitter; tests fix it. */
  random?: () => number;
}

/**
 * Issue 21, point 2: each event on its way to each subscription is a
 * delivery row and a persisted job. An attempt is signed afresh (the
 * webhook-timestamp is the attempt's), keeps the event's id as webhook-id,
 * is logged with what the receiver answered, and is followed by what the
 * retry rules say: delivered, a retry at its time (the job rescheduled), or
 * given up. A subscription whose deliveries fail for a day, or that the
 * receiver answers 410, is turned off with the reason for admins.
 */
export class WebhookDelivery {
  private readonly random: () => number;

  constructor(private readonly deps: WebhookDeliveryDeps) {
    this.random = deps.random ?? (() => randomInt(1_000_000) / 1_000_000);
  }

  jobHandlers(): Record<string, JobHandler> {
    return { [DELIVER_WEBHOOK_JOB]: { run: (job) => this.attempt(job), onGiveUp: (job, error, tx) => this.gaveUp(job, error, tx) } };
  }

  /** A delivery and its job, in the caller's transaction. */
  queue(subscriptionId: string, eventId: string, requestedBy: string | null, tx: AppTransaction): WebhookDeliveryRecord {
    const delivery = this.deps.webhooks.createDelivery({ subscriptionId, eventId, requestedBy }, tx);
    this.deps.jobs.enqueue({ kind: DELIVER_WEBHOOK_JOB, payload: { deliveryId: delivery.id }, dedupeKey: dedupeKey(delivery.id), maxAttempts: JOB_ATTEMPTS }, tx);
    return delivery;
  }

  /** Deliveries for every event a subscription this device delivers has not had yet; returns how many were queued. */
  plan(limit = 200): number {
    const due = this.deps.webhooks.undelivered(this.deps.deviceId, limit);
    if (due.length === 0) return 0;
    this.deps.database.db.transaction((tx) => {
      for (const { subscriptionId, eventId } of due) this.queue(subscriptionId, eventId, null, tx);
    });
    this.deps.logger.info('webhook deliveries queued', { count: due.length });
    return due.length;
  }

  private async attempt(job: JobRecord): Promise<JobOutcome | void> {
    const deliveryId = payloadString(job, 'deliveryId');
    const delivery = this.deps.webhooks.delivery(deliveryId);
    if (!delivery) throw new PermanentJobError('The webhook delivery no longer exists.');
    if (delivery.status !== 'pending') return;
    const subscription = this.deps.webhooks.subscription(delivery.subscriptionId);
    const stopped = whyNotSent(subscription, this.deps.deviceId);
    if (stopped) return { commit: (tx) => void this.deps.webhooks.updateDelivery(deliveryId, { status: 'failed', lastError: stopped, nextAttemptAt: null }, tx) };
    const event = this.deps.webhooks.event(delivery.eventId);
    if (!event) return { commit: (tx) => void this.deps.webhooks.updateDelivery(deliveryId, { status: 'failed', lastError: 'The event was erased before it was sent.', nextAttemptAt: null }, tx) };
    const live = subscription as WebhookSubscriptionRecord;

    // A manual send (send again, a test event) is the admin's own; an automatic one is claimed, so two devices never both send it.
    if (delivery.requestedBy === null && delivery.attempts === 0 && this.deps.gate) {
      const claim = await this.deps.gate.claim(live.id, event.id);
      if (claim === 'taken') {
        this.deps.logger.info('webhook event is sent by another device', { deliveryId, subscriptionId: live.id });
        return { commit: (tx) => void this.deps.webhooks.updateDelivery(deliveryId, { status: 'failed', lastError: 'Another device sends this event to this subscription.', nextAttemptAt: null }, tx) };
      }
    }

    const now = this.deps.clock.now().getTime();
    let secrets: string[];
    try {
      secrets = await this.signingSecrets(live, now);
    } catch (error) {
      // Retrying cannot bring a lost key back: the delivery says what the admin must do.
      if (!(error instanceof WebhookKeyMissingError)) throw error;
      return { commit: (tx) => void this.deps.webhooks.updateDelivery(deliveryId, { status: 'failed', lastError: error.message, nextAttemptAt: null }, tx) };
    }
    const body = bodyOf(event);
    const headers = webhookHeaders({ id: event.id, timestampSeconds: Math.floor(now / 1000), body, secrets });
    const outcome = await this.deps.poster.post(live.webhookUrl, headers, body);

    const attemptNo = delivery.attempts + 1;
    const firstAttemptAt = delivery.firstAttemptAt ? Date.parse(delivery.firstAttemptAt) : now;
    const verdict = verdictFor(outcome, { attempt: attemptNo, firstAttemptAt, now, random: this.random() });
    this.deps.logger.info('webhook attempt', { deliveryId, subscriptionId: live.id, attempt: attemptNo, outcome: verdict.kind, status: outcome.kind === 'response' ? outcome.status : outcome.kind });
    const at = new Date(now).toISOString();
    const nextAt = verdict.kind === 'retry' ? new Date(now + verdict.afterMs).toISOString() : null;
    const commit = (tx: AppTransaction) => {
      this.deps.webhooks.addAttempt(
        {
          deliveryId,
          attempt: attemptNo,
          attemptedAt: at,
          outcome: verdict.kind,
          statusCode: outcome.kind === 'response' ? outcome.status : null,
          latencyMs: outcome.latencyMs,
          reply: outcome.kind === 'response' ? outcome.reply : '',
          error: verdict.kind === 'delivered' ? null : reasonOf(verdict, outcome),
        },
        tx,
      );
      this.deps.webhooks.updateDelivery(
        deliveryId,
        {
          attempts: attemptNo,
          firstAttemptAt: new Date(firstAttemptAt).toISOString(),
          lastAttemptAt: at,
          nextAttemptAt: nextAt,
          status: verdict.kind === 'delivered' ? 'delivered' : verdict.kind === 'retry' ? 'pending' : 'failed',
          deliveredAt: verdict.kind === 'delivered' ? at : null,
          lastError: verdict.kind === 'delivered' ? null : reasonOf(verdict, outcome),
        },
        tx,
      );
      this.recordHealth(live, verdict, now, tx);
    };
    return nextAt ? { commit, rescheduleAt: nextAt } : { commit };
  }

  /** The current generation's secret, and the previous one's while the rotation's overlap lasts. */
  private async signingSecrets(subscription: WebhookSubscriptionRecord, now: number): Promise<string[]> {
    const current = await this.deps.secrets.secret(subscription.id, subscription.secretGeneration);
    const overlap = subscription.previousSecretUntil !== null && Date.parse(subscription.previousSecretUntil) > now && subscription.secretGeneration > 1;
    return overlap ? [current, await this.deps.secrets.secret(subscription.id, subscription.secretGeneration - 1)] : [current];
  }

  /** A success clears the failing mark; a day of failures, or 410 Gone, turns the subscription off with the reason. */
  private recordHealth(subscription: WebhookSubscriptionRecord, verdict: AttemptVerdict, now: number, tx: AppTransaction): void {
    const at = new Date(now).toISOString();
    if (verdict.kind === 'delivered') {
      this.deps.webhooks.updateSubscription(subscription.id, { failingSince: null, lastTriggeredAt: at }, tx);
      return;
    }
    if (verdict.kind === 'gone') {
      this.deps.webhooks.updateSubscription(subscription.id, { isActive: false, disabledReason: verdict.reason, lastTriggeredAt: at }, tx);
      this.deps.logger.warn('webhook subscription turned off: the receiver answered 410 Gone', { subscriptionId: subscription.id });
      return;
    }
    const since = subscription.failingSince ?? at;
    if (now - Date.parse(since) >= RETRY_WINDOW_MS) {
      this.deps.webhooks.updateSubscription(
        subscription.id,
        { isActive: false, failingSince: since, lastTriggeredAt: at, disabledReason: `Every delivery has failed since ${since}, so the subscription was turned off. Check the receiver, then turn it on again.` },
        tx,
      );
      this.deps.logger.warn('webhook subscription turned off after a day of failures', { subscriptionId: subscription.id });
      return;
    }
    this.deps.webhooks.updateSubscription(subscription.id, { failingSince: since, lastTriggeredAt: at }, tx);
  }

  /** The app failed mid-attempt more than the job allows (not the receiver: that is the retry rules'): said on the delivery. */
  private gaveUp(job: JobRecord, error: unknown, tx: AppTransaction): void {
    const deliveryId = typeof job.payload.deliveryId === 'string' ? job.payload.deliveryId : null;
    if (!deliveryId) return;
    const message = error instanceof Error ? error.message : String(error);
    this.deps.webhooks.updateDelivery(deliveryId, { status: 'failed', lastError: message, nextAttemptAt: null }, tx);
  }
}

/** Why a delivery stops before it is tried; null when it may be sent. */
function whyNotSent(subscription: WebhookSubscriptionRecord | null, deviceId: string): string | null {
  if (!subscription) return 'The subscription was deleted.';
  if (!subscription.isActive) return subscription.disabledReason ?? 'The subscription is turned off.';
  if (subscription.deliveringDeviceId !== deviceId) return 'Another device delivers this subscription now.';
  return null;
}

/** The body as the receiver gets it: the specification's shape, the event's data as it was recorded. */
export function bodyOf(event: WebhookEventRecord): string {
  return `{"id":${JSON.stringify(event.id)},"type":${JSON.stringify(event.type)},"timestamp":${JSON.stringify(event.occurredAt)},"data":${event.payload}}`;
}

function reasonOf(verdict: AttemptVerdict, outcome: PostOutcome): string {
  if (verdict.kind === 'delivered') return '';
  return verdict.reason || (outcome.kind === 'response' ? `The receiver answered ${outcome.status}.` : outcome.message);
}
