import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { appliedMigrationTimes, migrationsUnknownTo, readMigrationJournal } from '../db/apply-migrations';
import { BACKUPS_FOLDER, identityOf, installIdOf, integrityProblems, SEQ_BASE_KEY, type BackupIdentity, type SeqBase } from '../db/backup-files';
import { DEVICE_ID_FILE } from './make-backup';

/**
 * What a restore reads before it changes anything (restore-backup.ts): the
 * backup, checked whole, and the database it would replace. Both are opened
 * read-only, so reading them never changes either.
 */

export interface BackupContents {
  identity: BackupIdentity;
  /** The newest outbox entry the backup holds (0: none). */
  lastOutboxId: number;
  /** Its sync_state push.seq_base, as stored; null when it had never synced. */
  seqBase: string | null;
}

export type ReadBackup = { ok: true; backup: BackupContents } | { ok: false; problem: string };

/** The backup, after SQLite's integrity check of the whole file and a check that this app can open what it holds. */
export function readBackup(path: string, migrationsDir: string, nativeBinding: string | undefined): ReadBackup {
  let copy: Database.Database;
  try {
    copy = openReadOnly(path, nativeBinding);
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
    // The app refuses to start on a database with migrations it does not know (db/apply-migrations.ts): refused here, before the swap.
    const unknown = migrationsUnknownTo(readMigrationJournal(path, migrationsDir), appliedMigrationTimes(copy));
    if (unknown.length > 0) {
      return {
        ok: false,
        problem:
          `${path} was made by app ${identity.appVersion}, whose database has ${unknown.length} schema change(s) this version of the app does not know, ` +
          `so this app could not open it. Nothing was changed. Install app ${identity.appVersion} or later, then restore it.`,
      };
    }
    return { ok: true, backup: { identity, lastOutboxId: lastOutboxId(copy), seqBase: seqBaseOf(copy) } };
  } catch (error) {
    // A journal this app cannot read (an incomplete installation): its message says so.
    return { ok: false, problem: `${messageOf(error)} Nothing was changed.` };
  } finally {
    copy.close();
  }
}

export type CurrentDatabase =
  | { state: 'absent' }
  | {
      state: 'readable';
      installId: string | null;
      seqBase: string | null;
      /** Its changes that have not reached the hosted database, written after the outbox entry `lastOutboxId` (the backup's newest). */
      unsyncedAfter(lastOutboxId: number): number;
    }
  | { state: 'unreadable'; reason: string };

/** The database a restore would set aside, as far as it can be read; its counts are read now, before it is moved. */
export function readCurrent(file: string, nativeBinding: string | undefined): CurrentDatabase {
  if (!existsSync(file)) return { state: 'absent' };
  try {
    const db = openReadOnly(file, nativeBinding);
    try {
      const unsynced = db.prepare('SELECT id FROM sync_outbox WHERE pushed_at IS NULL').pluck().all() as number[];
      return {
        state: 'readable',
        installId: installIdOf(db),
        seqBase: seqBaseOf(db),
        unsyncedAfter: (last) => unsynced.filter((id) => id > last).length,
      };
    } finally {
      db.close();
    }
  } catch (error) {
    return { state: 'unreadable', reason: messageOf(error) };
  }
}

/**
 * This device's install id: its database says, or (a database too damaged
 * to say, or gone) the id its last backup wrote beside the backups. Null
 * when neither does: the data folder was wiped, or this is another computer.
 */
export function thisDeviceId(dataDir: string, current: CurrentDatabase): string | null {
  if (current.state === 'readable' && current.installId !== null) return current.installId;
  try {
    return readFileSync(join(dataDir, BACKUPS_FOLDER, DEVICE_ID_FILE), 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/**
 * Where the restored outbox meets the hosted database's sequence: the
 * backup's own base, the one its outbox ids were numbered under, unless the
 * database it replaces meets another server device (IT enrolled this one
 * again since): then only that one's base tells what the server holds.
 */
export function seqBaseAfterRestore(backup: BackupContents, current: CurrentDatabase): string | null {
  const here = current.state === 'readable' ? current.seqBase : null;
  if (here === null || backup.seqBase === null) return backup.seqBase ?? here;
  return deviceOf(here) === deviceOf(backup.seqBase) ? backup.seqBase : here;
}

function deviceOf(seqBase: string): string | null {
  try {
    return (JSON.parse(seqBase) as Partial<SeqBase>).deviceId ?? null;
  } catch {
    return null;
  }
}

function seqBaseOf(db: Database.Database): string | null {
  const row = db.prepare('SELECT value FROM sync_state WHERE key = ?').get(SEQ_BASE_KEY) as { value: string } | undefined;
  return row?.value ?? null;
}

function lastOutboxId(db: Database.Database): number {
  return (db.prepare('SELECT coalesce(max(id), 0) AS id FROM sync_outbox').get() as { id: number }).id;
}

function openReadOnly(path: string, nativeBinding: string | undefined): Database.Database {
  return new Database(path, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
