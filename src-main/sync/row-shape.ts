import { getTableColumns, type Column } from 'drizzle-orm';
import { syncedTables, type SyncedTableName } from '../db/synced-tables';

/**
 * Server rows (and outbox payloads, which have the same shape) as values
 * SQLite stores: the drizzle column's own driver mapping does the JSON text
 * (checked against the column's zod schema, like any local write) and the
 * 0/1 booleans; times are rewritten to the one format every local time
 * column holds, `2026-11-26T03:07:25.123Z`, so text comparison stays time
 * comparison.
 */

export interface TableShape {
  name: SyncedTableName;
  /** SQL column name → drizzle column. */
  columns: Map<string, Column>;
}

const shapes = new Map<string, TableShape>();

export function tableShape(name: string): TableShape | null {
  if (!Object.hasOwn(syncedTables, name)) return null;
  let shape = shapes.get(name);
  if (!shape) {
    const columns = new Map<string, Column>();
    for (const column of Object.values(getTableColumns(syncedTables[name as SyncedTableName]))) columns.set(column.name, column as Column);
    shape = { name: name as SyncedTableName, columns };
    shapes.set(name, shape);
  }
  return shape;
}

/** Columns holding a time by this schema's naming (`*_at`, `locked_until`). */
export function isTimeColumn(name: string): boolean {
  return name.endsWith('_at') || name.endsWith('_until');
}

const CANONICAL_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** Any ISO-8601 or Postgres text timestamp with an offset → `YYYY-MM-DDTHH:MM:SS.mmmZ`. */
export function normaliseTime(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  // What the server sends and SQLite holds already: no need to parse and print it again.
  if (CANONICAL_TIME.test(value)) return value;
  // Postgres text form: "2026-11-26 03:07:25.123456+00" → ISO with a full offset.
  const iso = value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  const time = Date.parse(iso);
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}

/** One row keyed by SQL column as SQLite binds it; columns this app does not know (origin_device_id) are dropped. */
export function toLocalValues(shape: TableShape, row: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, column] of shape.columns) {
    if (!(name in row)) continue;
    let value = row[name];
    if (value === null || value === undefined) {
      values[name] = null;
      continue;
    }
    if (isTimeColumn(name)) value = normaliseTime(value);
    if ((column.columnType === 'SQLiteReal' || column.columnType === 'SQLiteInteger') && typeof value === 'string') value = Number(value);
    values[name] = column.mapToDriverValue(value);
  }
  return values;
}
