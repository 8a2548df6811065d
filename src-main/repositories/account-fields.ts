/**
 * What candidate and staff accounts have in common: how emails are stored,
 * and the sign-in bookkeeping the lockout rule keeps on the account row.
 */

/** Emails are stored and looked up trimmed and lower-cased, which makes uniqueness case-insensitive. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface LoginStateUpdate {
  failedLoginCount: number;
  lockedUntil: string | null;
  /** Set on a successful sign-in only; omitted leaves the stored value. */
  lastLoginAt?: string;
}

/** The columns a sign-in attempt changes, for either accounts table. */
export function loginStateColumns(change: LoginStateUpdate): LoginStateUpdate {
  return {
    failedLoginCount: change.failedLoginCount,
    lockedUntil: change.lockedUntil,
    ...(change.lastLoginAt !== undefined ? { lastLoginAt: change.lastLoginAt } : {}),
  };
}

/** The lockout rule a sign-in attempt is judged by (5 tries, 15 minutes in the product). */
export interface LockoutRule {
  threshold: number;
  lockMs: number;
}

export interface LoginCounters {
  failedLoginCount: number;
  lockedUntil: string | null;
}

/**
 * What reserving one sign-in try decided. `granted: false` means the account
 * is locked and the password must not be checked. When granted, the try is
 * already counted as a failure (a correct password resets the count), and
 * `lockedUntil` is set when this try was the last one allowed: the lock is
 * already stored, so a wrong password answers "locked".
 */
export type SignInReservation =
  | { granted: false; lockedUntil: string }
  | { granted: true; attempt: number; lockedUntil: string | null };

/**
 * One sign-in try against an account's counters, decided BEFORE the password
 * is checked: the try is counted first, and the try that reaches the
 * threshold sets the lock at once, so tries after it in the same burst see
 * the lock and never reach bcrypt. An expired lock starts a fresh count.
 * Pure, so the repositories run it inside one write transaction (read,
 * decide, write) and the in-memory stand-in for unknown emails runs it too.
 * Returns the reservation and the counters to store (null: store nothing).
 */
export function reserveSignInTry(
  current: LoginCounters,
  now: Date,
  rule: LockoutRule,
): { reservation: SignInReservation; next: LoginCounters | null } {
  const lockedUntilMs = current.lockedUntil ? Date.parse(current.lockedUntil) : Number.NaN;
  if (current.lockedUntil && lockedUntilMs > now.getTime()) {
    return { reservation: { granted: false, lockedUntil: current.lockedUntil }, next: null };
  }
  const lockExpired = current.lockedUntil !== null;
  const attempt = (lockExpired ? 0 : current.failedLoginCount) + 1;
  const lockedUntil = attempt >= rule.threshold ? new Date(now.getTime() + rule.lockMs).toISOString() : null;
  return { reservation: { granted: true, attempt, lockedUntil }, next: { failedLoginCount: attempt, lockedUntil } };
}
