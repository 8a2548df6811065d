import { closeSync, fchmodSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Clock } from '../common/clock';
import { sqliteNativeBinding } from '../db/open-database';
import { PRIVATE_FILE_MODE, writePrivateFileAtomically } from '../files/private-file';
import type { Logger } from '../logging/logger-types';
import { backupName, IDENTITY_KEY, integrityProblems, listBackups, schemaVersionOf, type BackupFile, type BackupIdentity } from '../db/backup-files';

/** How many backups a device keeps, and how often it makes one (IT's `backup` settings). */
export interface BackupPolicy {
  count: number;
  intervalHours: number;
}

/** The install id as a file beside the backups: the restore's way to tell this device when its database is too damaged to say. */
export const DEVICE_ID_FILE = 'device-id';

const PARTIAL_SUFFIX = '.partial';
/** A copy still being written by another process (the CLI's `backup now`) is left alone for this long. */
const STALE_PARTIAL_MS = 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

export interface BackupMakerDeps {
  /** The app's own open connection: SQLite's backup API copies it page by page while the app goes on writing. */
  sqlite: Database.Database;
  /** `<dataDir>/backups`. */
  dir: string;
  installId: string;
  appVersion: string;
  clock: Clock;
  logger: Logger;
  /** The better-sqlite3 addon to open the copy with (as open-database.ts decides by default). */
  nativeBinding?: string;
  /** Tests only: runs on the finished copy before it is checked, to damage it. */
  afterCopy?: (tempPath: string) => void;
}

export type BackupOutcome = { ok: true; backup: BackupFile; removed: string[] } | { ok: false; problem: string };

/**
 * One backup (issue 20, point 5): SQLite's online backup API into a
 * temporary name in the backups folder (owner-only from its first byte),
 * then the copy is opened on its own, checked with `integrity_check`,
 * marked with who made it (BackupIdentity, inside the copy), switched to a
 * single file, and only then renamed to `kiosk-<time>.sqlite`. A copy that
 * fails its check is deleted and reported, never kept under a backup's
 * name. After a good one the oldest are removed: beyond `count`, and any
 * older than count × interval, so an erased candidate's data is gone from
 * every backup within that time. One dated in the future (the clock was
 * set back since) ranks as the oldest (rotationOrder).
 */
export class BackupMaker {
  /** One backup at a time in this process (the job and an admin's `backup now` in the browser host). */
  private running: Promise<BackupOutcome> | null = null;

  constructor(private readonly deps: BackupMakerDeps) {}

  make(policy: BackupPolicy): Promise<BackupOutcome> {
    this.running ??= this.makeOnce(policy).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async makeOnce(policy: BackupPolicy): Promise<BackupOutcome> {
    const { deps } = this;
    const madeAt = deps.clock.now();
    const name = backupName(madeAt);
    const final = join(deps.dir, name);
    const temp = join(deps.dir, `.${name}.${process.pid}${PARTIAL_SUFFIX}`);
    try {
      mkdirSync(deps.dir, { recursive: true, mode: 0o700 });
      createPrivateEmptyFile(temp);
      await deps.sqlite.backup(temp);
      deps.afterCopy?.(temp);
      const problems = finishCopy(temp, {
        installId: deps.installId,
        appVersion: deps.appVersion,
        schema: schemaVersionOf(deps.sqlite),
        madeAt: madeAt.toISOString(),
      }, deps.nativeBinding ?? sqliteNativeBinding());
      if (problems.length > 0) {
        rmSync(temp, { force: true });
        deps.logger.error('a backup failed its integrity check and was deleted', { problems: problems.length, first: clip(problems[0]!) });
        return { ok: false, problem: `The copy failed SQLite's integrity check (${clip(problems[0]!)}) and was deleted; the previous backups are kept.` };
      }
      renameSync(temp, final);
      writePrivateFileAtomically(join(deps.dir, DEVICE_ID_FILE), `${deps.installId}\n`);
    } catch (error) {
      rmSync(temp, { force: true });
      const reason = error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : String(error);
      deps.logger.error('a backup could not be made', { error: reason });
      return { ok: false, problem: `The backup could not be made (${reason}). Check the disk has room and the data folder is writable.` };
    }
    const removed = this.rotate(policy, name);
    const backup = listBackups(deps.dir).find((file) => file.name === name)!;
    deps.logger.info('backup made', { sizeBytes: backup.sizeBytes, kept: policy.count, removed: removed.length });
    return { ok: true, backup, removed };
  }

  /** Deletes what the policy no longer keeps (never `keep`, the backup just made); the names removed. */
  rotate(policy: BackupPolicy, keep: string): string[] {
    const now = this.deps.clock.now().getTime();
    const oldest = now - policy.count * policy.intervalHours * HOUR_MS;
    const removed: string[] = [];
    rotationOrder(listBackups(this.deps.dir), now).forEach((file, index) => {
      const dated = file.madeAt.getTime() <= now;
      if (file.name === keep || (index < policy.count && (!dated || file.madeAt.getTime() >= oldest))) return;
      try {
        rmSync(file.path, { force: true });
        removed.push(file.name);
      } catch (error) {
        this.deps.logger.warn('an old backup could not be deleted; tried again after the next backup', { error: (error as NodeJS.ErrnoException).code ?? 'unknown' });
      }
    });
    removeStalePartials(this.deps.dir, now);
    return removed;
  }
}

/**
 * Newest first, but a backup dated after `now` last: it was made while the
 * clock ran ahead, so its name says nothing of its age. Ranked first by its
 * name it would hold a place for ever, and each new backup would push out
 * the one before it; last, it keeps a place only until `count` backups
 * dated now or before fill them (count × interval, as the age limit does).
 */
function rotationOrder(files: BackupFile[], now: number): BackupFile[] {
  const future = files.filter((file) => file.madeAt.getTime() > now);
  return [...files.filter((file) => file.madeAt.getTime() <= now), ...future];
}

/** The copy, opened on its own: checked, marked, made one self-contained file. Returns integrity_check's findings (none: good). */
function finishCopy(path: string, identity: BackupIdentity, nativeBinding: string | undefined): string[] {
  const copy = new Database(path, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    let problems: string[];
    try {
      problems = integrityProblems(copy);
    } catch (error) {
      // Damage bad enough that SQLite refuses to read the schema is a failed check too.
      if (!isCorruption(error)) throw error;
      problems = [(error as Error).message];
    }
    if (problems.length > 0) return problems;
    copy
      .prepare('INSERT INTO sync_state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
      .run(IDENTITY_KEY, JSON.stringify(identity), identity.madeAt);
    // The source is in WAL mode, and so is its copy: one file, no -wal beside it, is what can be moved and restored.
    copy.pragma('journal_mode = DELETE');
    return [];
  } finally {
    copy.close();
  }
}

function isCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB';
}

function createPrivateEmptyFile(path: string): void {
  const fd = openSync(path, 'wx', PRIVATE_FILE_MODE);
  try {
    // open()'s mode is reduced by the umask; a backup holds every candidate's data.
    if (process.platform !== 'win32') fchmodSync(fd, PRIVATE_FILE_MODE);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Copies a crash left behind (a backup interrupted half-way). */
function removeStalePartials(dir: string, now: number): void {
  for (const name of safeList(dir)) {
    if (!name.startsWith('.kiosk-') || !name.endsWith(PARTIAL_SUFFIX)) continue;
    try {
      if (now - statSync(join(dir, name)).mtimeMs > STALE_PARTIAL_MS) rmSync(join(dir, name), { force: true });
    } catch {
      // Gone meanwhile.
    }
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
