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
