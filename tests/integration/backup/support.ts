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
