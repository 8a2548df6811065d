import { describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../src-main/secrets/memory-secret-store';
import type { WebhookDeliveryGate } from '../../../src-main/webhooks/webhook-delivery';
import { FakeClock } from '../../support/test-app';
import { useSyncDatabase, type Device } from '../sync/hosted-db/support';
import { startReceiver, useWebhookHarness } from './support';

/*
 * Two devices that both think they deliver one subscription (a laptop's
 * disk image cloned and enrolled again: the same install id and keychain,
 * two identities at the hosted database) race to send one event. The real
 * hosted database referees (sync.claim_webhook_delivery): the receiver
 * gets it once, and the loser's log says why it did not send.
 */

const db = useSyncDatabase();
const harness = useWebhookHarness();

const gateOf = (device: Device): WebhookDeliveryGate => ({
  claim: async (subscriptionId, eventId) => ((await device.call<boolean>('claim_webhook_delivery', subscriptionId, eventId)) ? 'claimed' : 'taken'),
});

describe('two devices racing to deliver one event', () => {
  it('deliver it once: the hosted database lets exactly one send it', async () => {
    const sync = await db.fresh();
    const [laptopA, laptopB] = [await sync.device('laptop', 'laptop A'), await sync.device('laptop', 'laptop B')];
    const receiver = await startReceiver();
    const clock = new FakeClock();
    const keychain = new MemorySecretStore();
    const a = harness({ deviceId: 'install-cloned', clock, secrets: keychain, gate: gateOf(laptopA) });
    const b = harness({ deviceId: 'install-cloned', clock, secrets: keychain, gate: gateOf(laptopB) });

    // The subscription and the event reach both devices, as sync would bring them.
    const { subscription } = await a.subscriptions.create({ name: 'ATS', url: receiver.url, eventTypes: ['decision.recorded'] }, null);
    const { id, name, webhookUrl, webhookSecret, eventTypes, createdBy } = subscription;
    b.database.db.transaction((tx) => b.webhooks.createSubscription({ id, name, webhookUrl, webhookSecret, eventTypes, createdBy, deliveringDeviceId: 'install-cloned' }, tx));
    const event = a.database.db.transaction((tx) => a.webhooks.addEvent({ type: 'decision.recorded', occurredAt: clock.now().toISOString(), candidateId: null, payload: '{"decision":"advance"}' }, tx));
    b.database.db.transaction((tx) => b.webhooks.addEvent({ id: event.id, type: event.type, occurredAt: event.occurredAt, candidateId: null, payload: event.payload }, tx));

    expect([a.delivery.plan(), b.delivery.plan()]).toEqual([1, 1]);
    await Promise.all([a.runner.drain(), b.runner.drain()]);

    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.headers['webhook-id']).toBe(event.id);
    const outcomes = [a, b].map((device) => device.webhooks.log(subscription.id, 10)[0]!.delivery);
    expect(outcomes.map((delivery) => delivery.status).sort()).toEqual(['delivered', 'failed']);
    expect(outcomes.find((delivery) => delivery.status === 'failed')?.lastError).toBe('Another device sends this event to this subscription.');
    const { rows } = await sync.admin.query('SELECT count(*)::int AS n FROM sync.webhook_claims WHERE event_id = $1', [event.id]);
    expect(rows[0].n).toBe(1);
  });
});
