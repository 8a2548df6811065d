import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { identityOf, listBackups } from '../../../src-main/db/backup-files';
import { BackupSchedule } from '../../../src-main/backup/backup-job';
import { FakeClock } from '../../support/test-app';
import { useTempDirs } from '../db/support';
import { damagePages, deviceIn, makerFor, rowCount, writeRows } from './support';

const temp = useTempDirs();
const HOUR_MS = 60 * 60 * 1000;

function openCopy(path: string) {
  return new Database(path, { readonly: true, fileMustExist: true });
}

describe('rotating backups of the device database', () => {
  it('copies the database while the app goes on writing: the copy passes integrity_check, says which device made it, and is owner-only', async () => {
    const clock = new FakeClock();
    const device = deviceIn(temp, clock);
    writeRows(device.store, 0, 2000);
    const { maker } = makerFor(device, clock);

    // Writes on the same connection interleave with the backup's steps (100 pages each, between turns of the event loop).
    let writing = true;
    let written = 2000;
    let rounds = 0;
    const writer = (async () => {
      await new Promise((resolve) => setImmediate(resolve));
      while (writing) {
        writeRows(device.store, written, 50);
        written += 50;
        rounds += 1;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const outcome = await maker.make({ count: 7, intervalHours: 24 });
    writing = false;
    await writer;
    expect(rounds).toBeGreaterThanOrEqual(2);

    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.backup.name).toBe('kiosk-20261125T090000000Z.sqlite');
    const copy = openCopy(outcome.backup.path);
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(identityOf(copy)).toEqual({ installId: device.installId, appVersion: '9.9.9-test', schema: { migrations: expect.any(Number), latest: expect.any(Number) }, madeAt: clock.now().toISOString() });
      expect(identityOf(copy)!.schema.migrations).toBeGreaterThan(10);
      const copied = (copy.prepare("SELECT count(*) AS n FROM sync_state WHERE key LIKE 'test.row.%'").get() as { n: number }).n;
      expect(copied).toBeGreaterThanOrEqual(2000);
      expect(copied).toBeLessThanOrEqual(written);
      // One self-contained file: nothing to carry beside it.
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    } finally {
      copy.close();
    }
    expect(written).toBeGreaterThan(2000);
    expect(rowCount(device.store)).toBe(written);
    expect(statSync(outcome.backup.path).mode & 0o777).toBe(0o600);
    expect(readdirSync(device.backups).sort()).toEqual(['device-id', outcome.backup.name]);
  });

  it('keeps the newest `count`, and none older than count × interval', async () => {
    const clock = new FakeClock();
    const device = deviceIn(temp, clock);
    const { maker } = makerFor(device, clock);
    const made: string[] = [];
    for (let n = 0; n < 5; n += 1) {
      const outcome = await maker.make({ count: 3, intervalHours: 24 });
      if (outcome.ok) made.push(outcome.backup.name);
      clock.advance(24 * HOUR_MS);
    }
    expect(made).toHaveLength(5);
    expect(listBackups(device.backups).map((file) => file.name)).toEqual(made.slice(2).reverse());

    // A long pause (the kiosk was off for two weeks): the next backup leaves none older than 3 × 24 hours.
    clock.advance(14 * 24 * HOUR_MS);
    const after = await maker.make({ count: 3, intervalHours: 24 });
    expect(after.ok && [...after.removed].sort()).toEqual(made.slice(2));
    expect(listBackups(device.backups)).toHaveLength(1);
  });

  it('rotates out backups dated in the future (the clock ran ahead, then was set back) before any made since', async () => {
    const clock = new FakeClock();
    const device = deviceIn(temp, clock);
    const { maker } = makerFor(device, clock);
    const policy = { count: 3, intervalHours: 24 };
    const ahead: string[] = [];
    for (let n = 0; n < 3; n += 1) {
      const outcome = await maker.make(policy);
      if (outcome.ok) ahead.push(outcome.backup.name);
      clock.advance(24 * HOUR_MS);
    }
    // Set back a month: those three are now dated in the future.
    clock.advance(-30 * 24 * HOUR_MS);
    const since: string[] = [];
    for (let n = 0; n < 3; n += 1) {
      const outcome = await maker.make(policy);
      if (!outcome.ok) throw new Error(outcome.problem);
      since.push(outcome.backup.name);
      // Each new one takes the place of a future-dated one, never of the one made the day before.
      expect(outcome.removed).toEqual([ahead[n]]);
      clock.advance(24 * HOUR_MS);
    }
    expect(listBackups(device.backups).map((file) => file.name)).toEqual([...since].reverse());
  });

  it('counts the interval from the newest backup dated now or before, not from one dated in the future', async () => {
    const clock = new FakeClock();
    const device = deviceIn(temp, clock);
    const { maker, logger } = makerFor(device, clock);
    clock.advance(10 * 24 * HOUR_MS);
    expect((await maker.make({ count: 7, intervalHours: 6 })).ok).toBe(true);
    clock.advance(-10 * 24 * HOUR_MS);
    const made = await maker.make({ count: 7, intervalHours: 6 });
    expect(made.ok).toBe(true);
    clock.advance(HOUR_MS);
    // A restart an hour later: the next is due five hours from now, nothing is made now.
    const schedule = new BackupSchedule({ maker, jobs: { ensureRecurring: () => ({}) as never }, dir: device.backups, policy: () => ({ count: 7, intervalHours: 6 }), clock, logger });
    expect(await schedule.runDue()).toBe(clock.now().getTime() + 5 * HOUR_MS);
    expect(listBackups(device.backups)).toHaveLength(2);
  });

  it('deletes and reports a copy that fails its integrity check, keeping the backups before it', async () => {
    const clock = new FakeClock();
    const device = deviceIn(temp, clock);
    writeRows(device.store, 0, 500);
    const good = await makerFor(device, clock).maker.make({ count: 7, intervalHours: 24 });
    expect(good.ok).toBe(true);
    clock.advance(HOUR_MS);
    const { maker, logger } = makerFor(device, clock, { afterCopy: damagePages });
    const outcome = await maker.make({ count: 7, intervalHours: 24 });
    expect(outcome).toEqual({ ok: false, problem: expect.stringMatching(/^The copy failed SQLite's integrity check \(.+\) and was deleted; the previous backups are kept\.$/) });
    expect(logger.entries.map((entry) => entry.message)).toContain('a backup failed its integrity check and was deleted');
    expect(readdirSync(device.backups).sort()).toEqual(['device-id', good.ok ? good.backup.name : '']);
  });

  it('is made when the newest is an interval old, not at every start, and waits while an interview is in progress', async () => {
    const clock = new FakeClock();
    const device = deviceIn(temp, clock);
    const { maker } = makerFor(device, clock);
    let busy = false;
    const schedule = new BackupSchedule({ maker, jobs: { ensureRecurring: () => ({}) as never }, dir: device.backups, policy: () => ({ count: 7, intervalHours: 6 }), busy: () => busy, clock, logger: makerFor(device, clock).logger });

    // Not in the middle of the app's start: ten minutes later.
    expect(await schedule.runDue()).toBe(clock.now().getTime() + 10 * 60 * 1000);
    expect(listBackups(device.backups)).toHaveLength(0);
    clock.advance(10 * 60 * 1000);
    const start = clock.now().getTime();
    expect(await schedule.runDue()).toBe(start + 6 * HOUR_MS);
    expect(listBackups(device.backups)).toHaveLength(1);
    // A restart two hours later: nothing made, the next one still six hours after the first.
    clock.advance(2 * HOUR_MS);
    expect(await schedule.runDue()).toBe(start + 6 * HOUR_MS);
    expect(listBackups(device.backups)).toHaveLength(1);

    clock.advance(4 * HOUR_MS);
    busy = true;
    expect(await schedule.runDue()).toBe(clock.now().getTime() + 15 * 60 * 1000);
    expect(listBackups(device.backups)).toHaveLength(1);
    busy = false;
    expect(await schedule.runDue()).toBe(clock.now().getTime() + 6 * HOUR_MS);
    expect(listBackups(device.backups)).toHaveLength(2);
    expect(existsSync(join(device.backups, 'device-id'))).toBe(true);
  });
});
