import { describe, expect, it } from 'vitest';
import { PIN_LOCKOUT_MINUTES, PIN_WRONG_TRIES } from '../../../shared/domain/proctoring';
import { AppFailure } from '../../../src-main/common/app-failure';
import { PinAttempts } from '../../../src-main/proctoring/pin-attempts';
import { FakeClock } from '../../support/test-app';

function refusal(work: () => void): AppFailure | null {
  try {
    work();
    return null;
  } catch (error) {
    return error as AppFailure;
  }
}

describe('wrong PINs at a kiosk', () => {
  it('counts tries before they are checked, so a burst cannot check more PINs than the limit', () => {
    const attempts = new PinAttempts(new FakeClock());
    for (let i = 0; i < PIN_WRONG_TRIES; i++) attempts.begin();
    expect(refusal(() => attempts.begin())).toMatchObject({ code: 'rate_limited' });
  });

  it('says how many tries are left, then refuses every PIN for the lockout, then takes them again', () => {
    const clock = new FakeClock();
    const attempts = new PinAttempts(clock);
    for (let i = 1; i < PIN_WRONG_TRIES; i++) {
      attempts.begin();
      expect(attempts.failed()).toMatchObject({ code: 'forbidden', message: expect.stringContaining(`${PIN_WRONG_TRIES - i} tr`) });
    }
    attempts.begin();
    expect(attempts.failed()).toMatchObject({ code: 'locked' });
    clock.advance(PIN_LOCKOUT_MINUTES * 60_000 - 1);
    expect(refusal(() => attempts.begin())).toMatchObject({ code: 'locked', message: expect.stringContaining('in 1 second') });
    clock.advance(1);
    expect(refusal(() => attempts.begin())).toBeNull();
    attempts.failed();
    // A fresh count after the lockout: four more tries before the next.
    attempts.begin();
    expect(attempts.failed()).toMatchObject({ code: 'forbidden', message: expect.stringContaining(`${PIN_WRONG_TRIES - 2} tries`) });
  });

  it('starts the count again after a right PIN, and does not count a PIN that could not be checked', () => {
    const attempts = new PinAttempts(new FakeClock());
    for (let i = 0; i < PIN_WRONG_TRIES - 1; i++) {
      attempts.begin();
      attempts.failed();
    }
    attempts.begin();
    attempts.succeeded();
    attempts.begin();
    attempts.abandon();
    attempts.begin();
    expect(attempts.failed()).toMatchObject({ code: 'forbidden', message: expect.stringContaining(`${PIN_WRONG_TRIES - 1} tries`) });
  });
});
