import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';

/**
 * Brings the hosted database to this checkout's schema, in ONE transaction:
 *
 * 1. migrations/postgres/NNNN_name.sql that the database does not have yet,
 *    in order, each recorded in sync.schema_migrations (tables, grants, data
 *    moves; the newest number is the schema version devices check);
 * 2. migrations/postgres/functions/NN_name.sql, the current body of every
 *    sync function (and the change-log triggers), each file applied when its
 *    checksum differs from the one recorded in sync.applied_functions, and
 *    all of them after any numbered migration (a migration may drop a
 *    function whose signature changes, or change what one reads).
 *
 * One transaction so that no device call ever sees a half-upgraded database
 * (a unique index without the trigger that relies on it, a dropped function
 * not yet recreated), and a failure anywhere leaves the database as it was.
 * Run as the owner (whoever owns the tables and functions); IT runs it
 * through `npm run cli -- hosted-db migrate`.
 */

export interface MigrationFile {
  version: number;
  name: string;
  file: string;
}

export interface FunctionFile {
  name: string;
  sql: string;
  /** sha-256 hex of `sql`, as recorded in sync.applied_functions. */
  checksum: string;
}

export interface MigrateResult {
  /** Numbered migration files applied by this run, in order; empty when the database was up to date. */
  applied: string[];
  /** Function files applied by this run (new or changed ones, or all after a migration), in order. */
  functions: string[];
  /** The newest applied version afterwards (what sync.schema_version() answers). */
  version: number;
}

export class HostedMigrationError extends Error {
  override name = 'HostedMigrationError';
}

const FILE_PATTERN = /^(\d{4})_[a-z0-9_]+\.sql$/;
const FUNCTION_FILE_PATTERN = /^\d{2}_[a-z0-9_]+\.sql$/;

/** An arbitrary fixed key: two concurrent migration runs take turns. */
const ADVISORY_LOCK_KEY = 727_100_002;

export async function listMigrationFiles(migrationsDir: string): Promise<MigrationFile[]> {
  const names = (await readdir(migrationsDir)).filter((name) => name.endsWith('.sql')).sort();
  const files = names.map((name) => {
    const match = FILE_PATTERN.exec(name);
    if (!match) throw new HostedMigrationError(`Migration file ${name} is not named NNNN_name.sql (lower-case).`);
    return { version: Number(match[1]), name, file: join(migrationsDir, name) };
  });
  files.forEach((file, index) => {
    if (file.version !== index + 1) {
      throw new HostedMigrationError(`Migrations must be numbered 0001, 0002, ... without gaps; ${file.name} is number ${index + 1}.`);
    }
  });
  return files;
}

/** The function files of a migrations directory (its functions/ folder), in the order they are applied. */
export async function listFunctionFiles(migrationsDir: string): Promise<FunctionFile[]> {
  const dir = join(migrationsDir, 'functions');
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  } catch (cause) {
    // Without them a new database would have tables and no functions: refuse rather than half-install.
    throw new HostedMigrationError(`The sync functions folder ${dir} cannot be read; this checkout is incomplete.`, { cause });
  }
  return Promise.all(
    names.map(async (name) => {
      if (!FUNCTION_FILE_PATTERN.test(name)) throw new HostedMigrationError(`Function file ${name} is not named NN_name.sql (lower-case).`);
      // Line endings normalised: a Windows checkout must neither re-apply every file nor store different bodies.
      const sql = (await readFile(join(dir, name), 'utf8')).replace(/\r\n/g, '\n');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

// The runner records 0001 before 0002 creates the rest of schema sync, so it
// creates its own tables (0002 repeats schema_migrations with IF NOT EXISTS).
const BOOTSTRAP = `
  CREATE SCHEMA IF NOT EXISTS sync;
  CREATE TABLE IF NOT EXISTS sync.schema_migrations (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE IF NOT EXISTS sync.applied_functions (
    name       text PRIMARY KEY,
    checksum   text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  );`;

/**
 * PUBLIC may execute every new function and procedure by default, and a
 * per-schema ALTER DEFAULT PRIVILEGES cannot take that back. Device roles
 * reach schema sync, so a function a file creates (or drops and recreates)
 * without its own REVOKE would be theirs to call. After every run of the
 * function files nothing in these schemas is PUBLIC's (ROUTINES: ALL
 * FUNCTIONS leaves procedures out); the files grant kiosk_device its
 * device functions.
 */
const REVOKE_FROM_PUBLIC = `
  REVOKE EXECUTE ON ALL ROUTINES IN SCHEMA sync FROM PUBLIC;
  REVOKE EXECUTE ON ALL ROUTINES IN SCHEMA sync_admin FROM PUBLIC;`;

async function recorded(client: pg.ClientBase): Promise<{ version: number; name: string }[]> {
  const result = await client.query<{ version: number; name: string }>('SELECT version, name FROM sync.schema_migrations ORDER BY version');
  return result.rows;
}

/** The recorded migrations must be exactly the first files: anything else is a database this checkout does not know. */
function checkPrefix(done: { version: number; name: string }[], files: MigrationFile[]): void {
  done.forEach((row, index) => {
    const file = files[index];
    if (!file || file.version !== row.version || file.name !== row.name) {
      throw new HostedMigrationError(
        `The database records migration ${row.name} (version ${row.version}), but this checkout's migration ${index + 1} is ` +
          `${file ? file.name : 'missing'}. The database was migrated by a different or newer version of the app; ` +
          'nothing was applied. Run the migration from a checkout that has all of its migrations.',
      );
    }
  });
}

/** Applies the function files that are new or changed (all of them when `all`); returns their names. */
async function applyFunctionFiles(client: pg.ClientBase, files: FunctionFile[], all: boolean, progress: { step: string }): Promise<string[]> {
  const result = await client.query<{ name: string; checksum: string }>('SELECT name, checksum FROM sync.applied_functions');
  const recordedChecksums = new Map(result.rows.map((row) => [row.name, row.checksum]));
  const due = files.filter((file) => all || recordedChecksums.get(file.name) !== file.checksum);
  for (const file of due) {
    progress.step = `Function file ${file.name}`;
    await client.query(file.sql);
    await client.query(
      `INSERT INTO sync.applied_functions (name, checksum) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET checksum = EXCLUDED.checksum, applied_at = now()`,
      [file.name, file.checksum],
    );
  }
  // A file removed from the checkout no longer describes anything; what it
  // created stays until a migration drops it (the end-state test would notice).
  await client.query('DELETE FROM sync.applied_functions WHERE NOT (name = ANY ($1))', [files.map((file) => file.name)]);
  if (due.length > 0) await client.query(REVOKE_FROM_PUBLIC);
  return due.map((file) => file.name);
}

export async function migrateHostedDatabase(target: string | pg.ClientBase, migrationsDir: string): Promise<MigrateResult> {
  const files = await listMigrationFiles(migrationsDir);
  const functionFiles = await listFunctionFiles(migrationsDir);
  const sqlOf = new Map(await Promise.all(files.map(async (file) => [file.name, await readFile(file.file, 'utf8')] as const)));
  const ownClient = typeof target === 'string' ? new pg.Client({ connectionString: target }) : undefined;
  const client = ownClient ?? (target as pg.ClientBase);
  if (ownClient) await ownClient.connect();
  // What the error message names when something fails.
  const progress = { step: "The migration runner's bookkeeping" };
  try {
    await client.query('BEGIN');
    try {
      // Inside the transaction, so a concurrent run waits and then finds the work done.
      await client.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCK_KEY]);
      await client.query(BOOTSTRAP);
      const done = await recorded(client);
      checkPrefix(done, files);
      // Unqualified names in the files mean schema public.
      await client.query('SET LOCAL search_path = public');
      const pending = files.slice(done.length);
      for (const next of pending) {
        progress.step = `Migration ${next.name}`;
        await client.query(sqlOf.get(next.name)!);
        await client.query('INSERT INTO sync.schema_migrations (version, name) VALUES ($1, $2)', [next.version, next.name]);
      }
      const functions = await applyFunctionFiles(client, functionFiles, pending.length > 0, progress);
      await client.query('COMMIT');
      const newest = pending.at(-1) ?? done.at(-1);
      return { applied: pending.map((file) => file.name), functions, version: newest ? newest.version : 0 };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (error instanceof HostedMigrationError) throw error;
      throw new HostedMigrationError(
        `${progress.step} failed, and the whole run was rolled back (nothing was applied): ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  } finally {
    await ownClient?.end();
  }
}

/** The directory of this checkout's hosted migrations. */
export const defaultMigrationsDir = join(import.meta.dirname, '..', '..', '..', 'migrations', 'postgres');
