import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadNotices } from '../../src-main/consent/notices';
import { createDevice, deviceEndpoint } from '../../src-main/sync/hosted-db/device-admin';
import { asOwner, hostedDatabase } from '../integration/sync/hosted-support';
import { useTestPostgres } from '../support/postgres';
import { admin, candidate, completeSetup, fillSignIn, registerCandidate, signOut } from './support/flows';
import { useKioskHarness } from './support/harness';
import { agreeToNotice } from './support/notice';

/**
 * Issue 18, point 1, done when "a candidate consents and the record syncs":
 * a kiosk enrolled as IT would (the endpoint in the machine settings, the
 * device's password stored by the admin), a candidate who agrees to the
 * notice in Chromium, and the answer in the hosted Postgres after the
 * admin's Sync now.
 */
const notice = loadNotices(fileURLToPath(new URL('../../resources', import.meta.url))).en;
const postgres = useTestPostgres();
const harness = useKioskHarness();

describe('consent at a kiosk that syncs', () => {
  it('reaches the hosted database with the notice version and hash, from this kiosk', async () => {
    const url = await hostedDatabase(() => postgres.current.createDatabase());
    const enrolment = await createDevice(url, 'Front desk kiosk', 'kiosk');
    const { host, app } = await harness.start({ machineSettings: { sync: { endpoint: deviceEndpoint(url, enrolment.roleName) } } });
    const { page } = app;
    await completeSetup(page);
    // IT stores the device's password through main, as the Stored secrets panel sends it.
    const itWindow = 'it-setup';
    expect(await host.call(itWindow, 'auth.signIn', { accountKind: 'staff', email: admin.email, password: admin.password })).toMatchObject({ ok: true });
    expect(await host.call(itWindow, 'secrets.set', { name: 'sync-device-credential', value: enrolment.password })).toMatchObject({ ok: true });
    await signOut(page);

    await registerCandidate(page, candidate);
    await page.getByRole('radio', { name: 'React' }).check();
    await page.getByRole('button', { name: 'Check equipment', exact: true }).click();
    await agreeToNotice(page);
    await page.getByRole('heading', { level: 1, name: 'Check your equipment' }).waitFor();
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await signOut(page);

    await page.getByRole('button', { name: 'Staff sign-in', exact: true }).click();
    await fillSignIn(page, admin.email, admin.password);
    await page.getByRole('button', { name: 'Sync now', exact: true }).click();
    await page.getByRole('status').filter({ hasText: /^Synced at / }).waitFor();
    await expect
      .poll(() => asOwner(url, 'SELECT choice, notice_version, notice_language, notice_sha256, origin_device_id FROM consent_records'))
      .toEqual([{ choice: 'consent', notice_version: notice.version, notice_language: 'en', notice_sha256: notice.sha256, origin_device_id: enrolment.deviceId }]);
  });
});
