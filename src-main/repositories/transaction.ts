import type { AppDatabase, AppTransaction } from '../db/open-database';

/** Either a transaction the caller already holds, or none: the repository then opens its own. */
export type MaybeTransaction = AppTransaction | undefined;

/**
 * Runs `work` in the caller's transaction when given one, else in a new one,
 * so several repositories can write one unit of work (an answer, its file
 * and the session) that commits or rolls back as a whole.
 */
export function inTransaction<T>(store: AppDatabase, tx: MaybeTransaction, work: (tx: AppTransaction) => T): T {
  return tx ? work(tx) : store.db.transaction(work);
}
