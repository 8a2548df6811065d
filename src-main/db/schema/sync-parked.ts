import { index, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Pulled rows waiting for a parent row that has not arrived yet (a parent
 * changed after its children comes in a later page). Keyed by the parent
 * they wait for, so the parent's arrival releases exactly its children, and
 * a first pull that parks many rows stays linear.
 */
export const syncParked = sqliteTable(
  'sync_parked',
  {
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    parentTable: text('parent_table').notNull(),
    parentId: text('parent_id').notNull(),
    /** The pulled change as the server sent it: { table, row }. */
    change: text('change').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tableName, t.rowId] }), index('idx_sync_parked_parent').on(t.parentTable, t.parentId)],
);
