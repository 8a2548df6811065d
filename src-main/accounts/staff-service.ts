import { ALREADY_REGISTERED } from '../../shared/copy/account-messages';
import type { StaffRole } from '../../shared/domain/roles';
import { AppFailure } from '../common/app-failure';
import type { Logger } from '../logging/logger-types';
import { DuplicateEmailError } from '../repositories/errors';
import type { RecruiterRepository, StaffRecord } from '../repositories/recruiter-repository';
import type { NewAccount } from './auth-service';
import type { PasswordHasher } from './password-hasher';
import type { Principal } from './session-store';

/** Staff accounts (recruiter, admin, viewer), and the first admin created at first start. */
export class StaffService {
  constructor(private readonly deps: { staff: RecruiterRepository; hasher: PasswordHasher; logger: Logger }) {}

  needsSetup(): boolean {
    return this.deps.staff.countAdmins() === 0;
  }

  async createFirstAdmin(account: NewAccount): Promise<Principal> {
    if (!this.needsSetup()) throw setupDone();
    const passwordHash = await this.deps.hasher.hash(account.password);
    // The repository re-checks inside its transaction: two windows racing through setup create one admin.
    const admin = this.deps.staff.createFirstAdmin({ email: account.email, fullName: account.fullName, passwordHash });
    if (!admin) throw setupDone();
    this.deps.logger.info('first administrator created', { accountId: admin.id });
    return { id: admin.id, kind: 'staff', role: 'admin', email: admin.email, fullName: admin.fullName };
  }

  list(): StaffRecord[] {
    return this.deps.staff.list();
  }

  async create(account: NewAccount & { role: StaffRole }): Promise<StaffRecord> {
    const passwordHash = await this.deps.hasher.hash(account.password);
    try {
      const member = this.deps.staff.create({ email: account.email, fullName: account.fullName, passwordHash, role: account.role });
      this.deps.logger.info('staff account created', { accountId: member.id, role: member.role });
      return member;
    } catch (error) {
      if (error instanceof DuplicateEmailError) {
        throw new AppFailure('conflict', 'A staff account with this email already exists.', {
          email: ALREADY_REGISTERED,
        });
      }
      throw error;
    }
  }
}

function setupDone(): AppFailure {
  return new AppFailure('conflict', 'Setup is already complete. Sign in with an administrator account.');
}
