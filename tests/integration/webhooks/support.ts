import { join } from 'node:path';
import { networkSettingsSchema } from '../../../shared/domain/settings';
import { JobRunner } from '../../../src-main/jobs/job-runner';
import { Network } from '../../../src-main/providers/network/network';
import { WebhookPoster } from '../../../src-main/providers/webhook/webhook-poster';
import { JobRepository } from '../../../src-main/repositories/job-repository';
import { WebhookRepository } from '../../../src-main/repositories/webhook-repository';
import { MemorySecretStore } from '../../../src-main/secrets/memory-secret-store';
import { WebhookDelivery, type WebhookDeliveryGate } from '../../../src-main/webhooks/webhook-delivery';
import { WebhookSecrets } from '../../../src-main/webhooks/webhook-secrets';
import { WebhookSubscriptions } from '../../../src-main/webhooks/webhook-subscriptions';
import { recordingLogger, useTempDirs } from '../db/support';
import { FakeClock } from '../../support/test-app';

export { headerMap, startReceiver } from '../../support/webhook-receiver';

export function useWebhookHarness() {
  const temp = useTempDirs();
  return (options: { deviceId?: string; file?: string; gate?: WebhookDeliveryGate; clock?: FakeClock; secrets?: MemorySecretStore } = {}) => {
    const file = options.file ?? join(temp.make(), 'kiosk.sqlite');
    const database = temp.open(file);
    const clock = options.clock ?? new FakeClock();
    const logger = recordingLogger();
    const keychain = options.secrets ?? new MemorySecretStore();
    const webhooks = new WebhookRepository(database, clock);
    const jobs = new JobRepository(database, clock);
    const secrets = new WebhookSecrets(keychain);
    const network = new Network({ settings: () => networkSettingsSchema.parse({ proxyMode: 'direct' }), secrets: { get: async () => null } });
    const deviceId = options.deviceId ?? 'install-laptop-1';
    const delivery = new WebhookDelivery({
      database,
      webhooks,
      jobs,
      secrets,
      poster: new WebhookPoster({ network: () => network.access(), timeoutMs: 5_000 }),
      deviceId,
      clock,
      logger,
      random: () => 0.5,
      ...(options.gate ? { gate: options.gate } : {}),
    });
    const subscriptions = new WebhookSubscriptions({ database, webhooks, delivery, secrets, deviceId, clock, logger, canDeliver: () => ({ ok: true }) });
    const runner = new JobRunner({ database, jobs, handlers: delivery.jobHandlers(), clock, logger, leaseMs: 60_000, runnerId: `runner-${deviceId}` });
    return { database, clock, logger, keychain, webhooks, jobs, delivery, subscriptions, runner, file };
  };
}
