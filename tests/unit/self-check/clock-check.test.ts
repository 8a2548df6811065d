import { describe, expect, it } from 'vitest';
import { checkClock, CLOCK_SKEW_WARN_MS } from '../../../src-main/self-check/clock-check';

const SERVER = new Date('2026-11-25T09:00:00.000Z');

/** A hello whose answer took `roundTripMs`, sent when the device's clock said SERVER + skew. */
function reading(skewMs: number, roundTripMs = 200) {
  const sentAt = new Date(SERVER.getTime() + skewMs - roundTripMs / 2);
  return { ok: true as const, clock: { serverTime: SERVER, sentAt, receivedAt: new Date(sentAt.getTime() + roundTripMs) } };
}

describe('the clock check', () => {
  it('passes within two minutes of the hosted database’s clock, taken halfway through the round trip', () => {
    expect(checkClock(reading(0, 3000))).toEqual({ id: 'clock', label: 'Clock', status: 'ok', detail: 'Within a second of the hosted database’s clock.', fix: null });
    expect(checkClock(reading(-45_000))).toMatchObject({ status: 'ok', detail: 'Within 45 seconds of the hosted database’s clock.' });
    expect(checkClock(reading(CLOCK_SKEW_WARN_MS)).status).toBe('ok');
  });

  it('warns over two minutes, saying which way and how far', () => {
    const ahead = checkClock(reading(7 * 60_000));
    expect(ahead).toMatchObject({ status: 'warn', detail: 'This device’s clock is 7 minutes ahead of the hosted database’s.' });
    expect(ahead.fix).toMatch(/automatic time/);
    expect(checkClock(reading(-3 * 60 * 60_000))).toMatchObject({ status: 'warn', detail: 'This device’s clock is 3 hours behind the hosted database’s.' });
  });

  it('is not checked when there is nothing trusted to compare with, saying why', () => {
    expect(checkClock(null)).toMatchObject({ status: 'unknown', detail: expect.stringContaining('sync is not set up') });
    expect(checkClock({ ok: false, message: 'offline' })).toMatchObject({ status: 'unknown', detail: expect.stringContaining('could not be reached') });
    expect(checkClock({ ok: true, clock: null })).toMatchObject({ status: 'unknown', detail: expect.stringContaining('did not say its time') });
  });
});
