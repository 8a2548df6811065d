/**
 * The per-device brake on sign-in guessing at a kiosk: failed sign-ins and
 * registrations refused as "already registered" count against the device,
 * across every account typed on it. Kept in memory (a kiosk is one device,
 * and a candidate cannot restart the app in kiosk mode).
 *
 * Each try is counted when it starts (before bcrypt), so a burst of parallel
 * tries cannot all slip through: the fifth try in a row starts a wait, and
 * every try during a wait is refused without checking its password. The wait
 * doubles with each further failure (1 s, 2 s, 4 s, … up to 3 minutes): at
 * the cap that is 20 guesses an hour, the same rate the account lock allows
 * (5 per 15 minutes). A try that turns out to be a correct password is taken
 * back off the count; a staff member signing in clears it (someone
 * trustworthy is at the kiosk); 15 minutes without a try clear it too.
 */
export interface DeviceThrottleRule {
  /** Failures in a row before the first wait. */
  freeFailures: number;
  firstDelayMs: number;
  maxDelayMs: number;
  /** A pause this long without a try forgets the failures. */
  quietMs: number;
}

export const KIOSK_DEVICE_THROTTLE: DeviceThrottleRule = {
  freeFailures: 5,
  firstDelayMs: 1000,
  maxDelayMs: 3 * 60_000,
  quietMs: 15 * 60_000,
};

export type DeviceTry = { granted: true } | { granted: false; waitMs: number };

export class DeviceThrottle {
  private failures = 0;
  private lastTryAt = Number.NEGATIVE_INFINITY;
  private nextAllowedAt = 0;

  constructor(private readonly rule: DeviceThrottleRule = KIOSK_DEVICE_THROTTLE) {}

  /** Counts a try as a failure before it is checked; refused (with how long to wait) during a wait. */
  reserve(nowMs: number): DeviceTry {
    if (nowMs < this.nextAllowedAt) return { granted: false, waitMs: this.nextAllowedAt - nowMs };
    if (nowMs - this.lastTryAt >= this.rule.quietMs) this.failures = 0;
    this.failures += 1;
    this.lastTryAt = nowMs;
    if (this.failures >= this.rule.freeFailures) {
      const doublings = this.failures - this.rule.freeFailures;
      this.nextAllowedAt = nowMs + Math.min(this.rule.firstDelayMs * 2 ** Math.min(doublings, 30), this.rule.maxDelayMs);
    }
    return { granted: true };
  }

  /** The try had the right password: it was no failure. A staff member's clears the device's count. */
  succeeded(by: 'candidate' | 'staff'): void {
    if (by === 'staff') {
      this.failures = 0;
      this.nextAllowedAt = 0;
      return;
    }
    this.failures = Math.max(0, this.failures - 1);
    if (this.failures < this.rule.freeFailures) this.nextAllowedAt = 0;
  }
}
