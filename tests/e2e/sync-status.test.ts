import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/axe';
import { completeSetup } from './support/flows';
import { useKioskHarness } from './support/harness';

const harness = useKioskHarness();

/**
 * What the outbox queue records when the hosted database refuses a change
 * (outbox-queue.ts acknowledge; the real refusal is exercised end to end in
 * tests/integration/sync/hosted-sync.test.ts). Written into the
 * device's own SQLite file, as that run would have left it.
 */
function recordRefusal(dataDir: string, refusal: { table: string; rowId: string; reason: string; at: string }): void {
  const db = new Database(join(dataDir, 'kiosk.sqlite'));
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare(`INSERT INTO sync_state (key, value, updated_at) VALUES ('push.rejected', ?, ?)`).run(JSON.stringify([{ seq: 7, ...refusal }]), refusal.at);
  } finally {
    db.close();
  }
}

describe('the sync status line (staff)', () => {
  it('lists the changes the hosted database refused, with the reason, until an admin clears the list', async () => {
    const { host, app } = await harness.start();
    const { page } = app;
    const rowId = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b';
    recordRefusal(host.dataDir, {
      table: 'candidates',
      rowId,
      reason: 'A candidate with the email same@example.com is already registered.',
      at: '2026-11-26T06:30:00.000Z',
    });
    await completeSetup(page);

    const line = page.getByRole('status').filter({ hasText: 'refused by the hosted database' });
    await line.waitFor();
    expect(await line.innerText()).toContain('1 change refused by the hosted database; ask IT to look at them (details below).');
    const summary = page.getByText('Refused changes (1)');
    await summary.click();
    const details = page.locator('details.sync-refusals');
    expect(await details.innerText()).toContain(`A candidate change (${rowId})`);
    expect(await details.innerText()).toContain('A candidate with the email same@example.com is already registered.');
    expect(await details.innerText()).toContain('hosted-db refusals');
    await expectNoSeriousA11yViolations(page, 'sync status line with refused changes');

    await page.getByRole('button', { name: 'Clear this list' }).click();
    await details.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: 'Not syncing' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'refused' }).count()).toBe(0);
  });
});
