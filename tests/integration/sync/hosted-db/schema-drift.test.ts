import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syncedTables } from '../../../../src-main/db/synced-tables';
import { useTempDirs } from '../../db/support';
import { useSyncDatabase } from './support';

const db = useSyncDatabase();
const temp = useTempDirs();

interface Column {
  name: string;
  notNull: boolean;
}

describe('schema drift between the device SQLite and the hosted Postgres', () => {
  it('every synced table has the same columns and nullability (plus server-only origin_device_id)', async () => {
    const store = temp.open(join(temp.make(), 'app.db'));
    const { admin } = await db.fresh();
    for (const table of Object.keys(syncedTables)) {
      const sqlite = (store.sqlite.prepare(`PRAGMA table_info(${table})`).all() as { name: string; notnull: number; pk: number }[]).map(
        (column): Column => ({ name: column.name, notNull: column.notnull === 1 || column.pk === 1 }),
      );
      const { rows } = await admin.query<{ column_name: string; is_nullable: string }>(
        `SELECT column_name, is_nullable FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
        [table],
      );
      expect(rows.map((row) => row.column_name)).toContain('origin_device_id');
      const postgres = rows
        .filter((row) => row.column_name !== 'origin_device_id')
        .map((row): Column => ({ name: row.column_name, notNull: row.is_nullable === 'NO' }));
      const byName = (a: Column, b: Column) => a.name.localeCompare(b.name);
      expect({ table, columns: postgres.sort(byName) }).toEqual({ table, columns: sqlite.sort(byName) });
    }
  });

  it('every synced table has the same CHECK constraints (by name) and foreign keys', async () => {
    const store = temp.open(join(temp.make(), 'app.db'));
    const { admin } = await db.fresh();
    let compared = 0;
    for (const table of Object.keys(syncedTables)) {
      const { sql } = store.sqlite.prepare(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table) as { sql: string };
      const sqliteChecks = [...sql.matchAll(/CONSTRAINT "(\w+)" CHECK/g)].map((match) => match[1]).sort();
      const sqliteKeys = (store.sqlite.prepare(`PRAGMA foreign_key_list(${table})`).all() as { from: string; table: string; on_delete: string }[])
        .map((key) => `${key.from} -> ${key.table} on delete ${key.on_delete.toLowerCase()}`)
        .sort();
      const { rows: checks } = await admin.query<{ conname: string }>(
        `SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'c' ORDER BY conname`,
        [`public.${table}`],
      );
      const { rows: keys } = await admin.query<{ key: string }>(
        `SELECT a.attname || ' -> ' || c.confrelid::regclass::text || ' on delete ' ||
                CASE c.confdeltype WHEN 'c' THEN 'cascade' WHEN 'a' THEN 'no action' ELSE c.confdeltype::text END AS key
           FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
          WHERE c.conrelid = $1::regclass AND c.contype = 'f'`,
        [`public.${table}`],
      );
      expect({ table, checks: checks.map((row) => row.conname).sort() }).toEqual({ table, checks: sqliteChecks });
      expect({ table, keys: keys.map((row) => row.key).sort() }).toEqual({ table, keys: sqliteKeys });
      compared += sqliteChecks.length + sqliteKeys.length;
    }
    expect(compared).toBeGreaterThan(40); // the lists were really read, not both empty
  });

  it('has no synced table in Postgres that the device does not know', async () => {
    const { admin } = await db.fresh();
    const { rows } = await admin.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(rows.map((row) => row.table_name)).toEqual(Object.keys(syncedTables).sort());
    const { rows: serverList } = await admin.query<{ t: string[] }>('SELECT sync.synced_tables() AS t');
    expect([...serverList[0]!.t].sort()).toEqual(Object.keys(syncedTables).sort());
  });
});
