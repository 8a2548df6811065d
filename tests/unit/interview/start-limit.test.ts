import { describe, expect, it } from 'vitest';
import { AppFailure } from '../../../src-main/common/app-failure';
import { InterviewStartLimit } from '../../../src-main/interview/start-limit';
import { FakeClock } from '../../support/test-app';

const MINUTE = 60_000;

/** The wall clock (settable, as a system clock is) and a monotonic one that only moves forward, both under the test's control. */
function limitWith(options: { perHour?: number; stored?: Array<{ id: string; candidateId: string; startedAt: string }> } = {}) {
  const clock = new FakeClock();
  let mono = 1_000_000;
  const stored = options.stored ?? [];
  const limit = new InterviewStartLimit({
    clock,
    monotonicMs: () => mono,
    startsOf: (candidateId, sinceIso) => stored.filter((start) => start.candidateId === candidateId && start.startedAt >= sinceIso),
    perHour: () => options.perHour ?? 10,
  });
  let n = 0;
  const start = (candidateId: string) => {
    limit.check(candidateId);
    const id = `i-${++n}`;
    stored.push({ id, candidateId, startedAt: clock.now().toISOString() });
    limit.record(candidateId, id);
  };
  const refusal = (candidateId: string): string => {
    try {
      limit.check(candidateId);
    } catch (error) {
      expect(error).toBeInstanceOf(AppFailure);
      expect((error as AppFailure).code).toBe('rate_limited');
      return (error as AppFailure).message;
    }
    throw new Error('the start was allowed');
  };
  const pass = (ms: number) => {
    clock.advance(ms);
    mono += ms;
  };
  return { clock, start, refusal, pass, setMono: (value: number) => (mono = value), stored };
}

describe('interview starts per hour (the specification’s rate limit)', () => {
  it('allows ten starts a candidate makes in an hour, refuses the eleventh saying when, and allows it once the first is an hour old', () => {
    const t = limitWith();
    for (let i = 0; i < 10; i++) {
      t.start('cara');
      t.pass(5 * MINUTE);
    }
    // The first start was 50 minutes ago: it is an hour old in 10 more.
    expect(t.refusal('cara')).toBe('You have started 10 interviews in the last hour, the most allowed. You can start another in 10 minutes.');
    t.pass(10 * MINUTE - 1);
    expect(() => t.refusal('cara')).not.toThrow();
    t.pass(1);
    expect(() => t.start('cara')).not.toThrow();
  });

  it('is not reset by setting the system clock forward while the app runs', () => {
    const t = limitWith({ perHour: 2 });
    t.start('cara');
    t.start('cara');
    t.clock.advance(3 * 60 * MINUTE); // the wall clock jumps; the monotonic clock does not
    expect(t.refusal('cara')).toMatch(/You can start another in 60 minutes\.$/);
  });

  it('after a restart, counts the candidate’s stored starts, one stored ahead of a clock set back as just made', () => {
    const now = new FakeClock().now().getTime();
    const stored = [
      { id: 'a', candidateId: 'cara', startedAt: new Date(now - 30 * MINUTE).toISOString() },
      { id: 'b', candidateId: 'cara', startedAt: new Date(now + 5 * 60 * MINUTE).toISOString() },
      { id: 'c', candidateId: 'cara', startedAt: new Date(now - 61 * MINUTE).toISOString() },
    ];
    const t = limitWith({ perHour: 2, stored });
    expect(t.refusal('cara')).toMatch(/^You have started 2 interviews in the last hour/);
    // The start 30 minutes ago frees a place first: in 30 minutes.
    expect(t.refusal('cara')).toMatch(/in 30 minutes\.$/);
  });

  it('limits the kiosk as well: other candidates’ starts count, and the message sends them to staff', () => {
    const t = limitWith({ perHour: 3 });
    t.start('ann');
    t.start('bob');
    t.start('cara');
    expect(t.refusal('dan')).toBe('This kiosk has started 3 interviews in the last hour, the most allowed. The next can start in 60 minutes; ask a member of staff if you need help.');
    t.pass(60 * MINUTE);
    expect(() => t.start('dan')).not.toThrow();
  });

  it('follows IT’s setting as it changes', () => {
    let perHour = 1;
    const clock = new FakeClock();
    const limit = new InterviewStartLimit({ clock, monotonicMs: () => 0, startsOf: () => [], perHour: () => perHour });
    limit.record('cara', 'i-1');
    expect(() => limit.check('cara')).toThrow(/most allowed/);
    perHour = 2;
    expect(() => limit.check('cara')).not.toThrow();
  });
});
