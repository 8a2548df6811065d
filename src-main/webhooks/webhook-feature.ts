import type { Clock } from '../common/clock';
import type { AppDatabase } from '../db/open-database';
import type { JobHandler } from '../jobs/job-runner';
import type { Logger } from '../logging/logger-types';
import type { NetworkAccess } from '../providers/network/network';
import { WebhookPoster } from '../providers/webhook/webhook-poster';
import type { JobRepository } from '../repositories/job-repository';
import type { WebhookRepository } from '../repositories/webhook-repository';
import type { SecretStore } from '../secrets/secret-store';
import { WebhookDelivery, type WebhookDeliveryGate } from './webhook-delivery';
import { WebhookSecrets } from './webhook-secrets';
import { WebhookSubscriptions, type WebhookSubscriptionsDeps } from './webhook-subscriptions';

export interface WebhookFeatureDeps {
  database: AppDatabase;
  /** The one the features record events through (the composition root makes it first). */
  repository: WebhookRepository;
  jobs: JobRepository;
  secrets: Pick<SecretStore, 'get' | 'set'>;
  network: () => Promise<Pick<NetworkAccess, 'connect'>>;
  /** This install's id (the subscriptions it delivers name it). */
  deviceId: string;
  gate: WebhookDeliveryGate;
  canDeliver: WebhookSubscriptionsDeps['canDeliver'];
  /** Wakes the job runner after deliveries are queued, so they go at once. */
  wake: () => void;
  clock: Clock;
  logger: Logger;
  /** How often events that arrived by sync are looked for (besides after each pull). */
  planEveryMs?: number;
}

export interface WebhookFeature {
  subscriptions: WebhookSubscriptions;
  repository: WebhookRepository;
  /** This install's id: a subscription it delivers is `deliveredHere`. */
  deviceId: string;
  canDeliver: WebhookSubscriptionsDeps['canDeliver'];
  jobHandlers(): Record<string, JobHandler>;
  /** Queues deliveries for new events (after a pull, after a local event); never throws. */
  plan(): void;
  start(): void;
  close(): void;
}

/** Issue 21's parts joined: the composition root makes one. */
export function createWebhookFeature(deps: WebhookFeatureDeps): WebhookFeature {
  const { repository } = deps;
  const secrets = new WebhookSecrets(deps.secrets);
  const delivery = new WebhookDelivery({
    database: deps.database,
    webhooks: repository,
    jobs: deps.jobs,
    secrets,
    poster: new WebhookPoster({ network: deps.network }),
    deviceId: deps.deviceId,
    clock: deps.clock,
    logger: deps.logger,
    gate: deps.gate,
  });
  const plan = () => {
    try {
      if (delivery.plan() > 0) deps.wake();
    } catch (error) {
      deps.logger.error('webhook deliveries could not be planned', { error: error instanceof Error ? error.message : String(error) });
    }
  };
  const subscriptions = new WebhookSubscriptions({
    database: deps.database,
    webhooks: repository,
    delivery: {
      queue: (...args) => {
        const queued = delivery.queue(...args);
        // After the caller's transaction commits, the runner finds it.
        queueMicrotask(deps.wake);
        return queued;
      },
      plan,
    },
    secrets,
    deviceId: deps.deviceId,
    clock: deps.clock,
    logger: deps.logger,
    canDeliver: deps.canDeliver,
  });
  let timer: NodeJS.Timeout | null = null;
  return {
    subscriptions,
    repository,
    deviceId: deps.deviceId,
    canDeliver: deps.canDeliver,
    jobHandlers: () => delivery.jobHandlers(),
    plan,
    start() {
      plan();
      timer = setInterval(plan, deps.planEveryMs ?? 60_000);
      timer.unref();
    },
    close() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
