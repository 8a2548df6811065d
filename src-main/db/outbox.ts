import { and, eq, getTableColumns, getTableName, isNull, sql } from 'drizzle-orm';
import { systemClock, type Clock } from '../common/clock';
import { newId, nowIso } from './ids';
import type { OutboxPayload } from './json-schemas';
import { namedOperations, type OperationName } from './named-operations';
import type { OutboxOperation } from './schema/enums';
import { syncOutbox } from './schema/index';
import type { AppTransaction } from './open-database';
import type { SyncedTable } from './synced-tables';

/**
 * The only way a repository writes a synced table. Each helper takes the
 * repository's open transaction (the type admits nothing else), so the row
 * change and its outbox entry commit or roll back together: the device can
 * never push a change it did not make, nor make one it will not push.
 */

/** Columns these helpers own; callers never set them. */
type SyncManaged = 'id' | 'createdAt' | 'updatedAt' | 'rowVersion' | 'deletedAt';

export type SyncedInsert<T extends SyncedTable> = Omit<T['$inferInsert'], SyncManaged> & {
  /** Only when the id had to be known before the insert (e.g. to name a file). */
  id?: string;
};
export type SyncedChanges<T extends SyncedTable> = Partial<Omit<T['$inferInsert'], SyncManaged>>;
export type SyncedRow<T extends SyncedTable> = T['$inferSelect'];

/*
 * drizzle's builders do not resolve their types for a table that is a type
 * parameter, so the statements below are built on this structural view; the
 * exported signatures keep each caller's own table types.
 */
type LooseTable = Extract<SyncedTable, { _: { name: 'candidates' } }>;

function loose(table: SyncedTable): LooseTable {
  return table as unknown as LooseTable;
}

/**
 * The row keyed by SQL column name, as the server's table has it. JSON
 * columns are already parsed, so they travel as JSON, not as strings. The
 * outbox column's schema checks that the whole payload is plain JSON.
 */
function toPayload(table: SyncedTable, row: Record<string, unknown>): OutboxPayload {
  const payload: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) payload[column.name] = row[key] ?? null;
  return payload as OutboxPayload;
}

/** drizzle property name → SQL column name. */
function sqlNames(table: SyncedTable): Map<string, string> {
  return new Map(Object.entries(getTableColumns(table)).map(([key, column]) => [key, column.name]));
}

/** A drizzle property the operation changed, and its SQL column name. */
type ChangedColumn = readonly [key: string, column: string];

/** A named operation's payload: the row's id, the columns it changed and updated_at, keyed by SQL column name. */
function toOperationPayload(row: Record<string, unknown>, changed: readonly ChangedColumn[]): OutboxPayload {
  const payload: Record<string, unknown> = { id: row.id, updated_at: row.updatedAt };
  for (const [key, column] of changed) payload[column] = row[key] ?? null;
  return payload as OutboxPayload;
}

function appendOutbox(
  tx: AppTransaction,
  table: SyncedTable,
  operation: OutboxOperation,
  row: Record<string, unknown> & { id: string; rowVersion: number },
  now: string,
  named?: { name: OperationName; changed: readonly ChangedColumn[] },
): void {
  tx.insert(syncOutbox)
    .values({
      tableName: getTableName(table),
      rowId: row.id,
      operation,
      rowVersion: row.rowVersion,
      operationName: named?.name ?? null,
      payload: named ? toOperationPayload(row, named.changed) : toPayload(table, row),
      createdAt: now,
    })
    .run();
}

/** Insert a new row at version 1 and queue it for upload. */
export function insertSynced<T extends SyncedTable>(
  tx: AppTransaction,
  table: T,
  values: SyncedInsert<T>,
  clock: Clock = systemClock,
): SyncedRow<T> {
  const now = nowIso(clock);
  const row = tx
    .insert(loose(table))
    .values({
      ...(values as unknown as LooseTable['$inferInsert']),
      id: values.id ?? newId(),
      createdAt: now,
      updatedAt: now,
      rowVersion: 1,
      deletedAt: null,
    })
    .returning()
    .get();
  appendOutbox(tx, table, 'upsert', row, now);
  return row as unknown as SyncedRow<T>;
}

/**
 * Change a live row, bump its version and queue it for upload. Returns
 * undefined (and queues nothing) when no live row has that id.
 */
export function updateSynced<T extends SyncedTable>(
  tx: AppTransaction,
  table: T,
  id: string,
  changes: SyncedChanges<T>,
  clock: Clock = systemClock,
): SyncedRow<T> | undefined {
  const row = updateRow(tx, table, id, changes, clock);
  if (row) appendOutbox(tx, table, 'upsert', row, row.updatedAt);
  return row as SyncedRow<T> | undefined;
}

/**
 * An edit a person made, as the named operation it is (named-operations.ts):
 * the row changes as updateSynced changes it, and the outbox queues only the
 * changed columns under the operation's name, so the hosted database merges
 * them field by field. Throws when a column is not the operation's (a
 * programming error: the server would refuse the mutation). Returns
 * undefined (and queues nothing) when no live row has that id.
 */
export function applyOperation<T extends SyncedTable>(
  tx: AppTransaction,
  name: OperationName,
  table: T,
  id: string,
  changes: SyncedChanges<T>,
  clock: Clock = systemClock,
): SyncedRow<T> | undefined {
  const operation = namedOperations[name];
  const columns = sqlNames(table);
  const changed = Object.entries(changes)
    .filter(([, value]) => value !== undefined)
    .map(([key]): ChangedColumn => [key, columns.get(key) ?? key]);
  const foreign = changed.filter(([, column]) => !(operation.fields as readonly string[]).includes(column));
  if (getTableName(table) !== operation.table || changed.length === 0 || foreign.length > 0) {
    throw new Error(`Operation ${name} changes ${operation.table} (${operation.fields.join(', ')}), not ${getTableName(table)} (${changed.map(([key]) => key).join(', ') || 'nothing'}).`);
  }
  const row = updateRow(tx, table, id, changes, clock);
  if (row) appendOutbox(tx, table, 'upsert', row, row.updatedAt, { name, changed });
  return row as SyncedRow<T> | undefined;
}

function updateRow(
  tx: AppTransaction,
  table: SyncedTable,
  id: string,
  changes: Record<string, unknown>,
  clock: Clock,
): (Record<string, unknown> & { id: string; rowVersion: number; updatedAt: string }) | undefined {
  const now = nowIso(clock);
  const t = loose(table);
  const row = tx
    .update(t)
    .set({
      ...(changes as unknown as Partial<LooseTable['$inferInsert']>),
      updatedAt: now,
      rowVersion: sql`${t.rowVersion} + 1`,
    })
    .where(and(eq(t.id, id), isNull(t.deletedAt)))
    .returning()
    .get();
  return row;
}

/**
 * Delete a row the way sync can see: keep it as a tombstone (deleted_at set,
 * version bumped) and queue a 'delete'. Finds must exclude tombstones; a
 * later purge may remove them once the server has them. Returns undefined
 * when no live row has that id.
 */
export function deleteSynced<T extends SyncedTable>(
  tx: AppTransaction,
  table: T,
  id: string,
  clock: Clock = systemClock,
): SyncedRow<T> | undefined {
  const now = nowIso(clock);
  const t = loose(table);
  const row = tx
    .update(t)
    .set({ deletedAt: now, updatedAt: now, rowVersion: sql`${t.rowVersion} + 1` })
    .where(and(eq(t.id, id), isNull(t.deletedAt)))
    .returning()
    .get();
  if (!row) return undefined;
  appendOutbox(tx, table, 'delete', row, now);
  return row as unknown as SyncedRow<T>;
}
