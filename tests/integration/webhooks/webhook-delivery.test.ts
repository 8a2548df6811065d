import { describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../../docs/webhooks/verify-webhook.mjs';
import { AppFailure } from '../../../src-main/common/app-failure';
import { headerMap, startReceiver, useWebhookHarness } from './support';

/*
 * Issue 21's deliveries end to end on one device: the real SQLite file,
 * the real job runner, real HTTP to a receiver on loopback that checks each
 * request with the README's verification example.
 */

const harness = useWebhookHarness();
const HOUR = 3_600_000;

async function subscribed(h: ReturnType<typeof harness>, url: string, eventTypes: string[] = ['decision.recorded']) {
  return h.subscriptions.create({ name: 'Greenhouse', url, eventTypes }, 'staff-admin-1');
}

function recordEvent(h: ReturnType<typeof harness>, type: string, data: object, occurredAt = h.clock.now().toISOString()) {
  return h.database.db.transaction((tx) => h.webhooks.addEvent({ type, occurredAt, candidateId: null, payload: JSON.stringify(data) }, tx));
}

describe('a webhook delivery', () => {
  it('is signed with the subscription’s secret, which the receiver verifies; the secret is kept nowhere in the database', async () => {
    const h = harness();
    const receiver = await startReceiver();
    const { subscription, secret } = await subscribed(h, receiver.url);
    expect(secret).toMatch(/^whsec_/);
    expect(subscription.webhookSecret).toMatch(/^sha256:[0-9a-f]{16}$/);

    const deliveryId = h.subscriptions.sendTest(subscription.id, 'staff-admin-1');
    await h.runner.drain();

    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    const event = verifyWebhook(secret, headerMap(request!.headers), request!.body, Math.floor(h.clock.now().getTime() / 1000)) as { id: string; type: string; data: object };
    expect(event).toMatchObject({ type: 'webhook.test', data: { subscription: 'Greenhouse' } });
    expect(request!.headers['webhook-id']).toBe(event.id);
    expect(h.webhooks.delivery(deliveryId)).toMatchObject({ status: 'delivered', attempts: 1, lastError: null });
    const [entry] = h.webhooks.log(subscription.id, 10);
    expect(entry?.attempts).toMatchObject([{ attempt: 1, outcome: 'delivered', statusCode: 200 }]);

    // Never the secret, in any table (the fingerprint only).
    const tables = h.database.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[];
    for (const { name } of tables) {
      const dump = JSON.stringify(h.database.sqlite.prepare(`SELECT * FROM "${name}"`).all());
      expect(dump, name).not.toContain(secret.slice('whsec_'.length, 30));
    }
  });

  it('is retried after a 500 and counted delivered once the receiver takes it, with the same event id each time', async () => {
    const h = harness();
    const receiver = await startReceiver();
    receiver.answer({ status: 500, body: 'database locked' }, 200);
    const { subscription, secret } = await subscribed(h, receiver.url);
    recordEvent(h, 'decision.recorded', { decision: 'advance' });
    expect(h.delivery.plan()).toBe(1);
    expect(h.delivery.plan()).toBe(0);

    await h.runner.drain();
    const [first] = h.webhooks.log(subscription.id, 10);
    expect(first?.delivery).toMatchObject({ status: 'pending', attempts: 1, lastError: 'The receiver answered 500.' });
    expect(first?.delivery.nextAttemptAt).toBe(new Date(h.clock.now().getTime() + 5_000).toISOString());
    expect(first?.attempts).toMatchObject([{ outcome: 'retry', statusCode: 500, reply: 'database locked' }]);

    // Not before its time.
    await h.runner.drain();
    expect(receiver.received).toHaveLength(1);
    h.clock.advance(5_000);
    await h.runner.drain();

    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]!.headers['webhook-id']).toBe(receiver.received[0]!.headers['webhook-id']);
    expect(Number(receiver.received[1]!.headers['webhook-timestamp']) - Number(receiver.received[0]!.headers['webhook-timestamp'])).toBe(5);
    for (const request of receiver.received) expect(verifyWebhook(secret, headerMap(request.headers), request.body, Math.floor(h.clock.now().getTime() / 1000))).toMatchObject({ type: 'decision.recorded' });
    const [done] = h.webhooks.log(subscription.id, 10);
    expect(done?.delivery).toMatchObject({ status: 'delivered', attempts: 2, lastError: null });
    expect(h.webhooks.subscription(subscription.id)).toMatchObject({ failingSince: null, isActive: true });
  });

  it('is not retried after a 4xx refusal, and a 410 turns the subscription off', async () => {
    const h = harness();
    const receiver = await startReceiver();
    receiver.answer({ status: 422, body: '{"error":"unknown candidate"}' });
    const { subscription } = await subscribed(h, receiver.url);
    const refused = h.subscriptions.sendTest(subscription.id, null);
    await h.runner.drain();
    h.clock.advance(HOUR);
    await h.runner.drain();
    expect(receiver.received).toHaveLength(1);
    expect(h.webhooks.delivery(refused)).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringContaining('refused the event with 422') });
    expect(h.webhooks.subscription(subscription.id)).toMatchObject({ isActive: true });

    receiver.answer(410);
    h.subscriptions.sendTest(subscription.id, null);
    await h.runner.drain();
    expect(h.webhooks.subscription(subscription.id)).toMatchObject({ isActive: false, disabledReason: expect.stringContaining('410 Gone') });
    // Turned off: new events are not planned for it, and sending again is refused with what to do.
    recordEvent(h, 'decision.recorded', { decision: 'hold' });
    expect(h.delivery.plan()).toBe(0);
    expect(() => h.subscriptions.sendAgain(refused, null)).toThrow('turn it on first');
  });

  it('turns off a subscription whose deliveries have failed for a day', async () => {
    const h = harness();
    const receiver = await startReceiver();
    receiver.answer(503);
    const { subscription } = await subscribed(h, receiver.url);
    const deliveryId = h.subscriptions.sendTest(subscription.id, null);
    for (let step = 0; step < 12 && h.webhooks.delivery(deliveryId)?.status === 'pending'; step++) {
      await h.runner.drain();
      const next = h.webhooks.delivery(deliveryId)?.nextAttemptAt;
      if (next) h.clock.advance(Date.parse(next) - h.clock.now().getTime());
    }
    expect(h.webhooks.delivery(deliveryId)).toMatchObject({ status: 'failed', lastError: expect.stringContaining('Tried for a day') });
    expect(receiver.received.length).toBeGreaterThanOrEqual(8);
    expect(h.webhooks.subscription(subscription.id)).toMatchObject({ isActive: false, disabledReason: expect.stringContaining('Every delivery has failed since') });

    // Turned on again, the failing mark starts afresh.
    expect(h.subscriptions.update(subscription.id, { isActive: true })).toMatchObject({ isActive: true, failingSince: null, disabledReason: null });
  });

  it('signs with both secrets while a rotation overlaps, then with the new one alone', async () => {
    const h = harness();
    const receiver = await startReceiver();
    const { subscription, secret: oldSecret } = await subscribed(h, receiver.url);
    const { secret: newSecret, subscription: rotated } = await h.subscriptions.rotate(subscription.id, 24);
    expect(newSecret).not.toBe(oldSecret);
    expect(rotated.webhookSecret).not.toBe(subscription.webhookSecret);

    h.subscriptions.sendTest(subscription.id, null);
    await h.runner.drain();
    const during = receiver.received[0]!;
    const nowSeconds = () => Math.floor(h.clock.now().getTime() / 1000);
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifyWebhook(oldSecret, headerMap(during.headers), during.body, nowSeconds())).toMatchObject({ type: 'webhook.test' });
    expect(verifyWebhook(newSecret, headerMap(during.headers), during.body, nowSeconds())).toMatchObject({ type: 'webhook.test' });

    h.clock.advance(25 * HOUR);
    h.subscriptions.sendTest(subscription.id, null);
    await h.runner.drain();
    const after = receiver.received[1]!;
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verifyWebhook(newSecret, headerMap(after.headers), after.body, nowSeconds())).toMatchObject({ type: 'webhook.test' });
    expect(() => verifyWebhook(oldSecret, headerMap(after.headers), after.body, nowSeconds())).toThrow('does not match');
  });

  it('sends only the events a subscription takes, from its creation on, and sends one again with the same id', async () => {
    const h = harness();
    const receiver = await startReceiver();
    recordEvent(h, 'decision.recorded', { decision: 'reject' }, new Date(h.clock.now().getTime() - HOUR).toISOString());
    const { subscription } = await subscribed(h, receiver.url, ['decision.recorded']);
    recordEvent(h, 'resume.parsed', { resumeId: 'r1' });
    const decision = recordEvent(h, 'decision.recorded', { decision: 'advance' });
    expect(h.delivery.plan()).toBe(1);
    await h.runner.drain();
    expect(receiver.received.map((request) => JSON.parse(request.body).id)).toEqual([decision.id]);

    const [sent] = h.webhooks.log(subscription.id, 10);
    h.subscriptions.sendAgain(sent!.delivery.id, 'staff-admin-1');
    await h.runner.drain();
    expect(receiver.received.map((request) => request.headers['webhook-id'])).toEqual([decision.id, decision.id]);
    expect(h.webhooks.log(subscription.id, 10).map((entry) => entry.delivery.requestedBy)).toEqual(['staff-admin-1', null]);
  });

  it('refuses an address that is not https or not public, and events it does not know', async () => {
    const h = harness();
    await expect(h.subscriptions.create({ name: 'x', url: 'http://ats.example.com/hook', eventTypes: ['decision.recorded'] }, null)).rejects.toThrow('must start with https://');
    await expect(h.subscriptions.create({ name: 'x', url: 'https://192.168.1.20/hook', eventTypes: ['decision.recorded'] }, null)).rejects.toThrow('not a public address');
    await expect(h.subscriptions.create({ name: 'x', url: 'https://ats.example.com/hook', eventTypes: [] }, null)).rejects.toThrow('at least one event');
    await expect(h.subscriptions.create({ name: 'x', url: 'https://ats.example.com/hook', eventTypes: ['interview.deleted'] }, null)).rejects.toBeInstanceOf(AppFailure);
    expect(h.webhooks.subscriptions()).toEqual([]);
  });

  it('says what to do when the keychain lost the signing key, and sends nothing unsigned', async () => {
    const h = harness();
    const receiver = await startReceiver();
    const { subscription } = await subscribed(h, receiver.url);
    await h.keychain.delete('webhook-signing-key');
    const deliveryId = h.subscriptions.sendTest(subscription.id, null);
    await h.runner.drain();
    expect(receiver.received).toHaveLength(0);
    expect(h.webhooks.delivery(deliveryId)).toMatchObject({ status: 'failed', lastError: expect.stringContaining('Rotate the secret') });
    // A rotation makes a new key and a secret that signs again.
    const { secret } = await h.subscriptions.rotate(subscription.id, 0);
    h.subscriptions.sendTest(subscription.id, null);
    await h.runner.drain();
    expect(verifyWebhook(secret, headerMap(receiver.received[0]!.headers), receiver.received[0]!.body, Math.floor(h.clock.now().getTime() / 1000))).toMatchObject({ type: 'webhook.test' });
  });
});
