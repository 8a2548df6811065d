import { and, eq, isNull } from 'drizzle-orm';
import { systemClock, type Clock } from '../common/clock';
import type { AppDatabase } from '../db/open-database';
import { insertSynced, updateSynced } from '../db/outbox';
import type { CandidateStatus } from '../db/schema/enums';
import { candidates } from '../db/schema/index';
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

export interface CandidateRecord {
  id: string;
  email: string;
  fullName: string;
  passwordHash: string;
  phone: string | null;
  status: CandidateStatus;
  failedLoginCount: number;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
  rowVersion: number;
}

export interface NewCandidate {
  email: string;
  fullName: string;
  passwordHash: string;
  phone?: string | null;
}

type CandidateRow = typeof candidates.$inferSelect;

function toRecord(row: CandidateRow): CandidateRecord {
  return {
    id: row.id,
    email: row.email,
    fullName: row.fullName,
    passwordHash: row.passwordHash,
    phone: row.phone,
    status: row.status,
    failedLoginCount: row.failedLoginCount,
    lockedUntil: row.lockedUntil,
    lastLoginAt: row.lastLoginAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    rowVersion: row.rowVersion,
  };
}

/** Candidate accounts. Deleted (tombstoned) candidates are invisible to every find. */
export class CandidateRepository {
  constructor(
    private readonly store: AppDatabase,
    private readonly clock: Clock = systemClock,
  ) {}

  findByEmail(email: string): CandidateRecord | null {
    const row = this.store.db
      .select()
      .from(candidates)
      .where(and(eq(candidates.email, normalizeEmail(email)), isNull(candidates.deletedAt)))
      .get();
    return row ? toRecord(row) : null;
  }

  findById(id: string): CandidateRecord | null {
    const row = this.store.db
      .select()
      .from(candidates)
      .where(and(eq(candidates.id, id), isNull(candidates.deletedAt)))
      .get();
    return row ? toRecord(row) : null;
  }

  /** @throws DuplicateEmailError when the email (in any letter case) is taken, by a deleted account too. */
  create(input: NewCandidate): CandidateRecord {
    try {
      const row = this.store.db.transaction((tx) =>
        insertSynced(
          tx,
          candidates,
          {
            email: normalizeEmail(input.email),
            fullName: input.fullName,
            passwordHash: input.passwordHash,
            phone: input.phone ?? null,
          },
          this.clock,
        ),
      );
      return toRecord(row);
    } catch (error) {
      if (isUniqueViolation(error, 'candidates.email')) throw new DuplicateEmailError({ cause: error });
      throw error;
    }
  }

  /** Returns the updated record, or null when no live candidate has this id. */
  updateLoginState(id: string, change: LoginStateUpdate): CandidateRecord | null {
    const row = this.store.db.transaction((tx) =>
      updateSynced(
        tx,
        candidates,
        id,
        loginStateColumns(change),
        this.clock,
      ),
    );
    return row ? toRecord(row) : null;
  }

  /** One sign-in try, counted before its password is checked (sign-in-tries.ts). Null when no live account has this id. */
  reserveSignInTry(id: string, now: Date, rule: LockoutRule): SignInReservation | null {
    return reserveSignInTryIn(this.store, candidates, id, now, rule, this.clock);
  }

  /** A correct password: the count and any lock are cleared and the sign-in time kept. Null when no live account has this id. */
  recordSignIn(id: string, at: string): CandidateRecord | null {
    return this.updateLoginState(id, { failedLoginCount: 0, lockedUntil: null, lastLoginAt: at });
  }

  /** An administrator's unlock (or a correct password on a disabled account): count and lock cleared. Null when no live account has this id. */
  clearLoginFailures(id: string): CandidateRecord | null {
    return this.updateLoginState(id, { failedLoginCount: 0, lockedUntil: null });
  }
}
