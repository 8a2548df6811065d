import { getTableColumns, type Table } from 'drizzle-orm';

type Columns<T extends Table> = T['_']['columns'];
type Row<T extends Table> = T['$inferSelect'];

/**
 * What a repository hands out for one table: drizzle's row type minus the
 * columns its callers have no use for (usually the sync bookkeeping). The
 * row type already holds every conversion (JSON columns parsed and checked
 * by json-column.ts, 0/1 read as booleans, enum columns as their unions), so
 * nothing is left for a hand-written mapper to do but drop columns.
 *
 * One list of omitted columns gives both sides, so they cannot drift apart:
 * `columns` for select() (the query then returns records as they are) and
 * `from` for a whole row (what insertSynced and updateSynced return).
 */
export interface RecordColumns<T extends Table, Omitted extends keyof Row<T>> {
  readonly columns: Omit<Columns<T>, Omitted>;
  from(row: Row<T>): Omit<Row<T>, Omitted>;
}

/** The record type a `recordColumns(...)` stands for, e.g. `type JobRecord = RecordOf<typeof jobRecord>`. */
export type RecordOf<R> = R extends RecordColumns<infer T, infer Omitted> ? Omit<Row<T>, Omitted> : never;

export function recordColumns<T extends Table, const Omitted extends keyof Row<T> & keyof Columns<T> & string>(
  table: T,
  omitted: readonly Omitted[],
): RecordColumns<T, Omitted> {
  const dropped = new Set<string>(omitted);
  const columns = Object.fromEntries(Object.entries(getTableColumns(table)).filter(([key]) => !dropped.has(key)));
  const keys = Object.keys(columns);
  return {
    columns: columns as Omit<Columns<T>, Omitted>,
    from(row) {
      const record: Record<string, unknown> = {};
      for (const key of keys) record[key] = (row as Record<string, unknown>)[key];
      return record as Omit<Row<T>, Omitted>;
    },
  };
}
