import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { within } from '../../../shared/common/within';

describe('within', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('gives the value when it comes in time, and leaves no timer behind', async () => {
    const result = within(Promise.resolve('value'), 1000, 'late');
    await expect(result).resolves.toBe('value');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('gives the fallback once the time is up', async () => {
    const result = within(new Promise<string>(() => {}), 1000, null);
    await vi.advanceTimersByTimeAsync(999);
    let settled = false;
    void result.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toBeNull();
  });

  it('passes a rejection on', async () => {
    await expect(within(Promise.reject(new Error('broken')), 1000, null)).rejects.toThrow('broken');
  });
});
