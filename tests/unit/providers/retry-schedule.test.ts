import { describe, expect, it } from 'vitest';
import { ProviderError, type ProviderErrorKind } from '../../../src-main/providers/ai/errors';
import {
  backoffMs,
  DEFAULT_MAX_RETRY_AFTER_MS,
  DEFAULT_TIMEOUTS_MS,
  isRetriedHere,
  MAX_RETRIES,
  parseResetDuration,
  retryAfterMs,
  withRetries,
} from '../../../src-main/providers/ai/resilience';
import type { Sleep } from '../../../src-main/common/clock';

function failure(kind: ProviderErrorKind, status: number | null = null, retryAfter: number | null = null, retryable = true): ProviderError {
  return new ProviderError(kind, 'chat', `${kind} happened`, { retryable, status, retryAfterMs: retryAfter });
}

function recordingSleep(): { sleep: Sleep; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}

/** Fails with the given errors in turn, then succeeds. */
function script(...errors: ProviderError[]) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    run: async () => {
      const error = errors[calls++];
      if (error) throw error;
      return 'ok';
    },
  };
}

describe('the retry schedule', () => {
  it('waits 1 s, 2 s + up to 0.5 s, 4 s + up to 1 s', () => {
    expect(backoffMs(1, () => 0)).toBe(1000);
    expect(backoffMs(1, () => 0.999)).toBe(1000);
    expect(backoffMs(2, () => 0)).toBe(2000);
    expect(backoffMs(2, () => 0.5)).toBe(2250);
    expect(backoffMs(2, () => 0.999)).toBeCloseTo(2499.5);
    expect(backoffMs(3, () => 0)).toBe(4000);
    expect(backoffMs(3, () => 0.999)).toBeCloseTo(4999);
    for (let i = 0; i < 200; i++) {
      const wait = backoffMs(3);
      expect(wait).toBeGreaterThanOrEqual(4000);
      expect(wait).toBeLessThan(5000);
    }
  });

  it('keeps the specified timeouts and limits', () => {
    expect(DEFAULT_TIMEOUTS_MS).toEqual({ transcription: 30_000, speech: 20_000, chat: 45_000 });
    expect(MAX_RETRIES).toBe(3);
    expect(DEFAULT_MAX_RETRY_AFTER_MS).toBe(60_000);
  });

  it('retries 429, 500, 503, the gateway failures 502, 504 and 520–524, an error mid-stream, timeouts and network failures: the first call and three retries, with the schedule', async () => {
    const gateways = [502, 504, 520, 521, 522, 523, 524].map((status) => failure('server_error', status));
    for (const error of [failure('rate_limited', 429), failure('server_error', 500), failure('server_error', 503), ...gateways, failure('server_error'), failure('timeout'), failure('network')]) {
      const { sleep, waits } = recordingSleep();
      const calls = script(error, error, error, error);
      await expect(withRetries(calls.run, { sleep, random: () => 0.5, maxRetryAfterMs: 60_000 })).rejects.toBe(error);
      expect(calls.calls).toBe(4);
      expect(waits).toEqual([1000, 2250, 4500]);
    }
  });

  it('stops retrying at the first success', async () => {
    const { sleep, waits } = recordingSleep();
    const calls = script(failure('server_error', 500));
    await expect(withRetries(calls.run, { sleep, random: () => 0, maxRetryAfterMs: 60_000 })).resolves.toBe('ok');
    expect(calls.calls).toBe(2);
    expect(waits).toEqual([1000]);
  });

  it.each([
    ['400', failure('bad_request', 400, null, false)],
    ['401', failure('unauthorized', 401, null, false)],
    ['403', failure('unauthorized', 403, null, false)],
    ['404', failure('bad_request', 404, null, false)],
    ['context length', failure('context_length', 400, null, false)],
    ['501 (no retry implements it)', failure('server_error', 501)],
    ['505', failure('server_error', 505)],
    ['an open circuit', failure('circuit_open')],
    ['a malformed reply', failure('malformed_reply')],
    ['out of credit (429 insufficient_quota)', failure('quota_exhausted', 429, null, false)],
    ['a refusal', failure('refused', null, null, false)],
    ['a reply cut off at its length limit', failure('truncated', null, null, false)],
  ])('never retries %s', async (_label, error) => {
    const { sleep, waits } = recordingSleep();
    const calls = script(error);
    await expect(withRetries(calls.run, { sleep, random: () => 0, maxRetryAfterMs: 60_000 })).rejects.toBe(error);
    expect(calls.calls).toBe(1);
    expect(waits).toEqual([]);
    expect(isRetriedHere(error)).toBe(false);
  });

  it('rethrows anything that is not a ProviderError without retrying', async () => {
    const bug = new TypeError('a bug');
    let calls = 0;
    await expect(withRetries(async () => { calls++; throw bug; }, { sleep: recordingSleep().sleep, random: () => 0, maxRetryAfterMs: 1 })).rejects.toBe(bug);
    expect(calls).toBe(1);
  });

  it('waits for Retry-After when it is longer than the schedule, and keeps the schedule when it is shorter', async () => {
    const { sleep, waits } = recordingSleep();
    const calls = script(failure('rate_limited', 429, 3000), failure('rate_limited', 429, 500), failure('rate_limited', 429, 7000));
    await expect(withRetries(calls.run, { sleep, random: () => 0, maxRetryAfterMs: 60_000 })).resolves.toBe('ok');
    expect(waits).toEqual([3000, 2000, 7000]);
  });

  it('does not wait for a Retry-After longer than the cap; the error carries the wait instead', async () => {
    const { sleep, waits } = recordingSleep();
    const error = failure('rate_limited', 429, 120_000);
    const calls = script(error);
    await expect(withRetries(calls.run, { sleep, random: () => 0, maxRetryAfterMs: 60_000 })).rejects.toMatchObject({ retryAfterMs: 120_000 });
    expect(calls.calls).toBe(1);
    expect(waits).toEqual([]);
  });

  it('reports each retry before waiting', async () => {
    const seen: string[] = [];
    const calls = script(failure('server_error', 503), failure('timeout'));
    await withRetries(calls.run, {
      sleep: async (ms) => void seen.push(`sleep ${ms}`),
      random: () => 0,
      maxRetryAfterMs: 60_000,
      onRetry: ({ retry, waitMs, error }) => seen.push(`retry ${retry} after ${error.kind} in ${waitMs}`),
    });
    expect(seen).toEqual(['retry 1 after server_error in 1000', 'sleep 1000', 'retry 2 after timeout in 2000', 'sleep 2000']);
  });

  it('stops waiting when the caller aborts', async () => {
    const controller = new AbortController();
    const calls = script(failure('server_error', 500), failure('server_error', 500));
    const sleep: Sleep = (_ms, signal) =>
      new Promise((_resolve, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        controller.abort(new DOMException('stopped', 'AbortError'));
      });
    await expect(withRetries(calls.run, { sleep, random: () => 0, maxRetryAfterMs: 60_000, signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls.calls).toBe(1);
  });
});

describe('Retry-After', () => {
  const now = new Date('2026-11-25T09:00:00.000Z');
  const headers = (entries: Record<string, string>) => new Headers(entries);

  it('reads seconds, fractional seconds and OpenAI’s retry-after-ms', () => {
    expect(retryAfterMs(headers({ 'retry-after': '3' }), now)).toBe(3000);
    expect(retryAfterMs(headers({ 'retry-after': '1.5' }), now)).toBe(1500);
    expect(retryAfterMs(headers({ 'retry-after-ms': '250', 'retry-after': '3' }), now)).toBe(250);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    expect(retryAfterMs(headers({ 'retry-after': 'Wed, 25 Nov 2026 09:00:05 GMT' }), now)).toBe(5000);
    expect(retryAfterMs(headers({ 'retry-after': 'Wed, 25 Nov 2026 08:59:00 GMT' }), now)).toBe(0);
  });

  it('is null when absent or unreadable', () => {
    expect(retryAfterMs(undefined, now)).toBeNull();
    expect(retryAfterMs(headers({}), now)).toBeNull();
    expect(retryAfterMs(headers({ 'retry-after': 'soon' }), now)).toBeNull();
    expect(retryAfterMs(headers({ 'x-ratelimit-reset-requests': 'later' }), now)).toBeNull();
  });

  it('reads OpenAI’s rate-limit reset durations', () => {
    expect(parseResetDuration('1s')).toBe(1000);
    expect(parseResetDuration('20ms')).toBe(20);
    expect(parseResetDuration('6m0s')).toBe(360_000);
    expect(parseResetDuration('1h2m3.5s')).toBe(3_723_500);
    expect(parseResetDuration('1.5s')).toBe(1500);
    for (const bad of ['', '5', 's', '1d', '1 s', null, undefined]) expect(parseResetDuration(bad)).toBeNull();
  });

  it('without Retry-After, waits for the x-ratelimit-reset-* of the limit that ran out (the later one when unclear)', () => {
    const limits = { 'x-ratelimit-reset-requests': '1s', 'x-ratelimit-reset-tokens': '6m0s' };
    expect(retryAfterMs(headers({ ...limits, 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-remaining-tokens': '1200' }), now)).toBe(1000);
    expect(retryAfterMs(headers({ ...limits, 'x-ratelimit-remaining-requests': '4', 'x-ratelimit-remaining-tokens': '0' }), now)).toBe(360_000);
    expect(retryAfterMs(headers(limits), now)).toBe(360_000);
    expect(retryAfterMs(headers({ 'x-ratelimit-reset-tokens': '250ms' }), now)).toBe(250);
    // Retry-After, when sent, still wins.
    expect(retryAfterMs(headers({ ...limits, 'retry-after': '2' }), now)).toBe(2000);
  });
});
