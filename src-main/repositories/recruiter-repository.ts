import { and, asc, count, eq, isNull } from 'drizzle-orm';
import type { StaffRole } from '../../shared/domain/roles';
import { systemClock, type Clock } from '../common/clock';
import type { AppDatabase, AppTransaction } from '../db/open-database';
import { applyOperation } from '../db/outbox';
import { recordColumns, type RecordOf } from '../db/record-columns';
import { recruiters } from '../db/schema/index';
import { AccountRepository } from './account-repository';

const staffRecord = recordColumns(recruiters, ['deletedAt']);
export type StaffRecord = RecordOf<typeof staffRecord>;

export interface NewStaffMember {
  email: string;
  fullName: string;
  passwordHash: string;
  role: StaffRole;
}

function live() {
  return isNull(recruiters.deletedAt);
}

/**
 * Staff accounts: recruiters, admins, viewers and proctors (the `recruiters` table).
 * Deleted (tombstoned) accounts are invisible to every read; finds and
 * sign-in bookkeeping are account-repository.ts's.
 */
export class RecruiterRepository extends AccountRepository<typeof recruiters> {
  constructor(store: AppDatabase, clock: Clock = systemClock) {
    super(store, recruiters, staffRecord, clock);
  }

  /** Oldest first; the id (UUID v7) breaks ties within a millisecond. */
  list(): StaffRecord[] {
    return this.store.db
      .select(staffRecord.columns)
      .from(recruiters)
      .where(live())
      .orderBy(asc(recruiters.createdAt), asc(recruiters.id))
      .all();
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
    return this.refusingDuplicateEmail(() => this.store.db.transaction((tx) => this.insert(tx, input)));
  }

  /**
   * First-start setup: create an admin only if there is none, checked and
   * inserted in one IMMEDIATE transaction (the write lock is taken before the
   * check), so two windows or processes racing through setup make one admin.
   * Returns null when an admin already exists.
   */
  createFirstAdmin(input: Omit<NewStaffMember, 'role'>): StaffRecord | null {
    return this.refusingDuplicateEmail(() =>
      this.store.db.transaction(
        (tx) => (countAdminsWith(tx) > 0 ? null : this.insert(tx, { ...input, role: 'admin' })),
        { behavior: 'immediate' },
      ),
    );
  }

  /** A proctor's kiosk PIN, already hashed; null when no live account has this id. */
  setPinHash(id: string, pinHash: string): StaffRecord | null {
    const row = this.store.db.transaction((tx) => applyOperation(tx, 'staff.set_pin', recruiters, id, { pinHash }, this.clock));
    return row ? staffRecord.from(row) : null;
  }

  private insert(tx: AppTransaction, input: NewStaffMember): StaffRecord {
    return this.insertAccount(tx, { email: input.email, fullName: input.fullName, passwordHash: input.passwordHash, role: input.role });
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
