import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';

/**
 * Applies migrations/postgres/NNNN_name.sql to the hosted database, in order,
 * each file in its own transaction together with its row in
 * sync.schema_migrations. Run as the owner (whoever owns the tables and
 * functions); IT runs it through `npm run cli -- hosted-db migrate`.
 */

export interface MigrationFile {
  version: number;
  name: string;
  file: string;
}

export interface MigrateResult {
  /** File names applied by this run, in order; empty when the database was up to date. */
  applied: string[];
  /** The newest applied version afterwards (what sync.schema_version() answers). */
  version: number;
}

export class HostedMigrationError extends Error {
  override name = 'HostedMigrationError';
}

const FILE_PATTERN = /^(\d{4})_[a-z0-9_]+\.sql$/;

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

// The runner records 0001 before 0002 creates the rest of schema sync, so it
// creates this table itself (0002 repeats the definition with IF NOT EXISTS).
const BOOTSTRAP = `
  CREATE SCHEMA IF NOT EXISTS sync;
  CREATE TABLE IF NOT EXISTS sync.schema_migrations (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  );`;

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

export async function migrateHostedDatabase(target: string | pg.ClientBase, migrationsDir: string): Promise<MigrateResult> {
  const files = await listMigrationFiles(migrationsDir);
  const ownClient = typeof target === 'string' ? new pg.Client({ connectionString: target }) : undefined;
  const client = ownClient ?? (target as pg.ClientBase);
  if (ownClient) await ownClient.connect();
  try {
    const applied: string[] = [];
    for (;;) {
      let current: string | undefined;
      await client.query('BEGIN');
      try {
        // Inside the transaction, so a concurrent run cannot apply the same file.
        await client.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCK_KEY]);
        await client.query(BOOTSTRAP);
        const done = await recorded(client);
        checkPrefix(done, files);
        const next = files[done.length];
        if (!next) {
          await client.query('COMMIT');
          return { applied, version: done.length === 0 ? 0 : done[done.length - 1]!.version };
        }
        current = next.name;
        // Unqualified names in the files mean schema public.
        await client.query('SET LOCAL search_path = public');
        await client.query(await readFile(next.file, 'utf8'));
        await client.query('INSERT INTO sync.schema_migrations (version, name) VALUES ($1, $2)', [next.version, next.name]);
        await client.query('COMMIT');
        applied.push(next.name);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        if (error instanceof HostedMigrationError) throw error;
        throw new HostedMigrationError(`Migration ${current ?? '(bookkeeping)'} failed and was rolled back: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
      }
    }
  } finally {
    await ownClient?.end();
  }
}

/** The directory of this checkout's hosted migrations. */
export const defaultMigrationsDir = join(import.meta.dirname, '..', '..', '..', 'migrations', 'postgres');
