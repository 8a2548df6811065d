import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultMigrationsDir } from '../../../../src-main/sync/hosted-db/migrate-hosted-db';
import { withPgClient } from '../../../../src-main/sync/hosted-db/pg-client';

/**
 * Hosted databases as the app built them before the sync functions moved
 * into migrations/postgres/functions/ (schema versions 1 to 5): the
 * numbered files as they shipped then, applied the way the runner then
 * applied them, each in its own transaction with its row in
 * sync.schema_migrations and nothing else.
 *
 * 0002–0004 are the shipped copies in tests/fixtures/legacy-postgres-migrations
 * (they created the functions themselves); 0001 and 0005 did not change
 * when the functions moved and are read from migrations/postgres. Servers in
 * use were built from exactly these files, so never edit the fixtures.
 */
const LEGACY_DIR = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'legacy-postgres-migrations');
const LEGACY_FILES = ['0001_tables.sql', '0002_sync.sql', '0003_lean_pull.sql', '0004_one_change_per_row.sql', '0005_ai_usage_billing.sql'];

function legacySql(name: string): string {
  const frozen = ['0002_sync.sql', '0003_lean_pull.sql', '0004_one_change_per_row.sql'].includes(name);
  return readFileSync(join(frozen ? LEGACY_DIR : defaultMigrationsDir, name), 'utf8');
}

/** Brings an empty database to `version` as the app before the function files did. */
export async function migrateAsBeforeFunctionFiles(url: string, version: number): Promise<void> {
  if (version < 1 || version > LEGACY_FILES.length) throw new Error(`Legacy schema versions are 1 to ${LEGACY_FILES.length}, not ${version}.`);
  await withPgClient(url, async (client) => {
    for (const [index, name] of LEGACY_FILES.slice(0, version).entries()) {
      await client.query('BEGIN');
      try {
        await client.query(`
          CREATE SCHEMA IF NOT EXISTS sync;
          CREATE TABLE IF NOT EXISTS sync.schema_migrations (
            version    integer PRIMARY KEY,
            name       text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
          );`);
        await client.query('SET LOCAL search_path = public');
        await client.query(legacySql(name));
        await client.query('INSERT INTO sync.schema_migrations (version, name) VALUES ($1, $2)', [index + 1, name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  });
}
