import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { databaseHolder } from '../db/in-use-marker';
import { sqliteNativeBinding } from '../db/open-database';
import { keepPrivate } from '../files/private-file';
import { IDENTITY_KEY, RESTORED_OUTBOX_KEY, SEQ_BASE_KEY, type BackupIdentity, type RestoredOutbox } from '../db/backup-files';
import { messageOf, readBackup, readCurrent, seqBaseAfterRestore, thisDeviceId, type BackupContents, type CurrentDatabase } from './restore-sources';

/** The device database's name in the data folder (app/create-app.ts opens the same file). */
const DATABASE_FILE = 'kiosk.sqlite';
/** SQLite's files beside a database in WAL mode: they belong to it and move with it. */
const COMPANIONS = ['', '-wal', '-shm'] as const;
/** What a database set aside by a restore is called: `kiosk.sqlite.before-restore-<time>`. */
export const SET_ASIDE_MARK = `${DATABASE_FILE}.before-restore-`;

/** The command line's words for the two confirmations (cli/commands/backup.ts), named in the refusals. */
export const DISCARD_UNSYNCED_FLAG = '--discard-unsynced';
export const ADOPT_DEVICE_FLAG = '--adopt-device';

export interface RestoreRequest {
  dataDir: string;
  backup: string;
  now: Date;
  /** This app's SQLite migrations: a backup with migrations it does not list was made by a newer app, which this one cannot open. */
  migrationsDir: string;
  /** Restore even though the database here holds changes the hosted database does not have (they stay only in the file set aside). */
  discardUnsynced?: boolean;
  /** Restore on a device with no identity of its own (a wiped data folder, a replacement computer): it becomes the device that made the backup. */
  adoptDevice?: boolean;
  nativeBinding?: string;
  /** Tests: whether a process id is alive (the app's in-use marker). */
  isAlive?: (pid: number) => boolean;
}

export type RestoreOutcome =
  | {
      ok: true;
      identity: BackupIdentity;
      keptAs: string | null;
      thisDevice: string | null;
      /** Changes the database set aside held that the hosted database does not have; null when it could not be read to count them. */
      unsyncedSetAside: number | null;
    }
  | { ok: false; problem: string };

/**
 * Puts a backup back as the device's database (issue 20, point 5), refusing
 * whatever would do harm, each unless confirmed where a person can judge it:
 * while the app has the database open; a file that is not one of this app's
 * backups, fails `integrity_check`, or was made by a newer app; a backup
 * another device made (the two would share one identity, and one sync
 * history, with the hosted database); unless `adoptDevice`, any backup on a
 * device with no identity; unless `discardUnsynced`, when the database here
 * holds changes the hosted database does not have (or cannot be read to
 * tell). The database that was there is renamed aside with its WAL, never
 * deleted, so a restore can itself be undone.
 */
export function restoreBackup(request: RestoreRequest): RestoreOutcome {
  const dataDir = resolve(request.dataDir);
  const backupPath = resolve(request.backup);
  const current = join(dataDir, DATABASE_FILE);
  const nativeBinding = request.nativeBinding ?? sqliteNativeBinding();

  const holder = databaseHolder(dataDir, request.isAlive);
  if (holder) {
    return {
      ok: false,
      problem:
        `The app is running on this data folder (process ${holder.pid}), so its database cannot be replaced. Quit the app and run the restore again. ` +
        `If the app is not running, delete ${holder.file} and try again.`,
    };
  }
  if (!existsSync(backupPath)) return { ok: false, problem: `No file at ${backupPath}. Give a backup's path; \`backup list\` shows this device's.` };

  const read = readBackup(backupPath, request.migrationsDir, nativeBinding);
  if (!read.ok) return read;
  const { backup } = read;
  const { identity } = backup;

  const here = readCurrent(current, nativeBinding);
  const thisDevice = thisDeviceId(dataDir, here);
  const refusal = identityRefusal(identity, thisDevice, request) ?? unsyncedRefusal(backup, here, request);
  if (refusal) return { ok: false, problem: refusal };

  const stamp = request.now.toISOString().replace(/[-:.]/g, '');
  const keptAs = existsSync(current) ? join(dataDir, `${SET_ASIDE_MARK}${stamp}`) : null;
  const incoming = join(dataDir, `.${DATABASE_FILE}.restoring-${stamp}`);
  try {
    copyFileSync(backupPath, incoming);
    keepPrivate(incoming);
    unmark(incoming, { upTo: backup.lastOutboxId }, seqBaseAfterRestore(backup, here), request.now, nativeBinding);
  } catch (error) {
    rmSync(incoming, { force: true });
    return { ok: false, problem: `The backup could not be copied into ${dataDir} (${messageOf(error)}). Nothing was changed; check the disk has room.` };
  }

  const moved: Array<[string, string]> = [];
  try {
    if (keptAs) {
      for (const suffix of COMPANIONS) {
        if (!existsSync(current + suffix)) continue;
        renameSync(current + suffix, keptAs + suffix);
        moved.push([current + suffix, keptAs + suffix]);
      }
    }
    renameSync(incoming, current);
  } catch (error) {
    // Put back what was moved: the device is left as it was found.
    for (const [from, to] of moved.reverse()) renameSync(to, from);
    rmSync(incoming, { force: true });
    return { ok: false, problem: `The restore could not put the backup in place (${messageOf(error)}); the database that was there is back as it was.` };
  }
  const unsyncedSetAside = here.state === 'readable' ? here.unsyncedAfter(backup.lastOutboxId) : here.state === 'absent' ? 0 : null;
  return { ok: true, identity, keptAs, thisDevice, unsyncedSetAside };
}

/** Why this backup is not this device's to restore, or null. */
function identityRefusal(identity: BackupIdentity, thisDevice: string | null, request: RestoreRequest): string | null {
  if (thisDevice === null) {
    if (request.adoptDevice) return null;
    return (
      `This device has no identity of its own (no database in ${resolve(request.dataDir)} says which device it is, and no backup left its id there): ` +
      `its data folder was wiped, or this is another computer. Restoring would make it device ${identity.installId}, the device that made this backup. Nothing was changed. ` +
      `Do that only if device ${identity.installId} is not in use anywhere else (this is that computer, or its replacement): two devices with one identity confuse sync. ` +
      `If so, run the restore again with ${ADOPT_DEVICE_FLAG}.`
    );
  }
  if (thisDevice === identity.installId) return null;
  return (
    `This backup is from device ${identity.installId}; this device is ${thisDevice}. Nothing was changed. ` +
    `A device restores only its own backups: two devices with one identity would confuse sync with the hosted database. ` +
    `Restore it on device ${identity.installId}, or set this device up afresh and let sync bring the organisation's records back.`
  );
}

/** Why restoring would lose changes the hosted database does not have, or null. */
function unsyncedRefusal(backup: BackupContents, here: CurrentDatabase, request: RestoreRequest): string | null {
  if (request.discardUnsynced || here.state === 'absent') return null;
  const setAside = `${SET_ASIDE_MARK}<time>`;
  if (here.state === 'unreadable') {
    return (
      `The database here cannot be read (${here.reason}), so the changes it holds that have not reached the hosted database cannot be counted. Nothing was changed. ` +
      `Restoring sets it aside as ${setAside}, where the app no longer sees it: any such change would be there only. ` +
      `To restore anyway, run the restore again with ${DISCARD_UNSYNCED_FLAG}.`
    );
  }
  const count = here.unsyncedAfter(backup.lastOutboxId);
  if (count === 0) return null;
  return (
    `The database here holds ${count} change${count === 1 ? '' : 's'} made after this backup that ${count === 1 ? 'has' : 'have'} not reached the hosted database ` +
    `(it is not set up, or the device has not synced since). Nothing was changed. Restoring sets this database aside as ${setAside}, where the app no longer sees it, ` +
    `so ${count === 1 ? 'that change' : 'those changes'} would be there only. Start the app and let it sync first, or, to restore anyway, ` +
    `run the restore again with ${DISCARD_UNSYNCED_FLAG}.`
  );
}

/**
 * The restored database is the device's again, not a backup: its identity
 * row goes. Its outbox is marked as restored (settled by the next sync,
 * sync/outbox-queue.ts, which asks the hosted database what it already has),
 * over the base that sequence is read by.
 */
function unmark(path: string, restored: RestoredOutbox, seqBase: string | null, now: Date, nativeBinding: string | undefined): void {
  const db = new Database(path, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    const put = db.prepare('INSERT INTO sync_state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at');
    const at = now.toISOString();
    db.transaction(() => {
      db.prepare('DELETE FROM sync_state WHERE key IN (?, ?)').run(IDENTITY_KEY, SEQ_BASE_KEY);
      if (seqBase !== null) put.run(SEQ_BASE_KEY, seqBase, at);
      put.run(RESTORED_OUTBOX_KEY, JSON.stringify(restored), at);
    })();
  } finally {
    db.close();
  }
}
