import { randomUUID } from 'node:crypto';
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { BACKUPS_FOLDER } from '../../../src-main/db/backup-files';
import { BackupMaker } from '../../../src-main/backup/make-backup';
import type { Clock } from '../../../src-main/common/clock';
import type { AppDatabase } from '../../../src-main/db/open-database';
import { kioskIdFrom } from '../../../src-main/proctoring/kiosk-id';
import { SyncStateStore } from '../../../src-main/sync/sync-state-store';
import { FakeClock } from '../../support/test-app';
import { recordingLogger, useTempDirs } from '../db/support';

/** A device's data folder with its database (the app's file name), its install id made as the app makes it. */
export function deviceIn(temp: ReturnType<typeof useTempDirs>, clock: Clock = new FakeClock()) {
  const dataDir = temp.make();
  const store = temp.open(join(dataDir, 'kiosk.sqlite'));
  const installId = kioskIdFrom(new SyncStateStore(store.sqlite, clock));
  return { dataDir, store, installId, backups: join(dataDir, BACKUPS_FOLDER) };
}

export function makerFor(device: { store: AppDatabase; installId: string; backups: string }, clock: Clock, extra: { afterCopy?: (path: string) => void } = {}) {
  const logger = recordingLogger();
  const maker = new BackupMaker({ sqlite: device.store.sqlite, dir: device.backups, installId: device.installId, appVersion: '9.9.9-test', clock, logger, ...extra });
  return { maker, logger };
}

/** A few hundred bytes a row, so a test database spans enough pages for the backup to take several steps. */
const ROW_VALUE = 'x'.repeat(300);

/** Rows a restore must bring back: plain keys in the device's bookkeeping table. */
export function writeRows(store: AppDatabase, from: number, count: number): void {
  const insert = store.sqlite.prepare("INSERT INTO sync_state (key, value, updated_at) VALUES (?, ?, '2026-01-01T00:00:00Z')");
  // One transaction: each commit is fsynced (synchronous = FULL), and a test writes thousands.
  store.sqlite.transaction(() => {
    for (let n = from; n < from + count; n += 1) insert.run(`test.row.${n}`, ROW_VALUE);
  })();
}

export function rowCount(store: AppDatabase): number {
  return (store.sqlite.prepare("SELECT count(*) AS n FROM sync_state WHERE key LIKE 'test.row.%'").get() as { n: number }).n;
}

/** Overwrites every page after the first with garbage: SQLite still opens the file, and its integrity check fails. */
export function damagePages(path: string): void {
  const size = statSync(path).size;
  const fd = openSync(path, 'r+');
  try {
    for (let offset = 4096; offset + 64 <= size; offset += 4096) writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, offset + 8);
  } finally {
    closeSync(fd);
  }
}

/**
 * `count` local changes waiting in the outbox, as outbox.ts queues them (the
 * row itself is not needed: the restore and the push read only the outbox).
 * Their ids, oldest first.
 */
export function queueChanges(store: AppDatabase, count: number): number[] {
  const insert = store.sqlite.prepare("INSERT INTO sync_outbox (table_name, row_id, operation, row_version, payload) VALUES ('candidates', ?, 'upsert', 1, ?)");
  const ids: number[] = [];
  for (let n = 0; n < count; n += 1) {
    const rowId = randomUUID();
    ids.push(Number(insert.run(rowId, JSON.stringify({ id: rowId })).lastInsertRowid));
  }
  return ids;
}

/** What a push the hosted database acknowledged up to outbox id `upTo` leaves (OutboxQueue.acknowledge). */
export function markPushed(store: AppDatabase, upTo: number): void {
  store.sqlite.prepare("UPDATE sync_outbox SET pushed_at = '2026-11-25T09:00:00Z' WHERE pushed_at IS NULL AND id <= ?").run(upTo);
}
