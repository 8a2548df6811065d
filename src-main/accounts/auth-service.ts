import { ALREADY_REGISTERED } from '../../shared/copy/account-messages';
import { LOCKOUT_MINUTES, LOCKOUT_THRESHOLD } from '../../shared/domain/account-rules';
import type { AccountKind } from '../../shared/domain/roles';
import type { AppMode } from '../../shared/domain/settings';
import { AppFailure } from '../common/app-failure';
import type { Clock } from '../common/clock';
import type { Logger } from '../logging/logger-types';
import type { CandidateRepository } from '../repositories/candidate-repository';
import { normalizeEmail, reserveSignInTry, type LockoutRule, type LoginCounters, type SignInReservation } from '../repositories/account-fields';
import { DuplicateEmailError } from '../repositories/errors';
import type { RecruiterRepository } from '../repositories/recruiter-repository';
import { DeviceThrottle } from './device-throttle';
import type { PasswordHasher } from './password-hasher';
import type { Principal } from './session-store';

interface LoginState {
  id: string;
  passwordHash: string;
  failedLoginCount: number;
  lockedUntil: string | null;
}

export interface NewAccount {
  email: string;
  password: string;
  fullName: string;
}

const WRONG_CREDENTIALS = 'Email or password is incorrect.';
const LOCKOUT: LockoutRule = { threshold: LOCKOUT_THRESHOLD, lockMs: LOCKOUT_MINUTES * 60_000 };
/** How many unknown emails the in-memory stand-in lock remembers; the oldest is forgotten first. */
const UNKNOWN_EMAILS_KEPT = 10_000;

/**
 * Registration and sign-in for both kinds of account.
 *
 * Account lock: a sign-in try is counted on the account row BEFORE its
 * password is checked (one write transaction: read, decide, write), and the
 * try that reaches five sets `locked_until` 15 minutes ahead; a correct
 * password then clears the count. So a burst of parallel wrong passwords runs
 * bcrypt at most five times per lock window, the sixth and later are refused
 * as locked without bcrypt, and a failure never writes (so it cannot clear a
 * lock another try set). The count is on the row, so a restart keeps it.
 *
 * Kiosk-mode devices: every failed sign-in and every "already registered"
 * counts against the device (DeviceThrottle). Staff accounts are never locked
 * by tries made at a kiosk (a candidate could otherwise lock the admins out):
 * there the device throttle alone stops guessing. Candidate accounts keep
 * their own lock as well.
 *
 * Enumeration: an unknown email gets the same answer and roughly the same
 * time as a wrong password (a decoy bcrypt), and where an account would lock,
 * an unknown email "locks" too, after the same five tries, in memory.
 * Registration must say "already registered" (the person should sign in
 * instead); that answer counts against the device throttle.
 */
export class AuthService {
  private readonly device = new DeviceThrottle();
  /** Stand-in lock counters for emails with no account, so "locked" does not reveal who has one. */
  private readonly unknownEmails = new Map<string, LoginCounters>();

  constructor(
    private readonly deps: {
      candidates: CandidateRepository;
      staff: RecruiterRepository;
      hasher: PasswordHasher;
      clock: Clock;
      logger: Logger;
      mode: () => AppMode;
    },
  ) {}

  async registerCandidate(account: NewAccount): Promise<Principal> {
    if (this.deps.mode() !== 'kiosk') {
      throw new AppFailure('forbidden', 'Candidates register at an assessment-centre kiosk, not on a recruiter device.');
    }
    this.reserveDeviceTry(this.deps.clock.now());
    const passwordHash = await this.deps.hasher.hash(account.password);
    try {
      const candidate = this.deps.candidates.create({ email: account.email, fullName: account.fullName, passwordHash });
      this.device.succeeded('candidate');
      this.deps.logger.info('candidate registered', { candidateId: candidate.id });
      return { id: candidate.id, kind: 'candidate', role: 'candidate', email: candidate.email, fullName: candidate.fullName };
    } catch (error) {
      if (error instanceof DuplicateEmailError) {
        // Counted against the device: this answer tells whether an email has an account.
        throw new AppFailure('conflict', `${ALREADY_REGISTERED} Sign in instead.`, {
          email: ALREADY_REGISTERED,
        });
      }
      this.device.succeeded('candidate');
      throw error;
    }
  }

  async signIn(kind: AccountKind, email: string, password: string): Promise<Principal> {
    const kiosk = this.deps.mode() === 'kiosk';
    if (kind === 'candidate' && !kiosk) {
      throw new AppFailure('forbidden', 'This device is set up for recruiters. Candidates sign in at a kiosk.');
    }
    // Staff tries at a kiosk count against the device only, never the staff account.
    const accountLock = kind === 'candidate' || !kiosk;
    const account = kind === 'candidate' ? this.findCandidate(email) : this.findStaff(email);
    const now = this.deps.clock.now();

    // A lock already in force answers first, before the device is charged (no password is checked).
    const lockedUntil = account
      ? account.state.lockedUntil
      : accountLock
        ? (this.unknownEmails.get(unknownKey(kind, email))?.lockedUntil ?? null)
        : null;
    if (lockedUntil && Date.parse(lockedUntil) > now.getTime()) throw lockedFailure(lockedUntil, now);

    if (kiosk) this.reserveDeviceTry(now);

    // Reserve an account try before bcrypt; `lockOnFailure` is set when this try was the last one allowed.
    let lockOnFailure: string | null = null;
    if (accountLock) {
      const reservation = account ? account.reserve(now) : this.reserveUnknownTry(kind, email, now);
      if (reservation && !reservation.granted) throw lockedFailure(reservation.lockedUntil, now);
      lockOnFailure = reservation?.lockedUntil ?? null;
    }

    if (!account) {
      await this.deps.hasher.burnDecoy(password);
      throw lockOnFailure ? lockedFailure(lockOnFailure, now) : new AppFailure('unauthenticated', WRONG_CREDENTIALS);
    }

    if (!(await this.deps.hasher.verify(password, account.state.passwordHash))) {
      if (lockOnFailure) {
        this.deps.logger.warn('account locked after repeated wrong passwords', { accountId: account.state.id, kind });
        throw lockedFailure(lockOnFailure, now);
      }
      throw new AppFailure('unauthenticated', WRONG_CREDENTIALS);
    }

    // The right password: not a guess, for the device either.
    if (kiosk) this.device.succeeded(kind);
    if (!account.active) {
      if (accountLock) account.clearFailures();
      throw new AppFailure('forbidden', 'This account is disabled. Ask an administrator to re-enable it.');
    }
    account.recordSignIn(now.toISOString());
    this.deps.logger.info('signed in', { accountId: account.state.id, kind });
    return account.principal;
  }

  /** Admin: clear an account's wrong-password count and lock, and log who did it. */
  unlockAccount(kind: AccountKind, id: string, by: { id: string }): { accountKind: AccountKind; id: string; unlocked: true } {
    const unlocked = kind === 'candidate' ? this.deps.candidates.clearLoginFailures(id) : this.deps.staff.clearLoginFailures(id);
    if (!unlocked) throw new AppFailure('not_found', 'There is no such account. Reload the list and try again.');
    this.deps.logger.info('account unlocked by an administrator', { accountId: id, kind, unlockedBy: by.id });
    return { accountKind: kind, id, unlocked: true };
  }

  private reserveDeviceTry(now: Date): void {
    const attempt = this.device.reserve(now.getTime());
    if (attempt.granted) return;
    const seconds = Math.max(1, Math.ceil(attempt.waitMs / 1000));
    throw new AppFailure(
      'locked',
      `Too many failed sign-ins on this device. Try again in ${seconds} second${seconds === 1 ? '' : 's'}, or ask staff for help.`,
    );
  }

  private reserveUnknownTry(kind: AccountKind, email: string, now: Date): SignInReservation {
    const key = unknownKey(kind, email);
    const { reservation, next } = reserveSignInTry(this.unknownEmails.get(key) ?? { failedLoginCount: 0, lockedUntil: null }, now, LOCKOUT);
    if (next) {
      this.unknownEmails.delete(key);
      this.unknownEmails.set(key, next);
      if (this.unknownEmails.size > UNKNOWN_EMAILS_KEPT) {
        const oldest = this.unknownEmails.keys().next();
        if (!oldest.done) this.unknownEmails.delete(oldest.value);
      }
    }
    return reservation;
  }

  private findCandidate(email: string) {
    const candidate = this.deps.candidates.findByEmail(email);
    if (!candidate) return null;
    const repository = this.deps.candidates;
    return {
      state: candidate as LoginState,
      active: candidate.status === 'active',
      principal: { id: candidate.id, kind: 'candidate', role: 'candidate', email: candidate.email, fullName: candidate.fullName } satisfies Principal,
      reserve: (now: Date) => repository.reserveSignInTry(candidate.id, now, LOCKOUT),
      recordSignIn: (at: string) => repository.recordSignIn(candidate.id, at),
      clearFailures: () => repository.clearLoginFailures(candidate.id),
    };
  }

  private findStaff(email: string) {
    const member = this.deps.staff.findByEmail(email);
    if (!member) return null;
    const repository = this.deps.staff;
    return {
      state: member as LoginState,
      active: member.isActive,
      principal: { id: member.id, kind: 'staff', role: member.role, email: member.email, fullName: member.fullName } satisfies Principal,
      reserve: (now: Date) => repository.reserveSignInTry(member.id, now, LOCKOUT),
      recordSignIn: (at: string) => repository.recordSignIn(member.id, at),
      clearFailures: () => repository.clearLoginFailures(member.id),
    };
  }
}

function unknownKey(kind: AccountKind, email: string): string {
  return `${kind}:${normalizeEmail(email)}`;
}

function lockedFailure(lockedUntil: string, now: Date): AppFailure {
  const minutes = Math.max(1, Math.ceil((Date.parse(lockedUntil) - now.getTime()) / 60_000));
  return new AppFailure(
    'locked',
    `Too many wrong passwords: this account is locked for ${LOCKOUT_MINUTES} minutes. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask staff for help.`,
  );
}
