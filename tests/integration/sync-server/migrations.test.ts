import { readdirSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { defaultMigrationsDir, migrateHostedDatabase } from '../../../src-main/sync/hosted-db/migrate-hosted-db';
import { HOSTED_SCHEMA_VERSION } from '../../../src-main/sync/hosted-db/schema-version';
import { useSyncDatabase } from './support';

const db = useSyncDatabase();

describe('hosted migrations', () => {
  it('apply to an empty database once; schema_version() is the newest file', async () => {
    const { url, admin } = await db.fresh({ migrate: false });
    const first = await migrateHostedDatabase(url, defaultMigrationsDir);
    expect(first).toEqual({ applied: ['0001_tables.sql', '0002_sync.sql'], version: 2 });
    const again = await migrateHostedDatabase(admin, defaultMigrationsDir);
    expect(again).toEqual({ applied: [], version: 2 });
    const { rows } = await admin.query('SELECT sync.schema_version() AS v');
    expect(rows[0].v).toBe(2);
    expect(HOSTED_SCHEMA_VERSION).toBe(2);
    const newestFile = readdirSync(defaultMigrationsDir).filter((name) => name.endsWith('.sql')).sort().at(-1)!;
    expect(Number(newestFile.slice(0, 4))).toBe(HOSTED_SCHEMA_VERSION);
  });

  it('refuses a database whose recorded migrations are not a prefix of the files', async () => {
    const { url, admin } = await db.fresh();
    await admin.query(`UPDATE sync.schema_migrations SET name = '0002_other.sql' WHERE version = 2`);
    await expect(migrateHostedDatabase(url, defaultMigrationsDir)).rejects.toThrow(/0002_other\.sql.*nothing was applied/s);
    await admin.query(`UPDATE sync.schema_migrations SET name = '0002_sync.sql' WHERE version = 2`);
    await admin.query(`INSERT INTO sync.schema_migrations (version, name) VALUES (3, '0003_future.sql')`);
    await expect(migrateHostedDatabase(url, defaultMigrationsDir)).rejects.toThrow(/0003_future\.sql/);
  });

  it('rolls back a failing file as a whole', async () => {
    const { url, admin } = await db.fresh({ migrate: false });
    // A table 0001 creates already exists: 0001 fails and leaves nothing behind.
    await admin.query('CREATE TABLE ai_usage (x int)');
    await expect(migrateHostedDatabase(url, defaultMigrationsDir)).rejects.toThrow(/0001_tables\.sql failed/);
    // Even the bookkeeping table was created in that transaction, so it is gone too.
    const { rows } = await admin.query(`SELECT to_regclass('public.candidates') AS t, to_regclass('sync.schema_migrations') AS m`);
    expect(rows[0]).toEqual({ t: null, m: null });
  });

  it('migrates two databases of one server concurrently (roles are cluster-wide)', async () => {
    const urls = await Promise.all([db.server.current.createDatabase(), db.server.current.createDatabase()]);
    const results = await Promise.all(urls.map((url) => migrateHostedDatabase(url, defaultMigrationsDir)));
    expect(results.map((result) => result.version)).toEqual([2, 2]);
    const client = new pg.Client({ connectionString: urls[1] });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM pg_roles WHERE rolname = 'kiosk_device'`);
      expect(rows[0].n).toBe(1);
    } finally {
      await client.end();
    }
  });
});
