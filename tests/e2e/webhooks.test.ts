import { describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../docs/webhooks/verify-webhook.mjs';
import { headerMap, startReceiver } from '../support/webhook-receiver';
import { expectNoSeriousA11yViolations } from './support/axe';
import { completeSetup, expectScreen } from './support/flows';
import { useKioskHarness } from './support/harness';

const harness = useKioskHarness();

describe('webhooks (admin)', () => {
  it('adds a subscription, shows its secret once, sends a test event the receiver verifies, and reads the delivery log', async () => {
    const receiver = await startReceiver();
    receiver.answer({ status: 202, body: 'accepted by the test ATS' });
    const { app } = await harness.start();
    const { page } = app;
    await completeSetup(page);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Webhooks' }).click();
    await expectScreen(page, 'Webhooks');
    await page.getByText('No subscriptions yet.').waitFor();

    // A refused address says why beside the field, and nothing is made.
    const form = page.getByRole('form', { name: 'Add a subscription' });
    await form.getByLabel('Name').fill('Test ATS');
    await form.getByLabel('Receiver address').fill('http://ats.example.com/hooks');
    await form.getByRole('button', { name: 'Add subscription' }).click();
    await page.locator('#webhook-new-url-error').filter({ hasText: 'https://' }).waitFor();

    await form.getByLabel('Receiver address').fill(receiver.url);
    await form.getByLabel(/Resume parsed/).check();
    await form.getByRole('button', { name: 'Add subscription' }).click();
    const secretPanel = page.getByRole('region', { name: /The signing secret for Test ATS/ });
    await secretPanel.waitFor();
    const secret = (await page.locator('#webhook-secret-value').innerText()).trim();
    expect(secret).toMatch(/^whsec_/);
    await expectNoSeriousA11yViolations(page, 'webhooks with the secret shown');
    await secretPanel.getByRole('button', { name: 'I have given it to the receiver' }).click();
    // Shown once: gone from the page for good.
    await secretPanel.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(secret);

    const card = page.getByRole('list', { name: 'Subscriptions' }).getByRole('listitem').filter({ hasText: 'Test ATS' });
    await card.getByText('Assessment ready, Decision recorded, Resume parsed').waitFor();
    await card.getByRole('button', { name: 'Send a test event' }).click();
    await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(1);
    const [request] = receiver.received;
    expect(verifyWebhook(secret, headerMap(request!.headers), request!.body)).toMatchObject({ type: 'webhook.test', data: { subscription: 'Test ATS' } });

    const log = page.getByRole('region', { name: 'Delivery log: Test ATS' });
    await log.waitFor();
    await expect
      .poll(
        async () => {
          await log.getByRole('button', { name: 'Refresh the log' }).click();
          return log.getByRole('table').innerText().catch(() => '');
        },
        { timeout: 10_000 },
      )
      .toContain('Delivered');
    expect(await log.getByRole('table').innerText()).toContain('accepted by the test ATS');
    await expectNoSeriousA11yViolations(page, 'webhooks with the delivery log');
  });
});
