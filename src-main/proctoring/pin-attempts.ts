import { PIN_LOCKOUT_MINUTES, PIN_WRONG_TRIES } from '../../shared/domain/proctoring';
import { AppFailure } from '../common/app-failure';
import type { Clock } from '../common/clock';
import { retryAfterText } from '../common/rate-limiter';

/**
 * Wrong PINs at this kiosk: after PIN_WRONG_TRIES in a row it takes no PIN
 * for PIN_LOCKOUT_MINUTES, whoever's PIN is tried, so a candidate cannot
 * guess their way out of a lock screen (a million 6-digit PINs at five per
 * quarter hour is over five years). A try is counted before its PIN is
 * checked, so tries sent all at once cannot slip past the count. Kept in
 * memory: a locked kiosk is restarted only by IT, and comes back locked.
 */
export class PinAttempts {
  private wrong = 0;
  private lockedUntil = 0;
  private checking = 0;

  constructor(private readonly clock: Clock) {}

  /** Refuses (locked) while the kiosk takes no PINs; otherwise holds a place among the tries allowed. */
  begin(): void {
    const now = this.clock.now().getTime();
    if (this.lockedUntil > now) throw this.lockedFailure(this.lockedUntil - now);
    if (this.lockedUntil !== 0) {
      this.lockedUntil = 0;
      this.wrong = 0;
    }
    if (this.wrong + this.checking >= PIN_WRONG_TRIES) throw new AppFailure('rate_limited', 'A PIN is being checked. Try again in a moment.');
    this.checking++;
  }

  /** The PIN was right: the count starts again. */
  succeeded(): void {
    this.checking = Math.max(0, this.checking - 1);
    this.wrong = 0;
  }

  /** The PIN could not be checked (not a wrong PIN): the place is given back, nothing counted. */
  abandon(): void {
    this.checking = Math.max(0, this.checking - 1);
  }

  /** The PIN was wrong: what to tell the person at the kiosk. */
  failed(): AppFailure {
    this.checking = Math.max(0, this.checking - 1);
    this.wrong++;
    if (this.wrong >= PIN_WRONG_TRIES) {
      this.lockedUntil = this.clock.now().getTime() + PIN_LOCKOUT_MINUTES * 60_000;
      return this.lockedFailure(PIN_LOCKOUT_MINUTES * 60_000);
    }
    const left = PIN_WRONG_TRIES - this.wrong;
    return new AppFailure(
      'forbidden',
      `That PIN is not right. ${left} ${left === 1 ? 'try' : 'tries'} left before this kiosk stops taking PINs for ${PIN_LOCKOUT_MINUTES} minutes.`,
    );
  }

  private lockedFailure(ms: number): AppFailure {
    return new AppFailure(
      'locked',
      `Too many wrong PINs at this kiosk. It takes PINs again ${retryAfterText(ms)}; a proctor can also sign in with their staff password.`,
    );
  }
}
