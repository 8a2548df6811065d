/**
 * Webhook delivery (issue 21): how fast a delivering laptop works through
 * a backlog of events, and what one attempt costs. The real parts: a
 * SQLite file with the app's migrations, the job runner, the signing (the
 * subscription's secret derived from a keychain key), the poster through
 * the network layer, the delivery log committed with each attempt, and a
 * receiver on loopback that answers 200 at once (so the figures are ours,
 * not a hiring system's).
 *
 *   npm run bench:webhooks     (BENCH_EVENTS=1000 for a longer backlog; default 300)
 *
 * Prints a report, then ONE line of JSON with the figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { networkSettingsSchema } from '../shared/domain/settings';
import { openDatabase } from '../src-main/db/open-database';
import { JobRunner } from '../src-main/jobs/job-runner';
import { createLogger } from '../src-main/logging/logger';
import { Network } from '../src-main/providers/network/network';
import { WebhookPoster } from '../src-main/providers/webhook/webhook-poster';
import { JobRepository } from '../src-main/repositories/job-repository';
import { WebhookRepository } from '../src-main/repositories/webhook-repository';
import { MemorySecretStore } from '../src-main/secrets/memory-secret-store';
import { WebhookDelivery } from '../src-main/webhooks/webhook-delivery';
import { WebhookSecrets } from '../src-main/webhooks/webhook-secrets';
import { WebhookSubscriptions } from '../src-main/webhooks/webhook-subscriptions';
import { percentile } from './stats';

const EVENTS = Math.max(50, Number.parseInt(process.env.BENCH_EVENTS ?? '300', 10) || 300);
const DEVICE = 'install-bench';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-webhooks-'));
  let received = 0;
  const receiver = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received += 1;
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  const logger = createLogger({ level: 'error', sink: () => {} });
  const database = openDatabase({ file: join(dir, 'kiosk.sqlite'), migrationsDir: join(import.meta.dirname, '..', 'migrations', 'sqlite'), logger });
  try {
    const clock = { now: () => new Date() };
    const webhooks = new WebhookRepository(database, clock);
    const jobs = new JobRepository(database, clock);
    const secrets = new WebhookSecrets(new MemorySecretStore());
    const network = new Network({ settings: () => networkSettingsSchema.parse({ proxyMode: 'direct' }), secrets: { get: async () => null } });
    const delivery = new WebhookDelivery({ database, webhooks, jobs, secrets, poster: new WebhookPoster({ network: () => network.access() }), deviceId: DEVICE, clock, logger });
    const subscriptions = new WebhookSubscriptions({ database, webhooks, delivery, secrets, deviceId: DEVICE, clock, logger, canDeliver: () => ({ ok: true }) });
    const runner = new JobRunner({ database, jobs, handlers: delivery.jobHandlers(), clock, logger, runnerId: 'bench' });
    const { subscription } = await subscriptions.create({ name: 'Bench ATS', url, eventTypes: ['decision.recorded'] }, null);

    // A backlog, as a laptop finds after a day's decisions arrive with one pull.
    const payload = JSON.stringify({ candidate: { id: 'c', fullName: 'Bench Candidate', email: 'bench@example.com' }, decision: { decision: 'advance', note: 'x'.repeat(400) } });
    database.db.transaction((tx) => {
      for (let i = 0; i < EVENTS; i++) webhooks.addEvent({ type: 'decision.recorded', occurredAt: new Date(Date.now() + i).toISOString(), candidateId: null, payload }, tx);
    });
    const planStarted = performance.now();
    const planned = delivery.plan(EVENTS);
    const planMs = performance.now() - planStarted;

    const started = performance.now();
    await runner.drain();
    const totalMs = performance.now() - started;

    const log = webhooks.log(subscription.id, EVENTS);
    const delivered = log.filter((entry) => entry.delivery.status === 'delivered').length;
    const latencies = log.flatMap((entry) => entry.attempts.map((attempt) => attempt.latencyMs));
    const perDeliveryMs = totalMs / Math.max(1, delivered);
    const figures = {
      events: EVENTS,
      delivered,
      received,
      plan_ms: Math.round(planMs * 10) / 10,
      deliveries_per_s: Math.round((delivered / totalMs) * 1000 * 10) / 10,
      per_delivery_ms: Math.round(perDeliveryMs * 10) / 10,
      attempt_p50_ms: percentile(latencies, 50),
      attempt_p95_ms: percentile(latencies, 95),
    };
    console.log(`Webhook delivery: a backlog of ${EVENTS} decision.recorded events to one subscription, receiver on loopback answering 200.`);
    console.log(`  planned ${planned} deliveries in ${figures.plan_ms} ms`);
    console.log(`  delivered ${delivered} (the receiver saw ${received}) in ${Math.round(totalMs)} ms: ${figures.deliveries_per_s} a second, ${figures.per_delivery_ms} ms each`);
    console.log(`  one attempt (connect, POST, reply): p50 ${figures.attempt_p50_ms} ms, p95 ${figures.attempt_p95_ms} ms; the rest of each delivery is signing and the logged commit`);
    if (delivered !== EVENTS || received !== EVENTS) console.log(`  NOTE: expected ${EVENTS} delivered and received, each once`);
    console.log(JSON.stringify(figures));
  } finally {
    database.close();
    receiver.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
