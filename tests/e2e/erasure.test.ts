import { describe, expect, it } from 'vitest';
import { createDevice, deviceEndpoint } from '../../src-main/sync/hosted-db/device-admin';
import { leftInPostgres, leftOnDevice } from '../integration/erasure/support';
import { enrolledDevice, hostedDatabase, type Device } from '../integration/sync/hosted-support';
import { useTestPostgres } from '../support/postgres';
import { expectNoSeriousA11yViolations } from './support/axe';
import { admin, candidate, completeSetup, expectScreen, fillSignIn, registerCandidate, signOut } from './support/flows';
import { useKioskHarness } from './support/harness';

/**
 * Issue 18, point 4, done when "an erasure reaches an offline laptop when
 * it returns": a candidate asks at the kiosk in Chromium while a laptop
 * that holds them is offline; the laptop comes back, syncs, and nothing of
 * them is left in its files; the admin at the kiosk reads the receipt.
 */
const postgres = useTestPostgres();
const harness = useKioskHarness();

describe('a candidate’s erasure, asked for at the kiosk', () => {
  it('reaches a laptop that was offline when it returns, and the admin sees every confirmation', async () => {
    const url = await hostedDatabase(() => postgres.current.createDatabase());
    const enrolment = await createDevice(url, 'Front desk kiosk', 'kiosk');
    const { host, app } = await harness.start({ machineSettings: { sync: { endpoint: deviceEndpoint(url, enrolment.roleName) } } });
    const { page } = app;
    await completeSetup(page);
    expect(await host.call('it-setup', 'auth.signIn', { accountKind: 'staff', email: admin.email, password: admin.password })).toMatchObject({ ok: true });
    expect(await host.call('it-setup', 'secrets.set', { name: 'sync-device-credential', value: enrolment.password })).toMatchObject({ ok: true });
    const syncNow = async () => {
      await page.getByRole('button', { name: 'Sync now', exact: true }).click();
      await page.getByRole('status').filter({ hasText: /^Synced at / }).waitFor();
    };
    await signOut(page);
    await registerCandidate(page, candidate);
    await signOut(page);
    await page.getByRole('button', { name: 'Staff sign-in', exact: true }).click();
    await fillSignIn(page, admin.email, admin.password);
    await syncNow();

    // The laptop receives the candidate, then goes offline.
    const laptop: Device = await enrolledDevice(url, 'laptop');
    const held = { strings: [candidate.fullName, candidate.email], files: [] };
    try {
      expect(leftOnDevice(laptop, held).length).toBeGreaterThan(0);
      laptop.network.online = false;

      // The candidate asks, with a confirmation step, and is signed out.
      await signOut(page);
      await fillSignIn(page, candidate.email, candidate.password);
      await expectScreen(page, `Welcome, ${candidate.fullName}`);
      await page.getByRole('button', { name: 'Erase my data…', exact: true }).click();
      await expectNoSeriousA11yViolations(page, 'Candidate home, erasure confirmation');
      await page.getByRole('button', { name: 'Yes, erase my data', exact: true }).click();
      await expectScreen(page, 'Sign in');
      expect(leftOnDevice(host, held)).toEqual([]);

      await page.getByRole('button', { name: 'Staff sign-in', exact: true }).click();
      await fillSignIn(page, admin.email, admin.password);
      await syncNow();
      expect(await leftInPostgres(url, held)).toEqual([]);

      // Back online: one sync erases, the next sends its confirmation.
      laptop.network.online = true;
      await laptop.app.services.sync.syncNow();
      expect(leftOnDevice(laptop, held)).toEqual([]);
      await laptop.app.services.sync.syncNow();
      // The laptop's own confirmation is the one it queued for upload.
      const { laptopId } = laptop.app.database.sqlite
        .prepare(`SELECT json_extract(payload, '$.device_id') AS laptopId FROM sync_outbox WHERE table_name = 'erasure_confirmations'`)
        .get() as { laptopId: string };

      await syncNow();
      await page.getByRole('button', { name: 'Erasure requests', exact: true }).click();
      const receipt = page.getByRole('row').filter({ hasText: 'The candidate' });
      await expect.poll(() => receipt.textContent()).toContain('hosted-database');
      expect(await receipt.textContent()).toContain(laptopId);
      expect(await receipt.textContent()).not.toContain(candidate.email);
      await expectNoSeriousA11yViolations(page, 'Erasure requests');
    } finally {
      laptop.close();
    }
  });
});
