import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach } from 'vitest';
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

/** What a receiver was sent: headers and the raw body, as a receiver must verify it. */
export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A hiring system's endpoint on loopback: answers with the next scripted status (the last one repeats). */
export interface TestReceiver {
  url: string;
  received: Received[];
  answer(...statuses: (number | { status: number; headers?: Record<string, string>; body?: string })[]): void;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

export async function startReceiver(): Promise<TestReceiver> {
  const received: Received[] = [];
  let script: { status: number; headers?: Record<string, string>; body?: string }[] = [{ status: 200 }];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const next = script.length > 1 ? (script.shift() as (typeof script)[number]) : (script[0] as (typeof script)[number]);
      response.writeHead(next.status, next.headers ?? {}).end(next.body ?? '');
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/teamified`,
    received,
    answer(...statuses) {
      script = statuses.map((each) => (typeof each === 'number' ? { status: each } : each));
    },
  };
}

/** Headers as the README's verifier takes them. */
export function headerMap(headers: IncomingHttpHeaders): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]));
}

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
