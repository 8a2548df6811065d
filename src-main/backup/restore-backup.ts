import { copyFileSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { databaseHolder } from '../db/in-use-marker';
import { sqliteNativeBinding } from '../db/open-database';
import { keepPrivate } from '../files/private-file';
import { BACKUPS_FOLDER, identityOf, IDENTITY_KEY, installIdOf, integrityProblems, type BackupIdentity } from '../db/backup-files';
import { DEVICE_ID_FILE } from './make-backup';

/** The device database's name in the data folder (app/create-app.ts opens the same file). */
const DATABASE_FILE = 'kiosk.sqlite';
/** SQLite's files beside a database in WAL mode: they belong to it and move with it. */
const COMPANIONS = ['', '-wal', '-shm'] as const;
/**
 * sync/sync-state-store.ts STATE_KEYS.seqBase: where this device's outbox
 * ids meet the hosted database's sequence. A restored database's outbox
 * restarts from the backup's last id, so with the old base its next changes
 * would reuse sequence numbers the server already applied, and be dropped
 * as replays. Without it the next sync fixes a new base after what the
 * server holds and pulls everything again (sync-run.ts, a new device).
 */
export const SEQ_BASE_KEY = 'push.seq_base';

export interface RestoreRequest {
  dataDir: string;
  backup: string;
  now: Date;
  nativeBinding?: string;
  /** Tests: whether a process id is alive (the app's in-use marker). */
  isAlive?: (pid: number) => boolean;
}

export type RestoreOutcome =
  | { ok: true; identity: BackupIdentity; keptAs: string | null; thisDevice: string | null }
  | { ok: false; problem: string };

/**
 * Puts a backup back as the device's database (issue 20, point 5), refusing
 * whatever would do harm: while the app has the database open; a file that
 * is not one of this app's backups or fails `integrity_check`; a backup
 * another device made (its install id is not this device's: the two would
 * then share one identity, and one sync history, with the hosted
 * database). The database that was there is renamed aside with its WAL,
 * never deleted, so a restore can itself be undone.
 */
export function restoreBackup(request: RestoreRequest): RestoreOutcome {
  const dataDir = resolve(request.dataDir);
  const backup = resolve(request.backup);
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
  if (!existsSync(backup)) return { ok: false, problem: `No file at ${backup}. Give a backup's path; \`backup list\` shows this device's.` };

  const read = readBackup(backup, nativeBinding);
  if (!read.ok) return read;
  const { identity } = read;

  const thisDevice = deviceIdOf(dataDir, current, nativeBinding);
  if (thisDevice !== null && thisDevice !== identity.installId) {
    return {
      ok: false,
      problem:
        `This backup is from device ${identity.installId}; this device is ${thisDevice}. Nothing was changed. ` +
        `A device restores only its own backups: two devices with one identity would confuse sync with the hosted database. ` +
        `Restore it on device ${identity.installId}, or set this device up afresh and let sync bring the organisation's records back.`,
    };
  }

  const stamp = request.now.toISOString().replace(/[-:.]/g, '');
  const keptAs = existsSync(current) ? `${current}.before-restore-${stamp}` : null;
  const incoming = join(dataDir, `.${DATABASE_FILE}.restoring-${stamp}`);
  try {
    copyFileSync(backup, incoming);
    keepPrivate(incoming);
    unmark(incoming, nativeBinding);
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
  return { ok: true, identity, keptAs, thisDevice };
}

type ReadBackup = { ok: true; identity: BackupIdentity } | { ok: false; problem: string };

/** The backup's identity, after SQLite's integrity check of the whole file; opened read-only, so it is never changed. */
function readBackup(path: string, nativeBinding: string | undefined): ReadBackup {
  let copy: Database.Database;
  try {
    copy = new Database(path, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  } catch (error) {
    return { ok: false, problem: `${path} could not be opened as a database (${messageOf(error)}). Nothing was changed.` };
  }
  try {
    let problems: string[];
    try {
      problems = integrityProblems(copy);
    } catch (error) {
      problems = [messageOf(error)];
    }
    if (problems.length > 0) {
      return { ok: false, problem: `${path} fails SQLite's integrity check (${problems[0]}), so it is damaged and was not restored. Nothing was changed; choose an older backup.` };
    }
    const identity = identityOf(copy);
    if (!identity) return { ok: false, problem: `${path} is not a backup this app made (it does not say which device made it). Nothing was changed.` };
    const inside = installIdOf(copy);
    if (inside !== null && inside !== identity.installId) return { ok: false, problem: `${path} says it was made by ${identity.installId} but holds device ${inside}'s database. Nothing was changed.` };
    return { ok: true, identity };
  } finally {
    copy.close();
  }
}

/**
 * This device's install id: its database says, or (a database too damaged
 * to open, or gone) the id its last backup wrote beside the backups. Null
 * when neither exists: a device with nothing of its own takes the backup's.
 */
function deviceIdOf(dataDir: string, current: string, nativeBinding: string | undefined): string | null {
  if (existsSync(current)) {
    try {
      const db = new Database(current, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
      try {
        const id = installIdOf(db);
        if (id !== null) return id;
      } finally {
        db.close();
      }
    } catch {
      // Too damaged to read: the file beside the backups says.
    }
  }
  try {
    return readFileSync(join(dataDir, BACKUPS_FOLDER, DEVICE_ID_FILE), 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/** The restored database is the device's again, not a backup: its identity row goes, and its sync starts afresh. */
function unmark(path: string, nativeBinding: string | undefined): void {
  const db = new Database(path, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    db.prepare('DELETE FROM sync_state WHERE key IN (?, ?)').run(IDENTITY_KEY, SEQ_BASE_KEY);
  } finally {
    db.close();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
