import { and, eq, getTableName, isNull } from 'drizzle-orm';
import type { Clock } from '../common/clock';
import type { AppDatabase, AppTransaction } from '../db/open-database';
import { applyOperation, insertSynced, type SyncedInsert } from '../db/outbox';
import type { RecordColumns } from '../db/record-columns';
import type { candidates, recruiters } from '../db/schema/index';
import { isUniqueViolation } from '../db/sqlite-errors';
import {
  loginStateColumns,
  normalizeEmail,
  reserveSignInTry,
  type LockoutRule,
  type LoginStateUpdate,
  type SignInReservation,
} from './account-fields';
import { DuplicateEmailError } from './errors';

/** The two tables whose rows people sign in as; both carry the same email and login columns. */
export type AccountTable = typeof candidates | typeof recruiters;

/** An account as its repository returns it: every column but the tombstone, which no find returns. */
export type AccountRecord<T extends AccountTable> = Omit<T['$inferSelect'], 'deletedAt'>;

/*
 * drizzle's builders do not resolve their types for a table that is a type
 * parameter (as in outbox.ts), so statements are built on one concrete
 * table's type; every public signature keeps T's own types.
 */
type LooseTable = typeof candidates;

/**
 * What candidate and staff accounts share: finds that never see a deleted
 * account, emails stored normalised and unique, and the sign-in
 * bookkeeping the lockout rule keeps on the row (account-fields.ts).
 */
export abstract class AccountRepository<T extends AccountTable> {
  private readonly table: LooseTable;
  private readonly columns: RecordColumns<LooseTable, 'deletedAt'>['columns'];

  protected constructor(
    protected readonly store: AppDatabase,
    table: T,
    private readonly record: RecordColumns<T, 'deletedAt'>,
    protected readonly clock: Clock,
  ) {
    this.table = table as unknown as LooseTable;
    this.columns = record.columns as unknown as RecordColumns<LooseTable, 'deletedAt'>['columns'];
  }

  /** Sign-in bookkeeping syncs as its own operation, so it never overwrites an edit of the account made elsewhere. */
  private signInOperation(): 'candidate.sign_in' | 'staff.sign_in' {
    return getTableName(this.table) === 'candidates' ? 'candidate.sign_in' : 'staff.sign_in';
  }

  findByEmail(email: string): AccountRecord<T> | null {
    return this.findWhere(eq(this.table.email, normalizeEmail(email)));
  }

  findById(id: string): AccountRecord<T> | null {
    return this.findWhere(eq(this.table.id, id));
  }

  /** Returns the updated record, or null when no live account has this id. */
  updateLoginState(id: string, change: LoginStateUpdate): AccountRecord<T> | null {
    const row = this.store.db.transaction((tx) => applyOperation(tx, this.signInOperation(), this.table, id, loginStateColumns(change), this.clock));
    return row ? this.toRecord(row) : null;
  }

  /**
   * One sign-in try, counted before its password is checked, atomically: the
   * read, the decision and the write run in one IMMEDIATE transaction
   * (better-sqlite3 is synchronous, and the write lock is taken before the
   * read), so parallel tries each see the count the one before them wrote.
   * Returns null when no live account has this id.
   */
  reserveSignInTry(id: string, now: Date, rule: LockoutRule): SignInReservation | null {
    const table = this.table;
    return this.store.db.transaction(
      (tx) => {
        const current = tx
          .select({ failedLoginCount: table.failedLoginCount, lockedUntil: table.lockedUntil })
          .from(table)
          .where(and(eq(table.id, id), isNull(table.deletedAt)))
          .get();
        if (!current) return null;
        const { reservation, next } = reserveSignInTry(current, now, rule);
        if (next) applyOperation(tx, this.signInOperation(), table, id, loginStateColumns(next), this.clock);
        return reservation;
      },
      { behavior: 'immediate' },
    );
  }

  /** A correct password: the count and any lock are cleared and the sign-in time kept. Null when no live account has this id. */
  recordSignIn(id: string, at: string): AccountRecord<T> | null {
    return this.updateLoginState(id, { failedLoginCount: 0, lockedUntil: null, lastLoginAt: at });
  }

  /** An administrator's unlock (or a correct password on a disabled account): count and lock cleared. Null when no live account has this id. */
  clearLoginFailures(id: string): AccountRecord<T> | null {
    return this.updateLoginState(id, { failedLoginCount: 0, lockedUntil: null });
  }

  /** Inserts an account with its email normalised (trimmed, lower-cased), inside the caller's transaction. */
  protected insertAccount(tx: AppTransaction, values: SyncedInsert<T>): AccountRecord<T> {
    const loose = values as unknown as SyncedInsert<LooseTable>;
    return this.toRecord(insertSynced(tx, this.table, { ...loose, email: normalizeEmail(loose.email) }, this.clock));
  }

  /**
   * Runs a write that inserts an account.
   * @throws DuplicateEmailError when the email (in any letter case) is taken, by a deleted account too.
   */
  protected refusingDuplicateEmail<X>(write: () => X): X {
    try {
      return write();
    } catch (error) {
      if (isUniqueViolation(error, `${getTableName(this.table)}.email`)) throw new DuplicateEmailError({ cause: error });
      throw error;
    }
  }

  /** Live accounts only: a deleted (tombstoned) account is invisible to every find. */
  private findWhere(condition: ReturnType<typeof eq>): AccountRecord<T> | null {
    const row = this.store.db.select(this.columns).from(this.table).where(and(condition, isNull(this.table.deletedAt))).get();
    return (row as AccountRecord<T> | undefined) ?? null;
  }

  private toRecord(row: LooseTable['$inferSelect']): AccountRecord<T> {
    return this.record.from(row as T['$inferSelect']);
  }
}
