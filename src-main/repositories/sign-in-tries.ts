import { and, eq, isNull } from 'drizzle-orm';
import type { Clock } from '../common/clock';
import type { AppDatabase } from '../db/open-database';
import { updateSynced } from '../db/outbox';
import type { candidates, recruiters } from '../db/schema/index';
import { loginStateColumns, reserveSignInTry, type LockoutRule, type SignInReservation } from './account-fields';

/** The two tables whose rows people sign in as; both carry the same login columns. */
type AccountTable = typeof candidates | typeof recruiters;

/**
 * Counts one sign-in try before its password is checked, atomically: the
 * read, the decision and the write run in one IMMEDIATE transaction
 * (better-sqlite3 is synchronous, and the write lock is taken before the
 * read), so parallel tries each see the count the one before them wrote.
 * Returns null when no live account has this id.
 */
export function reserveSignInTryIn(store: AppDatabase, table: AccountTable, id: string, now: Date, rule: LockoutRule, clock: Clock): SignInReservation | null {
  return store.db.transaction(
    (tx) => {
      const current = tx
        .select({ failedLoginCount: table.failedLoginCount, lockedUntil: table.lockedUntil })
        .from(table)
        .where(and(eq(table.id, id), isNull(table.deletedAt)))
        .get();
      if (!current) return null;
      const { reservation, next } = reserveSignInTry(current, now, rule);
      if (next) updateSynced(tx, table, id, loginStateColumns(next), clock);
      return reservation;
    },
    { behavior: 'immediate' },
  );
}
