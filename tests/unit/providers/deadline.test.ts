import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { realSleep } from '../../../src-main/common/clock';
import { Deadline } from '../../../src-main/providers/ai/resilience';

describe('Deadline', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('aborts its signal and says it timed out when the time is up', () => {
    const deadline = new Deadline(1000);
    vi.advanceTimersByTime(999);
    expect(deadline.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.timedOut).toBe(true);
  });

  it('restart() gives the full time again; pause() stops the clock', () => {
    const deadline = new Deadline(1000);
    vi.advanceTimersByTime(900);
    deadline.restart();
    vi.advanceTimersByTime(900);
    expect(deadline.signal.aborted).toBe(false);
    deadline.pause();
    vi.advanceTimersByTime(10_000);
    expect(deadline.signal.aborted).toBe(false);
    deadline.restart();
    vi.advanceTimersByTime(1000);
    expect(deadline.timedOut).toBe(true);
  });

  it('follows the caller’s signal without calling it a timeout', () => {
    const caller = new AbortController();
    const deadline = new Deadline(1000, caller.signal);
    caller.abort(new DOMException('stop', 'AbortError'));
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.timedOut).toBe(false);
    expect(new Deadline(1000, caller.signal).signal.aborted).toBe(true);
  });

  it('abort() ends it at once, not as a timeout; dispose() stops the timer', () => {
    const deadline = new Deadline(1000);
    deadline.abort();
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.timedOut).toBe(false);
    const quiet = new Deadline(1000);
    quiet.dispose();
    vi.advanceTimersByTime(5000);
    expect(quiet.signal.aborted).toBe(false);
  });

  it('realSleep waits, and rejects when aborted', async () => {
    const done = vi.fn();
    void realSleep(500).then(done);
    await vi.advanceTimersByTimeAsync(499);
    expect(done).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toHaveBeenCalled();

    const controller = new AbortController();
    const waiting = realSleep(10_000, controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
  });
});
