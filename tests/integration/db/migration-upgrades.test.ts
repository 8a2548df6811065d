import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { sqliteMigrationData, type SqliteMigrationData, type SqliteRow } from '../../fixtures/sqlite-migration-data';
import { shippedMigrationTags, useTempDirs, userTables } from './support';

/*
 * Every SQLite migration runs on devices that hold data. For each one, a
 * database is built as devices built it (migration by migration, each
 * version writing its rows), stopped just before it, and upgraded to the
 * newest: every row must come through, changed only as the migrations say.
 * The list comes from the journal, so a new migration without its entry in
 * tests/fixtures/sqlite-migration-data.ts fails here.
 */

const temp = useTempDirs();
const tags = shippedMigrationTags();
const FIXTURE_FILE = 'tests/fixtures/sqlite-migration-data.ts';

function missingData(tag: string): string {
  return (
    `Migration ${tag} has no upgrade data. Add an entry '${tag}' to ${FIXTURE_FILE}: rows for the tables it creates ` +
    '(and for the columns it adds), and an `upgrade` for each table whose existing rows it changes (new columns, rebuilt tables, moved data).'
  );
}

function dataFor(tag: string): SqliteMigrationData {
  const data = sqliteMigrationData[tag];
  if (!data) throw new Error(missingData(tag));
  return data;
}

/** The tables the test compares: the app's, not SQLite's or drizzle's bookkeeping. */
function dataTables(sqlite: Database.Database): string[] {
  return userTables(sqlite).filter((name) => name !== '__drizzle_migrations');
}

function insertRows(sqlite: Database.Database, tag: string, rows: Record<string, SqliteRow[]>): void {
  for (const [table, tableRows] of Object.entries(rows)) {
    for (const row of tableRows) {
      const columns = Object.keys(row);
      try {
        sqlite
          .prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)
          .run(...columns.map((c) => row[c]));
      } catch (error) {
        throw new Error(`${FIXTURE_FILE}, '${tag}': a row of ${table} cannot be written at that migration: ${(error as Error).message}`, { cause: error });
      }
    }
  }
}

/** Every row of every table, in primary-key order (a rebuilt table may number its rowids anew). */
function snapshot(sqlite: Database.Database): Record<string, SqliteRow[]> {
  const result: Record<string, SqliteRow[]> = {};
  for (const table of dataTables(sqlite)) {
    const key = (sqlite.pragma(`table_info("${table}")`) as { name: string; pk: number }[])
      .filter((column) => column.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((column) => `"${column.name}"`);
    result[table] = sqlite.prepare(`SELECT * FROM "${table}" ORDER BY ${key.length > 0 ? key.join(', ') : 'rowid'}`).all() as SqliteRow[];
  }
  return result;
}

/** A database at `tags[last]`, built as devices built it: each migration applied, then its version's rows written. */
function databaseThrough(last: number): string {
  const file = join(temp.make(), 'kiosk.sqlite');
  for (let index = 0; index <= last; index += 1) {
    const store = temp.open(file, { migrations: temp.migrationsThrough(tags[index]!) });
    insertRows(store.sqlite, tags[index]!, dataFor(tags[index]!).rows);
    store.close();
  }
  return file;
}

describe('SQLite migrations upgrade a database that holds data', () => {
  it(`every migration has its upgrade data in ${FIXTURE_FILE}, and nothing there is for a migration that does not exist`, () => {
    const missing = tags.filter((tag) => !(tag in sqliteMigrationData));
    expect(missing, missing.map(missingData).join('\n')).toEqual([]);
    expect(Object.keys(sqliteMigrationData).filter((tag) => !tags.includes(tag)), 'entries for migrations not in the journal').toEqual([]);
  });

  it('the rows of every migration, the newest included, can be written at it, and leave no table empty', () => {
    const file = databaseThrough(tags.length - 1);
    const empty = Object.entries(snapshot(temp.open(file).sqlite)).filter(([, rows]) => rows.length === 0).map(([table]) => table);
    expect(empty, `No entry of ${FIXTURE_FILE} writes a row to ${empty.join(', ')}: add rows to the entry of the migration that creates each.`).toEqual([]);
  });

  it.each(tags.slice(1).map((tag, index) => [tag, tags[index]!] as const))('%s, on a database at %s with rows in every table', (tag, previous) => {
    const index = tags.indexOf(tag);
    const file = databaseThrough(index - 1);

    const old = temp.open(file, { migrations: temp.migrationsThrough(previous) });
    const before = snapshot(old.sqlite);
    old.close();
    const empty = Object.entries(before).filter(([, rows]) => rows.length === 0).map(([table]) => table);
    expect(empty, `Table(s) ${empty.join(', ')} exist at ${previous} but no entry of ${FIXTURE_FILE} writes a row to them: ` +
      'add rows to the entry of the migration that creates each, so later migrations are tested over data.').toEqual([]);

    const upgraded = temp.open(file);
    const after = snapshot(upgraded.sqlite);
    expect(upgraded.sqlite.pragma('foreign_key_check')).toEqual([]);

    // What the rows should be: each migration from this one on changes them as its data says.
    const expected: Record<string, SqliteRow[]> = structuredClone(before);
    for (const later of tags.slice(index)) {
      for (const [table, change] of Object.entries(dataFor(later).upgrade ?? {})) {
        if (expected[table]) expected[table] = expected[table].map(change);
      }
    }
    for (const [table, rows] of Object.entries(expected)) {
      expect(after[table], `${table} was lost`).toBeDefined();
      const unexplained = Object.keys(after[table]![0] ?? {}).filter((column) => !(column in (rows[0] ?? {})));
      expect(unexplained, `After upgrading, ${table} has column(s) ${unexplained.join(', ')} that rows written before it did not have; ` +
        `the upgrade of the migration that adds them in ${FIXTURE_FILE} must say what those rows hold there.`).toEqual([]);
      expect(after[table], `${table}: rows written before ${tag}, after upgrading to the newest`).toEqual(rows);
    }
  });
});
