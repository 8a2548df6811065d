import { describe, expect, it } from 'vitest';
import { CircuitBreaker, DEFAULT_BREAKER, type Admission } from '../../../src-main/providers/ai/resilience';
import { FakeClock } from '../../support/test-app';

function permit(admission: Admission): number {
  if (!admission.admitted) throw new Error('expected the call to be admitted');
  return admission.permit;
}

function setup() {
  const clock = new FakeClock();
  const breaker = new CircuitBreaker(clock);
  const fail = (times = 1) => {
    for (let i = 0; i < times; i++) breaker.failed(permit(breaker.admit()));
  };
  const succeed = (times = 1) => {
    for (let i = 0; i < times; i++) breaker.succeeded(permit(breaker.admit()));
  };
  return { clock, breaker, fail, succeed };
}

describe('CircuitBreaker', () => {
  it('uses the specified settings by default', () => {
    expect(DEFAULT_BREAKER).toEqual({ failureThreshold: 5, openMs: 60_000, halfOpenTrials: 3 });
  });

  it('stays closed through four failures, and a success resets the count', () => {
    const { breaker, fail, succeed } = setup();
    fail(4);
    expect(breaker.state).toBe('closed');
    succeed();
    fail(4);
    expect(breaker.state).toBe('closed');
  });

  it('opens after five consecutive failures and refuses calls, saying when to come back', () => {
    const { clock, breaker, fail } = setup();
    fail(5);
    expect(breaker.state).toBe('open');
    expect(breaker.admit()).toEqual({ admitted: false, retryInMs: 60_000 });
    clock.advance(45_000);
    expect(breaker.admit()).toEqual({ admitted: false, retryInMs: 15_000 });
  });

  it('half-opens after 60 s, lets exactly three trial calls through, and closes when all three succeed', () => {
    const { clock, breaker, fail } = setup();
    fail(5);
    clock.advance(59_999);
    expect(breaker.state).toBe('open');
    clock.advance(1);
    expect(breaker.state).toBe('halfOpen');

    const trials = [permit(breaker.admit()), permit(breaker.admit()), permit(breaker.admit())];
    expect(breaker.admit()).toEqual({ admitted: false, retryInMs: 0 });
    breaker.succeeded(trials[0]!);
    breaker.succeeded(trials[1]!);
    expect(breaker.state).toBe('halfOpen');
    breaker.succeeded(trials[2]!);
    expect(breaker.state).toBe('closed');
    expect(breaker.admit().admitted).toBe(true);
  });

  it('re-opens for another 60 s when a trial call fails', () => {
    const { clock, breaker, fail, succeed } = setup();
    fail(5);
    clock.advance(60_000);
    succeed(2);
    fail(1);
    expect(breaker.state).toBe('open');
    expect(breaker.admit()).toEqual({ admitted: false, retryInMs: 60_000 });
    clock.advance(60_000);
    expect(breaker.state).toBe('halfOpen');
    succeed(3);
    expect(breaker.state).toBe('closed');
    // Closed again means a fresh count: four failures do not re-open it.
    fail(4);
    expect(breaker.state).toBe('closed');
  });

  it('ignores results of calls admitted before the state changed', () => {
    const { clock, breaker, fail } = setup();
    const slow = permit(breaker.admit());
    fail(5);
    breaker.succeeded(slow); // a late success from before the circuit opened must not close it
    expect(breaker.state).toBe('open');
    clock.advance(60_000);
    expect(breaker.state).toBe('halfOpen');
    breaker.failed(slow); // nor may a late failure re-open it
    expect(breaker.state).toBe('halfOpen');
  });

  it('honours custom settings', () => {
    const clock = new FakeClock();
    const breaker = new CircuitBreaker(clock, { failureThreshold: 2, openMs: 1000, halfOpenTrials: 1 });
    breaker.failed(permit(breaker.admit()));
    breaker.failed(permit(breaker.admit()));
    expect(breaker.state).toBe('open');
    clock.advance(1000);
    const trial = permit(breaker.admit());
    expect(breaker.admit().admitted).toBe(false);
    breaker.succeeded(trial);
    expect(breaker.state).toBe('closed');
  });
});
