import { LOCKOUT_MINUTES, LOCKOUT_THRESHOLD } from '../../shared/domain/account-rules';
import type { AccountKind } from '../../shared/domain/roles';
import type { AppMode } from '../../shared/domain/settings';
import { AppFailure } from '../common/app-failure';
import type { Clock } from '../common/clock';
import type { Logger } from '../logging/logger-types';
import type { CandidateRepository } from '../repositories/candidate-repository';
import { DuplicateEmailError } from '../repositories/errors';
import type { RecruiterRepository } from '../repositories/recruiter-repository';
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

/**
 * Registration and sign-in for both kinds of account. Wrong passwords are
 * counted on the account row (so a restart does not reset them); the fifth
 * locks it for 15 minutes. Unknown emails get the same answer and roughly the
 * same time as wrong passwords, so the form does not reveal who has an account.
 */
export class AuthService {
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
    const passwordHash = await this.deps.hasher.hash(account.password);
    try {
      const candidate = this.deps.candidates.create({ email: account.email, fullName: account.fullName, passwordHash });
      this.deps.logger.info('candidate registered', { candidateId: candidate.id });
      return { id: candidate.id, kind: 'candidate', role: 'candidate', email: candidate.email, fullName: candidate.fullName };
    } catch (error) {
      if (error instanceof DuplicateEmailError) {
        throw new AppFailure('conflict', 'This email is already registered. Sign in instead.', {
          email: 'This email is already registered.',
        });
      }
      throw error;
    }
  }

  async signIn(kind: AccountKind, email: string, password: string): Promise<Principal> {
    if (kind === 'candidate' && this.deps.mode() !== 'kiosk') {
      throw new AppFailure('forbidden', 'This device is set up for recruiters. Candidates sign in at a kiosk.');
    }
    const account = kind === 'candidate' ? this.findCandidate(email) : this.findStaff(email);
    if (!account) {
      await this.deps.hasher.burnDecoy(password);
      throw new AppFailure('unauthenticated', WRONG_CREDENTIALS);
    }

    const now = this.deps.clock.now();
    if (account.state.lockedUntil && Date.parse(account.state.lockedUntil) > now.getTime()) {
      throw lockedFailure(account.state.lockedUntil, now);
    }
    if (!account.active) {
      throw new AppFailure('forbidden', 'This account is disabled. Ask an administrator to re-enable it.');
    }

    if (!(await this.deps.hasher.verify(password, account.state.passwordHash))) {
      const failures = account.state.failedLoginCount + 1;
      if (failures >= LOCKOUT_THRESHOLD) {
        const lockedUntil = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString();
        account.update({ failedLoginCount: 0, lockedUntil });
        this.deps.logger.warn('account locked after repeated wrong passwords', { accountId: account.state.id, kind });
        throw lockedFailure(lockedUntil, now);
      }
      account.update({ failedLoginCount: failures, lockedUntil: null });
      throw new AppFailure('unauthenticated', WRONG_CREDENTIALS);
    }

    account.update({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: now.toISOString() });
    this.deps.logger.info('signed in', { accountId: account.state.id, kind });
    return account.principal;
  }

  private findCandidate(email: string) {
    const candidate = this.deps.candidates.findByEmail(email);
    if (!candidate) return null;
    return {
      state: candidate as LoginState,
      active: candidate.status === 'active',
      principal: { id: candidate.id, kind: 'candidate', role: 'candidate', email: candidate.email, fullName: candidate.fullName } satisfies Principal,
      update: (change: LoginUpdate) => this.deps.candidates.updateLoginState(candidate.id, change),
    };
  }

  private findStaff(email: string) {
    const member = this.deps.staff.findByEmail(email);
    if (!member) return null;
    return {
      state: member as LoginState,
      active: member.isActive,
      principal: { id: member.id, kind: 'staff', role: member.role, email: member.email, fullName: member.fullName } satisfies Principal,
      update: (change: LoginUpdate) => this.deps.staff.updateLoginState(member.id, change),
    };
  }
}

type LoginUpdate = { failedLoginCount: number; lockedUntil: string | null; lastLoginAt?: string };

function lockedFailure(lockedUntil: string, now: Date): AppFailure {
  const minutes = Math.max(1, Math.ceil((Date.parse(lockedUntil) - now.getTime()) / 60_000));
  return new AppFailure(
    'locked',
    `Too many wrong passwords: this account is locked for ${LOCKOUT_MINUTES} minutes. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask staff for help.`,
  );
}
