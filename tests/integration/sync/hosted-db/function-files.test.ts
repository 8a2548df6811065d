import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { syncedTables } from '../../../../src-main/db/synced-tables';
import { defaultMigrationsDir, listFunctionFiles, listMigrationFiles, migrateHostedDatabase } from '../../../../src-main/sync/hosted-db/migrate-hosted-db';
import { migrateAsBeforeFunctionFiles } from './legacy-server';
import { pull, sqlState, useSyncDatabase, V } from './support';

const db = useSyncDatabase();

/** The functions a device may call; every other function in sync and sync_admin is the owner's alone. */
const DEVICE_FUNCTIONS = [
  'sync.attest_configurations(integer,text,jsonb)',
  'sync.attestation_challenge(integer)',
  'sync.auto_approve_due(integer)',
  'sync.claim_delivery(integer,uuid,text)',
  'sync.claim_webhook_delivery(integer,uuid,uuid)',
  'sync.exchange(integer,jsonb,integer,jsonb)',
  'sync.file_storage(integer)',
  'sync.fleet_health(integer)',
  'sync.get_file(integer,text,bigint,integer)',
  'sync.hello(integer)',
  'sync.missing_files(integer,text[])',
  'sync.object_download(integer,text)',
  'sync.object_part_uploaded(integer,text,integer)',
  'sync.object_upload(integer,text,text,bigint,text[])',
  'sync.pull(integer,jsonb,integer)',
  'sync.push(integer,jsonb)',
  'sync.put_file_chunk(integer,text,text,bigint,bigint,bytea)',
  'sync.register_signing_key(integer,text)',
  'sync.report_device_health(integer,jsonb)',
  'sync.schema_version()',
];

/**
 * Everything a migration run decides in the schemas it owns, as sorted text:
 * functions (whole definitions, owner, privileges), triggers, tables with
 * their columns, constraints, indexes, privileges and row security, schema
 * and default privileges, and what the runner recorded. Two databases with
 * the same snapshot behave the same for every device and for IT.
 */
async function catalogSnapshot(client: pg.Client): Promise<Record<string, string[]>> {
  const acl = (column: string, kind: string, owner: string) => // kind: an SQL expression for acldefault's object type
    `(SELECT coalesce(string_agg(format('%s=%s/%s', CASE a.grantee WHEN 0 THEN 'PUBLIC' ELSE a.grantee::regrole::text END, a.privilege_type, a.grantor::regrole), ',' ORDER BY 1), '')
        FROM aclexplode(coalesce(${column}, acldefault(${kind}, ${owner}))) a)`;
  const queries: Record<string, string> = {
    functions: `
      SELECT format('%s owner=%s acl=%s%s', p.oid::regprocedure, p.proowner::regrole, ${acl('p.proacl', "'f'", 'p.proowner')}, E'\\n' || pg_get_functiondef(p.oid))
        FROM pg_proc p WHERE p.pronamespace IN ('sync'::regnamespace, 'sync_admin'::regnamespace, 'public'::regnamespace)`,
    triggers: `
      SELECT format('%s %s', t.tgrelid::regclass, pg_get_triggerdef(t.oid))
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
       WHERE NOT t.tgisinternal AND c.relnamespace IN ('sync'::regnamespace, 'public'::regnamespace)`,
    relations: `
      SELECT format('%s kind=%s rls=%s owner=%s acl=%s', c.oid::regclass, c.relkind, c.relrowsecurity, c.relowner::regrole,
                    ${acl('c.relacl', "(CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END)::\"char\"", 'c.relowner')})
        FROM pg_class c WHERE c.relnamespace IN ('sync'::regnamespace, 'sync_admin'::regnamespace, 'public'::regnamespace)
         AND c.relkind IN ('r', 'p', 'v', 'S')`,
    columns: `
      SELECT format('%s.%s %s notnull=%s default=%s', a.attrelid::regclass, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                    pg_get_expr(d.adbin, d.adrelid))
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE c.relnamespace IN ('sync'::regnamespace, 'public'::regnamespace) AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`,
    // Column order matters to push and pull (they read pg_attribute by attnum).
    columnOrder: `
      SELECT format('%s: %s', c.oid::regclass, string_agg(a.attname, ', ' ORDER BY a.attnum))
        FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       WHERE c.relnamespace IN ('sync'::regnamespace, 'public'::regnamespace) AND c.relkind = 'r' GROUP BY c.oid`,
    constraints: `
      SELECT format('%s %s %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
        FROM pg_constraint WHERE connamespace IN ('sync'::regnamespace, 'public'::regnamespace)`,
    indexes: `SELECT indexdef FROM pg_indexes WHERE schemaname IN ('sync', 'public')`,
    schemas: `
      SELECT format('%s owner=%s acl=%s', n.nspname, n.nspowner::regrole, ${acl('n.nspacl', "'n'", 'n.nspowner')})
        FROM pg_namespace n WHERE n.nspname IN ('sync', 'sync_admin', 'public')`,
    defaultPrivileges: `SELECT format('%s %s %s %s', defaclrole::regrole, defaclnamespace::regnamespace, defaclobjtype, defaclacl) FROM pg_default_acl`,
    recorded: `
      SELECT format('migration %s %s', version, name) FROM sync.schema_migrations
      UNION ALL SELECT format('function file %s %s', name, checksum) FROM sync.applied_functions`,
  };
  const snapshot: Record<string, string[]> = {};
  for (const [part, sql] of Object.entries(queries)) {
    const { rows } = await client.query<{ line: string }>(`SELECT line FROM (${sql}) AS x(line) ORDER BY 1`);
    snapshot[part] = rows.map((row) => row.line);
  }
  return snapshot;
}

/** A writable copy of this checkout's hosted migrations, for tests that change a file. */
const copies: string[] = [];
afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function migrationsCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-hosted-migrations-'));
  copies.push(dir);
  cpSync(defaultMigrationsDir, dir, { recursive: true });
  return dir;
}

function editFunctionFile(dir: string, name: string, edit: (sql: string) => string): void {
  const file = join(dir, 'functions', name);
  const before = readFileSync(file, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error(`The edit did not change ${name}; the test would prove nothing.`);
  writeFileSync(file, after);
}

async function appliedFunctionFiles(client: pg.Client): Promise<Map<string, { checksum: string; appliedAt: string }>> {
  const { rows } = await client.query<{ name: string; checksum: string; applied_at: Date }>('SELECT name, checksum, applied_at FROM sync.applied_functions');
  return new Map(rows.map((row) => [row.name, { checksum: row.checksum, appliedAt: row.applied_at.toISOString() }]));
}

async function executableBy(client: pg.Client, role: string): Promise<string[]> {
  const { rows } = await client.query<{ fn: string }>(
    `SELECT replace(p.oid::regprocedure::text, ' ', '') AS fn FROM pg_proc p
      WHERE p.pronamespace IN ('sync'::regnamespace, 'sync_admin'::regnamespace)
        AND has_function_privilege($1, p.oid, 'EXECUTE') ORDER BY 1`,
    [role],
  );
  return rows.map((row) => row.fn);
}

async function executableByPublic(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ fn: string }>(
    `SELECT p.oid::regprocedure::text AS fn FROM pg_proc p, aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
      WHERE p.pronamespace IN ('sync'::regnamespace, 'sync_admin'::regnamespace) AND a.grantee = 0 ORDER BY 1`,
  );
  return rows.map((row) => row.fn);
}

describe('hosted function files', () => {
  let fresh: Record<string, string[]> | undefined;
  async function freshSnapshot(): Promise<Record<string, string[]>> {
    if (!fresh) {
      const sync = await db.fresh();
      fresh = await catalogSnapshot(sync.admin);
    }
    return fresh;
  }

  it('a new database has each sync function once, from its function file, with nothing left executable by PUBLIC', async () => {
    const snapshot = await freshSnapshot();
    const files = await listFunctionFiles(defaultMigrationsDir);
    // Every function is defined in exactly one file, so a reader finds sync.pull in one place.
    const definedIn = new Map<string, string[]>();
    for (const file of files) {
      // Files are applied again over what they created: a bare CREATE would fail the second time.
      expect(file.sql, file.name).not.toMatch(/CREATE\s+(FUNCTION|PROCEDURE|TRIGGER)/i);
      for (const match of file.sql.matchAll(/CREATE OR REPLACE (?:FUNCTION|PROCEDURE)\s+([a-z_]+\.[a-z_]+)\s*\(/g)) {
        definedIn.set(match[1]!, [...(definedIn.get(match[1]!) ?? []), file.name]);
      }
    }
    expect([...definedIn].filter(([, names]) => names.length > 1)).toEqual([]);
    const inDatabase = snapshot['functions']!.map((line) => /^([a-z_]+\.[a-z_]+)\(/.exec(line)![1]!);
    expect([...new Set(inDatabase)].sort()).toEqual([...definedIn.keys()].sort());
    // No migration creates a function any more: the numbered files are tables, grants and data.
    for (const migration of await listMigrationFiles(defaultMigrationsDir)) {
      expect(readFileSync(migration.file, 'utf8'), migration.name).not.toMatch(/CREATE (OR REPLACE )?(FUNCTION|PROCEDURE)/i);
    }
    // One change-log trigger per synced table, and the one that carries out an erasure request as it is stored.
    expect(snapshot['triggers']!.filter((trigger) => trigger.includes('_record_change'))).toHaveLength(Object.keys(syncedTables).length);
    expect(snapshot['triggers']!.filter((trigger) => trigger.includes('erasure_requests_execute AFTER INSERT ON public.erasure_requests'))).toHaveLength(1);
    const headers = snapshot['functions']!.map((line) => line.split('\n')[0]!);
    expect(headers.filter((header) => header.includes('PUBLIC='))).toEqual([]);
    const forDevices = headers.filter((header) => header.includes('kiosk_device=EXECUTE')).map((header) => header.split(' owner=')[0]!.replaceAll(' ', ''));
    expect(forDevices).toEqual(DEVICE_FUNCTIONS);
  });

  it.each([1, 2, 3, 4, 5])(
    'a database the app built at schema version %i before the functions moved ends, after migrating, identical to a new one',
    async (version) => {
      const sync = await db.fresh({ migrate: false });
      await migrateAsBeforeFunctionFiles(sync.url, version);
      const result = await migrateHostedDatabase(sync.url, defaultMigrationsDir);
      // At version 5 no migration is due: the function files are applied because none is recorded yet.
      expect(result.functions).toEqual((await listFunctionFiles(defaultMigrationsDir)).map((file) => file.name));
      const upgraded = await catalogSnapshot(sync.admin);
      const expected = await freshSnapshot();
      // Part by part, so a difference names what differs.
      for (const part of Object.keys(expected)) expect(upgraded[part], part).toEqual(expected[part]);
      expect(Object.keys(upgraded)).toEqual(Object.keys(expected));
    },
  );

  it('re-applies only a changed function file; its grants survive both replacing and dropping the function', async () => {
    const dir = migrationsCopy();
    const sync = await db.fresh({ migrate: false });
    await migrateHostedDatabase(sync.url, dir);
    const kiosk = await sync.device('kiosk');
    const before = await appliedFunctionFiles(sync.admin);
    const deviceFunctions = await executableBy(sync.admin, 'kiosk_device');
    expect(deviceFunctions).toEqual(DEVICE_FUNCTIONS);

    // A changed body (CREATE OR REPLACE keeps the function and its privileges).
    editFunctionFile(dir, '50_pull.sql', (sql) => sql.replace('The page size must be 1 to 5000', 'A page is 1 to 5000 changes'));
    expect(await migrateHostedDatabase(sync.url, dir)).toEqual({ applied: [], functions: ['50_pull.sql'], version: V });
    const after = await appliedFunctionFiles(sync.admin);
    for (const [name, row] of before) {
      if (name === '50_pull.sql') expect(after.get(name)!.checksum, name).not.toBe(row.checksum);
      else expect(after.get(name), name).toEqual(row);
    }
    // The device still may call it, and gets the new body.
    expect((await sqlState(kiosk.call('pull', null, 0)))?.message).toMatch(/^A page is 1 to 5000 changes/);
    expect(await pull(kiosk)).toMatchObject({ changes: [], hasMore: false });

    // Dropped and created again (what a changed signature needs): a new function is
    // PUBLIC's by default, so the runner takes it back and the file grants devices theirs.
    editFunctionFile(dir, '50_pull.sql', (sql) => `DROP FUNCTION sync.pull(integer, jsonb, integer);\nDROP FUNCTION sync.row_select_list(text);\n\n${sql}`);
    expect(await migrateHostedDatabase(sync.url, dir)).toMatchObject({ functions: ['50_pull.sql'] });
    expect(await executableBy(sync.admin, 'kiosk_device')).toEqual(DEVICE_FUNCTIONS);
    expect(await executableByPublic(sync.admin)).toEqual([]);
    expect((await sqlState(kiosk.client.query(`SELECT sync.row_select_list('candidates')`)))?.code).toBe('42501');
    expect(await pull(kiosk)).toMatchObject({ changes: [], hasMore: false });

    // Nothing changed since: nothing is applied.
    expect(await migrateHostedDatabase(sync.url, dir)).toEqual({ applied: [], functions: [], version: V });
  });

  it('a function a file forgets to lock down is still not executable by devices', async () => {
    const dir = migrationsCopy();
    writeFileSync(
      join(dir, 'functions', '95_forgetful.sql'),
      `CREATE OR REPLACE FUNCTION sync.forgetful() RETURNS integer LANGUAGE sql SECURITY DEFINER AS $$ SELECT count(*)::integer FROM sync.devices $$;\n`,
    );
    const sync = await db.fresh({ migrate: false });
    await migrateHostedDatabase(sync.url, dir);
    const kiosk = await sync.device('kiosk');
    expect((await sqlState(kiosk.client.query('SELECT sync.forgetful()')))?.code).toBe('42501');
    expect(await executableBy(sync.admin, 'kiosk_device')).toEqual(DEVICE_FUNCTIONS);
  });

  it('a failing function file rolls back the whole run, migrations included', async () => {
    const dir = migrationsCopy();
    editFunctionFile(dir, '50_pull.sql', (sql) => sql.replace('v_count integer;', 'v_count no_such_type;'));
    const sync = await db.fresh({ migrate: false });
    await expect(migrateHostedDatabase(sync.url, dir)).rejects.toThrow(/Function file 50_pull\.sql failed, and the whole run was rolled back/);
    const { rows } = await sync.admin.query(`SELECT to_regclass('public.candidates') AS t, to_regclass('sync.schema_migrations') AS m`);
    expect(rows[0]).toEqual({ t: null, m: null });

    // On a database in use, the functions stay as they were, even those the failed run had already replaced.
    const inUse = await db.fresh();
    const pushDefinition = async () =>
      (await inUse.admin.query(`SELECT pg_get_functiondef('sync.push(integer,jsonb)'::regprocedure) AS def`)).rows[0].def as string;
    const definitionBefore = await pushDefinition();
    const recordedBefore = await appliedFunctionFiles(inUse.admin);
    const other = migrationsCopy();
    editFunctionFile(other, '40_push.sql', (sql) => `${sql.replace('Check the whole list first', 'Check every entry first')}\nSELECT no_such_function();\n`);
    await expect(migrateHostedDatabase(inUse.url, other)).rejects.toThrow(/Function file 40_push\.sql failed/);
    expect(await pushDefinition()).toBe(definitionBefore);
    expect(await appliedFunctionFiles(inUse.admin)).toEqual(recordedBefore);
  });
});
