import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';

/** Where a device keeps its backups: beside its database, in the data folder. */
export const BACKUPS_FOLDER = 'backups';

/**
 * What a backup says about itself, written into the copy (sync_state, key
 * `backup.identity`) so it cannot be separated from the file: which install
 * made it (the restore refuses another device's), with which app and
 * schema, and when.
 */
export interface BackupIdentity {
  installId: string;
  appVersion: string;
  /** Migrations applied to the database copied, and the newest one's journal time. */
  schema: SchemaVersion;
  madeAt: string;
}

export interface SchemaVersion {
  migrations: number;
  latest: number | null;
}

export const IDENTITY_KEY = 'backup.identity';
/** This install's id in the device's own bookkeeping (proctoring/kiosk-id.ts makes it). */
export const INSTALL_ID_KEY = 'kiosk.install_id';

/** sync_state key: { deviceId, base }, where this device's outbox ids meet the hosted database's sequence for its device (sync/outbox-queue.ts). */
export const SEQ_BASE_KEY = 'push.seq_base';
export interface SeqBase {
  deviceId: string;
  base: number;
}

/**
 * sync_state key a restore sets in the database it puts back: outbox
 * entries up to `upTo` came from the backup, and some may be on the hosted
 * database already (the replaced database pushed them after the backup was
 * made). The next sync asks the hosted database which (sync/outbox-queue.ts).
 */
export const RESTORED_OUTBOX_KEY = 'push.restored';
export interface RestoredOutbox {
  upTo: number;
}

const NAME = /^kiosk-(\d{8}T\d{9}Z)\.sqlite$/;

/** `kiosk-20261207T091500123Z.sqlite`: sorts by time, and is safe on every file system. */
export function backupName(at: Date): string {
  return `kiosk-${at.toISOString().replace(/[-:.]/g, '')}.sqlite`;
}

export interface BackupFile {
  name: string;
  path: string;
  /** From the name: when the backup was made. */
  madeAt: Date;
  sizeBytes: number;
}

/** The backups in `dir`, newest first; none when the folder does not exist. */
export function listBackups(dir: string): BackupFile[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const found: BackupFile[] = [];
  for (const name of names) {
    const stamp = NAME.exec(name)?.[1];
    if (!stamp) continue;
    const iso = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}.${stamp.slice(15, 18)}Z`;
    const madeAt = new Date(iso);
    if (Number.isNaN(madeAt.getTime())) continue;
    try {
      found.push({ name, path: join(dir, name), madeAt, sizeBytes: statSync(join(dir, name)).size });
    } catch {
      // Removed meanwhile (a rotation in the app while the CLI lists).
    }
  }
  return found.sort((a, b) => b.name.localeCompare(a.name));
}

export function schemaVersionOf(sqlite: Database.Database): SchemaVersion {
  try {
    const row = sqlite.prepare('SELECT count(*) AS migrations, max(created_at) AS latest FROM __drizzle_migrations').get() as { migrations: number; latest: number | string | null };
    return { migrations: row.migrations, latest: row.latest === null ? null : Number(row.latest) };
  } catch {
    return { migrations: 0, latest: null };
  }
}

function stateValue(sqlite: Database.Database, key: string): string | null {
  try {
    const row = sqlite.prepare('SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  } catch {
    return null;
  }
}

/** The install id a database belongs to; null for one that has none (not this app's, or never started). */
export function installIdOf(sqlite: Database.Database): string | null {
  return stateValue(sqlite, INSTALL_ID_KEY);
}

/** The identity a backup carries; null for a file that is not one of this app's backups. */
export function identityOf(sqlite: Database.Database): BackupIdentity | null {
  const text = stateValue(sqlite, IDENTITY_KEY);
  if (text === null) return null;
  try {
    const parsed = JSON.parse(text) as Partial<BackupIdentity>;
    if (typeof parsed.installId !== 'string' || typeof parsed.madeAt !== 'string') return null;
    return {
      installId: parsed.installId,
      appVersion: typeof parsed.appVersion === 'string' ? parsed.appVersion : 'unknown',
      schema: parsed.schema ?? { migrations: 0, latest: null },
      madeAt: parsed.madeAt,
    };
  } catch {
    return null;
  }
}

/** `PRAGMA integrity_check`: 'ok', or SQLite's first few findings. */
export function integrityProblems(sqlite: Database.Database, limit = 20): string[] {
  const rows = sqlite.pragma(`integrity_check(${limit})`) as Array<{ integrity_check: string }>;
  const findings = rows.map((row) => row.integrity_check);
  return findings.length === 1 && findings[0] === 'ok' ? [] : findings;
}
