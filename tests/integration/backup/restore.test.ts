import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { IDENTITY_KEY, RESTORED_OUTBOX_KEY, SEQ_BASE_KEY } from '../../../src-main/db/backup-files';
import { restoreBackup as restoreWith, type RestoreRequest } from '../../../src-main/backup/restore-backup';
import { OutboxQueue } from '../../../src-main/sync/outbox-queue';
import { STATE_KEYS, SyncStateStore } from '../../../src-main/sync/sync-state-store';
import { markDatabaseInUse } from '../../../src-main/db/in-use-marker';
import { FakeClock, migrationsDir } from '../../support/test-app';
import { useTempDirs } from '../db/support';
import { damagePages, deviceIn, makerFor, markPushed, queueChanges, writeRows } from './support';

const temp = useTempDirs();
const now = new Date('2026-12-01T10:00:00.000Z');

/** With this app's own migrations, as the command line gives them. */
function restoreBackup(request: Omit<RestoreRequest, 'migrationsDir'>) {
  return restoreWith({ migrationsDir, ...request });
}

/** A synced device (server device d1, base 0) with `rows` rows, and `queued` changes in its outbox of which the first `pushed` reached the server, backed up. */
async function backedUpDevice(rows = 300, outbox: { queued: number; pushed: number } = { queued: 0, pushed: 0 }) {
  const clock = new FakeClock();
  const device = deviceIn(temp, clock);
  writeRows(device.store, 0, rows);
  device.store.sqlite.prepare("INSERT INTO sync_state (key, value, updated_at) VALUES (?, '{\"deviceId\":\"d1\",\"base\":0}', '2026-01-01T00:00:00Z')").run(STATE_KEYS.seqBase);
  queueChanges(device.store, outbox.queued);
  markPushed(device.store, outbox.pushed);
  const outcome = await makerFor(device, clock).maker.make({ count: 7, intervalHours: 24 });
  if (!outcome.ok) throw new Error(outcome.problem);
  return { ...device, clock, backup: outcome.backup.path };
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
      unsyncedSetAside: 0,
    });
    const restored = join(device.dataDir, 'kiosk.sqlite');
    expect(rowsIn(restored)).toBe(300);
    const db = new Database(restored, { readonly: true });
    expect(db.prepare('SELECT value FROM sync_state WHERE key = ?').get(IDENTITY_KEY)).toBeUndefined();
    // Its next sync asks the hosted database what of the backup's outbox it has (by this base), then starts afresh.
    expect([SEQ_BASE_KEY, RESTORED_OUTBOX_KEY]).toEqual([STATE_KEYS.seqBase, STATE_KEYS.restoredOutbox]);
    expect(db.prepare('SELECT value FROM sync_state WHERE key = ?').pluck().get(SEQ_BASE_KEY)).toBe('{"deviceId":"d1","base":0}');
    expect(db.prepare('SELECT value FROM sync_state WHERE key = ?').pluck().get(RESTORED_OUTBOX_KEY)).toBe('{"upTo":0}');
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

  it('refuses, changing nothing, while the database here holds changes made after the backup that were not synced; with the flag, restores and says how many', async () => {
    const device = await backedUpDevice();
    queueChanges(device.store, 3);
    device.store.close();
    const refused = restoreBackup({ dataDir: device.dataDir, backup: device.backup, now });
    expect(refused).toEqual({
      ok: false,
      problem: expect.stringMatching(/^The database here holds 3 changes made after this backup that have not reached the hosted database .*Nothing was changed\. .*kiosk\.sqlite\.before-restore-<time>.* --discard-unsynced\.$/),
    });
    expect(readdirSync(device.dataDir).filter((name) => name.includes('before-restore'))).toEqual([]);

    const restored = restoreBackup({ dataDir: device.dataDir, backup: device.backup, now, discardUnsynced: true });
    expect(restored).toMatchObject({ ok: true, unsyncedSetAside: 3 });
    const aside = new Database(join(device.dataDir, 'kiosk.sqlite.before-restore-20261201T100000000Z'), { readonly: true });
    expect(aside.prepare('SELECT count(*) FROM sync_outbox WHERE pushed_at IS NULL').pluck().get()).toBe(3);
    aside.close();
  });

  it('does not count changes that were waiting when the backup was made: the backup holds them too', async () => {
    const device = await backedUpDevice(0, { queued: 2, pushed: 0 });
    device.store.close();
    expect(restoreBackup({ dataDir: device.dataDir, backup: device.backup, now })).toMatchObject({ ok: true, unsyncedSetAside: 0 });
  });

  it('after a restore, the next sync sends only what the hosted database does not have: never a change the replaced database already pushed', async () => {
    const device = await backedUpDevice(0, { queued: 5, pushed: 3 });
    const { clock } = device;
    // After the backup: 4 and 5, and three changes more, all reached the hosted database (its seq 8).
    queueChanges(device.store, 3);
    markPushed(device.store, 8);
    device.store.close();
    expect(restoreBackup({ dataDir: device.dataDir, backup: device.backup, now })).toMatchObject({ ok: true, unsyncedSetAside: 0 });

    const restored = temp.open(join(device.dataDir, 'kiosk.sqlite'));
    const [written] = queueChanges(restored, 1);
    const state = new SyncStateStore(restored.sqlite, clock);
    const queue = new OutboxQueue(restored.sqlite, state, clock);
    const { base, isNewDevice } = queue.ensureBase({ deviceId: 'd1', lastAppliedSeq: 8 });
    // Afresh: the pull reads everything again, which brings back what the hosted database holds newer than the backup.
    expect(isNewDevice).toBe(true);
    // The backup's 4 and 5 are on the server already; only the change written since the restore goes, as the server's next seq.
    expect(queue.pending(base, 100).map((mutation) => [mutation.seq, mutation.rowId])).toEqual([[9, expect.any(String)]]);
    expect(restored.sqlite.prepare('SELECT id FROM sync_outbox WHERE pushed_at IS NULL').pluck().all()).toEqual([written]);
    // Settled once: the next run goes on from that base.
    expect(queue.ensureBase({ deviceId: 'd1', lastAppliedSeq: 8 })).toEqual({ base, isNewDevice: false });
  });

  it('sends what the backup holds that the hosted database never got, by the backup’s own base when the database here cannot be read', async () => {
    const device = await backedUpDevice(0, { queued: 5, pushed: 2 });
    const { clock } = device;
    device.store.close();
    // The database broke after pushing change 4.
    writeFileSync(join(device.dataDir, 'kiosk.sqlite'), 'not a database any more');
    expect(restoreBackup({ dataDir: device.dataDir, backup: device.backup, now, discardUnsynced: true }).ok).toBe(true);

    const restored = temp.open(join(device.dataDir, 'kiosk.sqlite'));
    const queue = new OutboxQueue(restored.sqlite, new SyncStateStore(restored.sqlite, clock), clock);
    const { base } = queue.ensureBase({ deviceId: 'd1', lastAppliedSeq: 4 });
    expect(queue.pending(base, 100).map((mutation) => mutation.seq)).toEqual([5]);
  });

  it('on a device with no identity (its data folder wiped), restores only when told it is to become the device that made the backup', async () => {
    const device = await backedUpDevice();
    device.store.close();
    const wiped = temp.make();
    const refused = restoreBackup({ dataDir: wiped, backup: device.backup, now });
    expect(refused).toEqual({
      ok: false,
      problem: expect.stringMatching(
        new RegExp(`^This device has no identity of its own .*Restoring would make it device ${device.installId}, the device that made this backup\\. Nothing was changed\\. .* --adopt-device\\.$`),
      ),
    });
    expect(readdirSync(wiped)).toEqual([]);
    expect(restoreBackup({ dataDir: wiped, backup: device.backup, now, adoptDevice: true })).toMatchObject({ ok: true, keptAs: null, thisDevice: null });
    expect(rowsIn(join(wiped, 'kiosk.sqlite'))).toBe(300);
    // The flag does not let one device take another's backup.
    const other = deviceIn(temp);
    other.store.close();
    expect(restoreBackup({ dataDir: other.dataDir, backup: device.backup, now, adoptDevice: true })).toMatchObject({ ok: false, problem: expect.stringContaining('This backup is from device') });
  });

  it('refuses a backup made by a newer app, whose schema this app does not know', async () => {
    const device = await backedUpDevice();
    device.store.close();
    const newer = new Database(device.backup);
    newer.prepare("INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('a-later-migration', ?)").run(Date.UTC(2099, 0, 1));
    newer.close();
    const outcome = restoreBackup({ dataDir: device.dataDir, backup: device.backup, now });
    expect(outcome).toEqual({
      ok: false,
      problem: expect.stringMatching(/was made by app 9\.9\.9-test, whose database has 1 schema change\(s\) this version of the app does not know, so this app could not open it\. Nothing was changed\. Install app 9\.9\.9-test or later, then restore it\.$/),
    });
    expect(readdirSync(device.dataDir).filter((name) => name.includes('before-restore'))).toEqual([]);
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
    const refused = restoreBackup({ dataDir: here.dataDir, backup: other.backup, now, discardUnsynced: true });
    expect(refused.ok || refused.problem).toContain(`this device is ${here.installId}`);
    // What it held that never reached the hosted database cannot be counted: only a person can say it may go.
    const uncounted = restoreBackup({ dataDir: here.dataDir, backup: here.backup, now });
    expect(uncounted).toEqual({
      ok: false,
      problem: expect.stringMatching(/^The database here cannot be read \(.+\), so the changes it holds that have not reached the hosted database cannot be counted\. Nothing was changed\..* --discard-unsynced\.$/),
    });
    const restored = restoreBackup({ dataDir: here.dataDir, backup: here.backup, now, discardUnsynced: true });
    expect(restored).toMatchObject({ ok: true, unsyncedSetAside: null });
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
