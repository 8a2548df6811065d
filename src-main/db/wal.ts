import type { AppDatabase } from './open-database';

/**
 * Empties the write-ahead log into the database file and truncates it.
 * With secure_delete on (open-database.ts), deleted rows are zeroed in the
 * database file, but their old pages live on in the -wal file until a
 * checkpoint: after removing personal data (an erasure, a retention run)
 * this takes those copies out too.
 */
export function truncateWal(store: AppDatabase): void {
  store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
}
