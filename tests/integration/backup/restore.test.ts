import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { IDENTITY_KEY } from '../../../src-main/db/backup-files';
import { restoreBackup, SEQ_BASE_KEY } from '../../../src-main/backup/restore-backup';
import { STATE_KEYS } from '../../../src-main/sync/sync-state-store';
import { markDatabaseInUse } from '../../../src-main/db/in-use-marker';
import { FakeClock } from '../../support/test-app';
import { useTempDirs } from '../db/support';
import { damagePages, deviceIn, makerFor, writeRows } from './support';

const temp = useTempDirs();
const now = new Date('2026-12-01T10:00:00.000Z');

async function backedUpDevice(rows = 300) {
  const clock = new FakeClock();
  const device = deviceIn(temp, clock);
  writeRows(device.store, 0, rows);
  // A synced device: where its outbox meets the server's sequence.
  device.store.sqlite.prepare("INSERT INTO sync_state (key, value, updated_at) VALUES (?, '{\"deviceId\":\"d1\",\"base\":0}', '2026-01-01T00:00:00Z')").run(STATE_KEYS.seqBase);
  const outcome = await makerFor(device, clock).maker.make({ count: 7, intervalHours: 24 });
  if (!outcome.ok) throw new Error(outcome.problem);
  return { ...device, backup: outcome.backup.path };
}

function rowsIn(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM sync_state WHERE key LIKE 'test.row.%'").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('restoring a backup', () => {
  it('brings the data back, keeps the database that was there (with its WAL) beside it, and unmarks the copy', async () => {
    const device = await backedUpDevice(300);
    device.store.sqlite.prepare("DELETE FROM sync_state WHERE key LIKE 'test.row.%'").run();
    writeRows(device.store, 1000, 6);
    device.store.close();
    // What a crash leaves: a WAL beside the database. It belongs to that database and must move with it.
    writeFileSync(join(device.dataDir, 'kiosk.sqlite-wal'), 'the old database’s log');

    const outcome = restoreBackup({ dataDir: device.dataDir, backup: device.backup, now });
    expect(outcome).toEqual({
      ok: true,
      identity: expect.objectContaining({ installId: device.installId, appVersion: '9.9.9-test' }),
      keptAs: join(device.dataDir, 'kiosk.sqlite.before-restore-20261201T100000000Z'),
      thisDevice: device.installId,
    });
    const restored = join(device.dataDir, 'kiosk.sqlite');
    expect(rowsIn(restored)).toBe(300);
    const db = new Database(restored, { readonly: true });
    expect(db.prepare('SELECT value FROM sync_state WHERE key = ?').get(IDENTITY_KEY)).toBeUndefined();
    // Its next sync fixes a new sequence base and pulls everything again: changes made after the restore are not taken for replays.
    expect(SEQ_BASE_KEY).toBe(STATE_KEYS.seqBase);
    expect(db.prepare('SELECT value FROM sync_state WHERE key = ?').get(SEQ_BASE_KEY)).toBeUndefined();
    db.close();
    expect(readFileSync(join(device.dataDir, 'kiosk.sqlite.before-restore-20261201T100000000Z-wal'), 'utf8')).toBe('the old database’s log');
    expect(existsSync(join(device.dataDir, 'kiosk.sqlite-wal'))).toBe(false);
    rmSync(join(device.dataDir, 'kiosk.sqlite.before-restore-20261201T100000000Z-wal'));
    // The one kept aside still has what it had.
    expect(rowsIn(join(device.dataDir, 'kiosk.sqlite.before-restore-20261201T100000000Z'))).toBe(6);
    expect(readdirSync(device.dataDir).filter((name) => name.startsWith('.kiosk.sqlite.restoring'))).toEqual([]);
    // The backup itself is untouched: it can be restored again.
    expect(restoreBackup({ dataDir: device.dataDir, backup: device.backup, now: new Date('2026-12-01T11:00:00.000Z') }).ok).toBe(true);
  });

  it("refuses another device's backup, naming both devices, and changes nothing", async () => {
    const other = await backedUpDevice();
    const here = deviceIn(temp);
    writeRows(here.store, 0, 3);
    const outcome = restoreBackup({ dataDir: here.dataDir, backup: other.backup, now });
    expect(outcome).toEqual({ ok: false, problem: expect.stringContaining(`This backup is from device ${other.installId}; this device is ${here.installId}. Nothing was changed.`) });
    expect(readdirSync(here.dataDir).filter((name) => name.includes('before-restore'))).toEqual([]);
    expect(here.store.sqlite.prepare("SELECT count(*) AS n FROM sync_state WHERE key LIKE 'test.row.%'").get()).toEqual({ n: 3 });
  });

  it('knows this device from the id beside its backups when its database is too damaged to say', async () => {
    const other = await backedUpDevice();
    const here = await backedUpDevice();
    here.store.close();
    writeFileSync(join(here.dataDir, 'kiosk.sqlite'), 'not a database any more');
    const refused = restoreBackup({ dataDir: here.dataDir, backup: other.backup, now });
    expect(refused.ok || refused.problem).toContain(`this device is ${here.installId}`);
    const restored = restoreBackup({ dataDir: here.dataDir, backup: here.backup, now });
    expect(restored.ok).toBe(true);
    expect(readFileSync(join(here.dataDir, 'kiosk.sqlite.before-restore-20261201T100000000Z'), 'utf8')).toBe('not a database any more');
  });

  it('refuses a backup that fails integrity_check', async () => {
    const device = await backedUpDevice();
    damagePages(device.backup);
    const outcome = restoreBackup({ dataDir: device.dataDir, backup: device.backup, now });
    expect(outcome).toEqual({ ok: false, problem: expect.stringMatching(/fails SQLite's integrity check .* Nothing was changed; choose an older backup\.$/) });
    expect(readdirSync(device.dataDir).filter((name) => name.includes('before-restore'))).toEqual([]);
  });

  it('refuses a file that is not one of this app’s backups', async () => {
    const device = await backedUpDevice();
    const plain = join(temp.make(), 'plain.sqlite');
    new Database(plain).exec('CREATE TABLE t (x)').close();
    expect(restoreBackup({ dataDir: device.dataDir, backup: plain, now })).toEqual({ ok: false, problem: expect.stringContaining('is not a backup this app made') });
    expect(restoreBackup({ dataDir: device.dataDir, backup: join(device.dataDir, 'missing.sqlite'), now })).toEqual({ ok: false, problem: expect.stringContaining('No file at') });
  });

  it('refuses while the app is running on the data folder, and not after it quit or crashed', async () => {
    const device = await backedUpDevice();
    device.store.close();
    const running = markDatabaseInUse(device.dataDir, 4242);
    expect(restoreBackup({ dataDir: device.dataDir, backup: device.backup, now, isAlive: (pid) => pid === 4242 })).toEqual({
      ok: false,
      problem: expect.stringMatching(/^The app is running on this data folder \(process 4242\), so its database cannot be replaced\. Quit the app/),
    });
    expect(existsSync(join(device.dataDir, 'kiosk.sqlite'))).toBe(true);
    // A crash left the marker; its process is gone.
    expect(restoreBackup({ dataDir: device.dataDir, backup: device.backup, now, isAlive: () => false }).ok).toBe(true);
    running.release();
    expect(existsSync(join(device.dataDir, 'kiosk.pid'))).toBe(false);
  });
});
