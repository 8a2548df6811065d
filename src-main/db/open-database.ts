import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { Logger } from '../logging/logger-types';
import { applyMigrations } from './apply-migrations';
import { DatabaseStartupError } from './errors';
import * as schema from './schema/index';

/*
 * Known drizzle trap, for whoever writes the first table-rebuild migration
 * (drizzle issues #4938, #1813, #3065):
 *
 * drizzle's SQLite `migrate()` runs ALL pending migrations inside ONE
 * transaction, and SQLite ignores `PRAGMA foreign_keys=OFF` inside a
 * transaction. drizzle-kit writes table rebuilds (anything SQLite's ALTER
 * TABLE cannot do: changing a CHECK, a column type, a foreign key, a NOT NULL)
 * as `PRAGMA foreign_keys=OFF; CREATE TABLE __new_x; INSERT ... SELECT;
 * DROP TABLE x; ALTER TABLE __new_x RENAME TO x; PRAGMA foreign_keys=ON`.
 * With foreign keys still on, that DROP TABLE cascade-deletes every child row
 * (rebuilding `candidates` would empty `resumes`, `interviews` and everything
 * under them), and the pragma in the file cannot prevent it.
 *
 * So applyMigrations() turns foreign keys off itself, before drizzle's
 * transaction starts (where the pragma does work), turns them back on after,
 * and then runs `PRAGMA foreign_key_check`. That check can only run after
 * drizzle's COMMIT, so a migration that breaks references is reported (the
 * app refuses to start) but not undone: a rebuild migration still has to
 * leave every reference valid, and should be tested against a database that
 * has child rows. The pragmas drizzle-kit writes into the file
 * are harmless no-ops and can stay.
 */

export type AppSchema = typeof schema;

export interface AppDatabase {
  db: BetterSQLite3Database<AppSchema>;
  /** The raw handle, for pragmas, backups and tests; repositories use `db`. */
  sqlite: Database.Database;
  close(): void;
}

/** The handle a repository's `db.transaction(tx => ...)` callback receives. */
export type AppTransaction = Parameters<Parameters<BetterSQLite3Database<AppSchema>['transaction']>[0]>[0];

export interface OpenDatabaseOptions {
  file: string;
  migrationsDir: string;
  logger: Logger;
  /**
   * The better-sqlite3 addon (.node file) to load; by default
   * sqliteNativeBinding() decides. Tests set it to prove it is used.
   */
  nativeBinding?: string;
}

/**
 * Where scripts/electron-native.ts builds better-sqlite3 for Electron's ABI,
 * relative to the node_modules folder that holds better-sqlite3.
 */
export const ELECTRON_SQLITE_BINDING = ['.electron-native', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'] as const;

/** The node_modules folder this code loads better-sqlite3 from (inside app.asar when packaged). */
function betterSqlite3NodeModules(): string | undefined {
  try {
    return dirname(dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')));
  } catch {
    return undefined;
  }
}

/**
 * Which better-sqlite3 addon to load. better-sqlite3 is not an N-API module,
 * so its own build (made by `npm ci` for Node) does not load in Electron.
 * Inside Electron (process.versions.electron is set), from a checkout, the
 * build that scripts/electron-native.ts made for Electron is used when it
 * exists. Under Node, and in a packaged app (whose better-sqlite3
 * electron-builder rebuilt for Electron, and where no .electron-native folder
 * exists), undefined: better-sqlite3 loads its own build.
 */
export function sqliteNativeBinding(
  runtime: { versions?: NodeJS.ProcessVersions; nodeModules?: string | undefined } = {},
): string | undefined {
  const versions = runtime.versions ?? process.versions;
  if (!versions.electron) return undefined;
  const nodeModules = 'nodeModules' in runtime ? runtime.nodeModules : betterSqlite3NodeModules();
  if (!nodeModules) return undefined;
  const candidate = join(nodeModules, ...ELECTRON_SQLITE_BINDING);
  return existsSync(candidate) ? candidate : undefined;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
/** The fixed part of a SQLite file header; a database file is at least one page, so never shorter. */
const SQLITE_HEADER_SIZE = 100;

function notADatabase(file: string, what: string, cause?: unknown): DatabaseStartupError {
  return new DatabaseStartupError(
    'not_a_database',
    file,
    `The database file at ${file} ${what}, so the app cannot use it. The file was not changed. ` +
      `To recover: quit the app, move the file aside (keep it; it may be recoverable) or restore it from a backup, ` +
      `then start the app again; with no file there it creates a new, empty database.`,
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Look at the file before SQLite does: opening and configuring a database
 * writes to it (WAL mode rewrites the header), and a file that is not ours
 * must be left exactly as it was.
 */
function assertLooksLikeSqlite(file: string): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw cannotOpen(file, error);
  }
  if (size === 0) return; // SQLite treats an empty file as a new database.
  if (size < SQLITE_HEADER_SIZE) throw notADatabase(file, `is only ${size} bytes long and is not a SQLite database`);

  const header = Buffer.alloc(SQLITE_HEADER.length);
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    readSync(fd, header, 0, header.length, 0);
  } catch (error) {
    throw cannotOpen(file, error);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (!header.equals(SQLITE_HEADER)) throw notADatabase(file, 'is not a SQLite database (its header is not SQLite’s)');
}

function cannotOpen(file: string, cause: unknown): DatabaseStartupError {
  return new DatabaseStartupError(
    'cannot_open',
    file,
    `The database file at ${file} could not be opened (${(cause as Error).message}). ` +
      `Check that the folder exists, the disk is not full, and this user may read and write it; then start the app again.`,
    { cause },
  );
}

function isSqliteCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT';
}

function configure(sqlite: Database.Database): void {
  // Before any other statement, so a second process holding a lock is waited for.
  sqlite.pragma('busy_timeout = 5000');
  // Reading the schema makes SQLite parse the file: a corrupt one fails here, before anything is written.
  sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
  const mode = sqlite.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new Error(`journal_mode is ${String(mode)}, WAL could not be enabled`);
  // FULL: with WAL, NORMAL may lose the last commits on power loss, and an
  // answer must be on disk before the next question is asked.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  // Deleted content is overwritten with zeros, not left in free pages: an erased candidate's words
  // must not survive in the file (issue 18, point 4). The WAL's old copies go at the erasure's checkpoint.
  sqlite.pragma('secure_delete = ON');
}

/**
 * Open (creating if needed) the device's database, configure it, and bring
 * its schema up to date. Throws DatabaseStartupError, whose message is meant
 * for the person at the device, whenever the app should not start.
 */
export function openDatabase(options: OpenDatabaseOptions): AppDatabase {
  const file = resolve(options.file);
  const logger = options.logger.child({ component: 'database' });

  try {
    mkdirSync(dirname(file), { recursive: true });
  } catch (error) {
    throw cannotOpen(file, error);
  }
  assertLooksLikeSqlite(file);

  let sqlite: Database.Database;
  try {
    const nativeBinding = options.nativeBinding ?? sqliteNativeBinding();
    sqlite = new Database(file, nativeBinding ? { nativeBinding } : {});
  } catch (error) {
    throw cannotOpen(file, error);
  }

  try {
    try {
      configure(sqlite);
    } catch (error) {
      if (isSqliteCorruption(error)) throw notADatabase(file, 'is damaged', error);
      throw cannotOpen(file, error);
    }
    const db = drizzle(sqlite, { schema });
    const { applied } = applyMigrations(db, sqlite, { file, migrationsDir: options.migrationsDir, logger });
    if (applied.length > 0) logger.info('database migrated', { file, applied });
    logger.info('database opened', { file });

    let closed = false;
    return {
      db,
      sqlite,
      close() {
        if (closed) return;
        closed = true;
        sqlite.close();
      },
    };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}
