import { afterEach, describe, expect, it } from 'vitest';
import type { SettingsPatch } from '../../../shared/domain/settings';
import { verifyWebhook } from '../../../docs/webhooks/verify-webhook.mjs';
import { createTestApp, ownWindow, strongPassword, type TestApp } from '../../support/test-app';
import { headerMap, startReceiver } from './support';

/* Webhooks as an admin's window reaches them: the real app, the IPC dispatcher, a receiver on loopback. */

const apps: TestApp[] = [];
afterEach(() => {
  for (const app of apps.splice(0)) app.close();
});

async function adminApp(machineSettings?: SettingsPatch): Promise<TestApp> {
  const t = createTestApp(machineSettings ? { machineSettings } : {});
  apps.push(t);
  await t.app.dispatch('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' }, ownWindow('admin'));
  return t;
}

describe('webhooks over IPC', () => {
  it('lets an admin make a subscription, shows its secret once, sends a test event and reads the log', async () => {
    const t = await adminApp();
    const receiver = await startReceiver();
    const made = await t.app.dispatch('webhooks.create', { name: 'Greenhouse', url: receiver.url, eventTypes: ['decision.recorded', 'assessment.ready'] }, ownWindow('admin'));
    if (!made.ok) throw new Error(made.error.message);
    const { secret, subscription } = made.data as { secret: string; subscription: { id: string } };
    expect(subscription).toMatchObject({ name: 'Greenhouse', isActive: true, deliveredHere: true, secretGeneration: 1, secretFingerprint: expect.stringMatching(/^sha256:/) });

    const listed = await t.app.dispatch('webhooks.list', {}, ownWindow('admin'));
    expect(listed).toMatchObject({ ok: true, data: { canDeliver: true, whyNot: null, subscriptions: [{ id: subscription.id }] } });
    expect(JSON.stringify(listed)).not.toContain(secret);

    const sent = await t.app.dispatch('webhooks.sendTest', { id: subscription.id }, ownWindow('admin'));
    expect(sent.ok).toBe(true);
    await t.app.jobRunner.drain();
    expect(receiver.received).toHaveLength(1);
    expect(verifyWebhook(secret, headerMap(receiver.received[0]!.headers), receiver.received[0]!.body)).toMatchObject({ type: 'webhook.test' });

    const log = await t.app.dispatch('webhooks.log', { id: subscription.id }, ownWindow('admin'));
    expect(log).toMatchObject({ ok: true, data: { deliveries: [{ eventType: 'webhook.test', status: 'delivered', byAdmin: true, tries: [{ outcome: 'delivered', statusCode: 200 }] }] } });
    // The secret is shown to the window that made it, and written nowhere.
    expect(t.logLines.join('\n')).not.toContain(secret);
  });

  it('refuses viewers, a bad address with the field named, and subscriptions on a kiosk that syncs', async () => {
    const t = await adminApp();
    await t.app.dispatch('staff.create', { email: 'vera@example.com', password: strongPassword, fullName: 'Vera Viewer', role: 'viewer' }, ownWindow('admin'));
    await t.app.dispatch('auth.signIn', { accountKind: 'staff', email: 'vera@example.com', password: strongPassword }, ownWindow('viewer'));
    expect(await t.app.dispatch('webhooks.list', {}, ownWindow('viewer'))).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const bad = await t.app.dispatch('webhooks.create', { name: 'x', url: 'http://ats.example.com/hook', eventTypes: ['decision.recorded'] }, ownWindow('admin'));
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { url: expect.stringContaining('https://') } } });
    const noEvents = await t.app.dispatch('webhooks.create', { name: 'x', url: 'https://ats.example.com/hook', eventTypes: [] }, ownWindow('admin'));
    expect(noEvents).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    const kiosk = await adminApp({ mode: 'kiosk', sync: { endpoint: 'postgres://kiosk_dev_0123456789ab@127.0.0.1:9/kiosk' } });
    expect(await kiosk.app.dispatch('webhooks.list', {}, ownWindow('admin'))).toMatchObject({ ok: true, data: { canDeliver: false, whyNot: expect.stringContaining('recruiter laptop') } });
    const refused = await kiosk.app.dispatch('webhooks.create', { name: 'x', url: 'https://ats.example.com/hook', eventTypes: ['decision.recorded'] }, ownWindow('admin'));
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('recruiter laptop') } });
  });
});
