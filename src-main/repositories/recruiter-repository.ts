import { and, asc, count, eq, isNull } from 'drizzle-orm';
import type { StaffRole } from '../../shared/domain/roles';
import { systemClock, type Clock } from '../common/clock';
import type { AppDatabase, AppTransaction } from '../db/open-database';
import { insertSynced, updateSynced } from '../db/outbox';
import { recruiters } from '../db/schema/index';
import { isUniqueViolation } from '../db/sqlite-errors';
import {
  loginStateColumns,
  normalizeEmail,
  type LockoutRule,
  type LoginStateUpdate,
  type SignInReservation,
} from './account-fields';
import { DuplicateEmailError } from './errors';
import { reserveSignInTryIn } from './sign-in-tries';

export interface StaffRecord {
  id: string;
  email: string;
  fullName: string;
  passwordHash: string;
  role: StaffRole;
  organizationId: string | null;
  isActive: boolean;
  failedLoginCount: number;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
  rowVersion: number;
}

export interface NewStaffMember {
  email: string;
  fullName: string;
  passwordHash: string;
  role: StaffRole;
}

type RecruiterRow = typeof recruiters.$inferSelect;

function toRecord(row: RecruiterRow): StaffRecord {
  return {
    id: row.id,
    email: row.email,
    fullName: row.fullName,
    passwordHash: row.passwordHash,
    role: row.role,
    organizationId: row.organizationId,
    isActive: row.isActive,
    failedLoginCount: row.failedLoginCount,
    lockedUntil: row.lockedUntil,
    lastLoginAt: row.lastLoginAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    rowVersion: row.rowVersion,
  };
}

function live() {
  return isNull(recruiters.deletedAt);
}

/**
 * Staff accounts: recruiters, admins and viewers (the `recruiters` table).
 * Deleted (tombstoned) accounts are invisible to every read.
 */
export class RecruiterRepository {
  constructor(
    private readonly store: AppDatabase,
    private readonly clock: Clock = systemClock,
  ) {}

  findByEmail(email: string): StaffRecord | null {
    const row = this.store.db
      .select()
      .from(recruiters)
      .where(and(eq(recruiters.email, normalizeEmail(email)), live()))
      .get();
    return row ? toRecord(row) : null;
  }

  findById(id: string): StaffRecord | null {
    const row = this.store.db
      .select()
      .from(recruiters)
      .where(and(eq(recruiters.id, id), live()))
      .get();
    return row ? toRecord(row) : null;
  }

  /** Oldest first; the id (UUID v7) breaks ties within a millisecond. */
  list(): StaffRecord[] {
    return this.store.db
      .select()
      .from(recruiters)
      .where(live())
      .orderBy(asc(recruiters.createdAt), asc(recruiters.id))
      .all()
      .map(toRecord);
  }

  /**
   * Admin accounts, deactivated ones included: a device whose only admin is
   * deactivated must not reopen first-start setup to whoever walks up to it.
   */
  countAdmins(): number {
    return countAdminsWith(this.store.db);
  }

  /** @throws DuplicateEmailError when the email (in any letter case) is taken, by a deleted account too. */
  create(input: NewStaffMember): StaffRecord {
    return this.insertCatchingDuplicate(() =>
      this.store.db.transaction((tx) => this.insert(tx, input)),
    );
  }

  /**
   * First-start setup: create an admin only if there is none, checked and
   * inserted in one IMMEDIATE transaction (the write lock is taken before the
   * check), so two windows or processes racing through setup make one admin.
   * Returns null when an admin already exists.
   */
  createFirstAdmin(input: Omit<NewStaffMember, 'role'>): StaffRecord | null {
    return this.insertCatchingDuplicate(() =>
      this.store.db.transaction(
        (tx) => (countAdminsWith(tx) > 0 ? null : this.insert(tx, { ...input, role: 'admin' })),
        { behavior: 'immediate' },
      ),
    );
  }

  /** Returns the updated record, or null when no live account has this id. */
  updateLoginState(id: string, change: LoginStateUpdate): StaffRecord | null {
    const row = this.store.db.transaction((tx) =>
      updateSynced(
        tx,
        recruiters,
        id,
        loginStateColumns(change),
        this.clock,
      ),
    );
    return row ? toRecord(row) : null;
  }

  /** One sign-in try, counted before its password is checked (sign-in-tries.ts). Null when no live account has this id. */
  reserveSignInTry(id: string, now: Date, rule: LockoutRule): SignInReservation | null {
    return reserveSignInTryIn(this.store, recruiters, id, now, rule, this.clock);
  }

  /** A correct password: the count and any lock are cleared and the sign-in time kept. Null when no live account has this id. */
  recordSignIn(id: string, at: string): StaffRecord | null {
    return this.updateLoginState(id, { failedLoginCount: 0, lockedUntil: null, lastLoginAt: at });
  }

  /** An administrator's unlock (or a correct password on a disabled account): count and lock cleared. Null when no live account has this id. */
  clearLoginFailures(id: string): StaffRecord | null {
    return this.updateLoginState(id, { failedLoginCount: 0, lockedUntil: null });
  }

  private insert(tx: AppTransaction, input: NewStaffMember): StaffRecord {
    const row = insertSynced(
      tx,
      recruiters,
      {
        email: normalizeEmail(input.email),
        fullName: input.fullName,
        passwordHash: input.passwordHash,
        role: input.role,
      },
      this.clock,
    );
    return toRecord(row);
  }

  private insertCatchingDuplicate<T>(write: () => T): T {
    try {
      return write();
    } catch (error) {
      if (isUniqueViolation(error, 'recruiters.email')) throw new DuplicateEmailError({ cause: error });
      throw error;
    }
  }
}

function countAdminsWith(db: AppDatabase['db'] | AppTransaction): number {
  const result = db
    .select({ admins: count() })
    .from(recruiters)
    .where(and(eq(recruiters.role, 'admin'), live()))
    .get();
  return result?.admins ?? 0;
}
