import { sql, type SQL } from 'drizzle-orm';
import { check, integer, text } from 'drizzle-orm/sqlite-core';

/**
 * The database's own "now" in the same ISO-8601 UTC format `nowIso()` writes
 * (strftime's %f is seconds with milliseconds), so rows inserted by hand or
 * by a future SQL migration still compare correctly as text. The app normally
 * passes explicit times from its clock.
 */
export const isoNow = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

/**
 * Columns every synced table carries: a time-ordered UUID v7 key, the row's
 * version (bumped on every local write, compared when syncing) and a
 * tombstone, because a deleted row has to travel to the server too. A
 * function so each table gets its own builders.
 */
export function syncColumns() {
  return {
    id: text('id').primaryKey(),
    createdAt: text('created_at').notNull().default(isoNow),
    updatedAt: text('updated_at').notNull().default(isoNow),
    rowVersion: integer('row_version').notNull().default(1),
    deletedAt: text('deleted_at'),
  };
}

/**
 * `"column" IN ('a', 'b')` for a CHECK constraint, built from the same
 * constant array the column's TypeScript type comes from. Values are fixed
 * identifiers from this codebase, never user input.
 */
export function oneOf(column: string, values: readonly string[]): SQL {
  const list = values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ');
  return sql.raw(`"${column}" IN (${list})`);
}

/** Every synced table refuses a version below 1, the value a new row starts at. */
export function rowVersionCheck(table: string) {
  return check(`${table}_row_version_check`, sql.raw('"row_version" >= 1'));
}
