import { spanWords, type CheckResult } from './check-result';
import type { HelloOutcome } from './sync-check';

/** More than this between the device's clock and a trusted one is worth fixing (sessions, timings and the audit trail run on it). */
export const CLOCK_SKEW_WARN_MS = 2 * 60 * 1000;

const LABEL = 'Clock';

/**
 * The device's clock against the hosted database's (`sync.hello`'s
 * serverTime), taken as read halfway between asking and hearing back. The
 * AI provider's call goes through the app's provider layer, which does not
 * hand back the HTTP Date header, so without sync there is nothing trusted
 * to compare with: 'unknown', saying so.
 */
export function checkClock(hello: HelloOutcome | null): CheckResult {
  if (!hello || !hello.ok || !hello.clock) {
    const why = !hello
      ? 'sync is not set up, and the hosted database’s clock is what this check compares with'
      : !hello.ok
        ? 'the hosted database, whose clock this check compares with, could not be reached'
        : 'the hosted database did not say its time';
    return {
      id: 'clock',
      label: LABEL,
      status: 'unknown',
      detail: `Not checked: ${why}.`,
      fix: 'Make sure the OS sets its time automatically (network time) and the time zone is right.',
    };
  }
  const { serverTime, sentAt, receivedAt } = hello.clock;
  const deviceAtReading = (sentAt.getTime() + receivedAt.getTime()) / 2;
  const skew = deviceAtReading - serverTime.getTime();
  if (Math.abs(skew) <= CLOCK_SKEW_WARN_MS) {
    const off = Math.abs(skew) < 1000 ? 'a second' : spanWords(skew);
    return { id: 'clock', label: LABEL, status: 'ok', detail: `Within ${off} of the hosted database’s clock.`, fix: null };
  }
  return {
    id: 'clock',
    label: LABEL,
    status: 'warn',
    detail: `This device’s clock is ${spanWords(skew)} ${skew > 0 ? 'ahead of' : 'behind'} the hosted database’s.`,
    fix: 'IT turns on automatic time (network time) in the OS settings and checks the time zone: session times, interview timings and the audit trail use this clock.',
  };
}
