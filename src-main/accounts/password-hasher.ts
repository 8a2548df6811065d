import bcrypt from 'bcrypt';
import { BCRYPT_COST } from '../../shared/domain/account-rules';

/** bcrypt runs on libuv's thread pool, so hashing never blocks main's event loop. */
export class PasswordHasher {
  /** A real hash to compare against when the email is unknown, so timing does not reveal which emails exist. */
  private decoy: Promise<string> | null = null;

  constructor(private readonly cost = BCRYPT_COST) {}

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.cost);
  }

  verify(password: string, hash: string): Promise<boolean> {
    return bcrypt.compare(password, hash);
  }

  async burnDecoy(password: string): Promise<void> {
    this.decoy ??= bcrypt.hash('decoy-password-for-timing', this.cost);
    await bcrypt.compare(password, await this.decoy);
  }
}
