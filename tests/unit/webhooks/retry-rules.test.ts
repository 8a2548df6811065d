import { describe, expect, it } from 'vitest';
import type { PostOutcome } from '../../../src-main/providers/webhook/webhook-poster';
import { RETRY_WINDOW_MS, verdictFor } from '../../../src-main/webhooks/retry-rules';

const response = (status: number, retryAfterMs: number | null = null): PostOutcome => ({ kind: 'response', status, latencyMs: 12, reply: '', retryAfterMs });
const at = (attempt: number, sinceFirstMs = 0, random = 0.5) => ({ attempt, firstAttemptAt: 1_000_000, now: 1_000_000 + sinceFirstMs, random });

describe('what follows an attempt', () => {
  it('counts any 2xx as delivered', () => {
    for (const status of [200, 201, 202, 204, 299]) expect(verdictFor(response(status), at(1)).kind).toBe('delivered');
  });

  it('does not retry a refusal, a redirect or a gone receiver, and turns the subscription off on 410', () => {
    for (const status of [400, 401, 403, 404, 413, 422]) expect(verdictFor(response(status), at(1))).toMatchObject({ kind: 'failed', reason: expect.stringContaining(String(status)) });
    expect(verdictFor(response(302), at(1))).toMatchObject({ kind: 'failed', reason: expect.stringContaining('not followed') });
    expect(verdictFor(response(410), at(1)).kind).toBe('gone');
    expect(verdictFor({ kind: 'refused', latencyMs: 0, message: 'not a public address' }, at(1))).toEqual({ kind: 'failed', reason: 'not a public address' });
  });

  it('retries 408, 429, 5xx, timeouts and network errors with growing, jittered waits', () => {
    for (const outcome of [response(408), response(429), response(500), response(503), { kind: 'timeout', latencyMs: 20_000, message: 'slow' } as const, { kind: 'network', latencyMs: 3, message: 'reset' } as const]) {
      expect(verdictFor(outcome, at(1)).kind).toBe('retry');
    }
    const waits = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => (verdictFor(response(500), at(attempt)) as { afterMs: number }).afterMs);
    expect(waits).toEqual([5_000, 60_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect((verdictFor(response(500), at(1, 0, 0)) as { afterMs: number }).afterMs).toBe(4_000);
    expect((verdictFor(response(500), at(1, 0, 0.999_999)) as { afterMs: number }).afterMs).toBe(6_000);
  });

  it('honours a longer Retry-After, and stops once the event has been tried for a day', () => {
    expect(verdictFor(response(429, 120_000), at(1))).toMatchObject({ kind: 'retry', afterMs: 120_000 });
    expect(verdictFor(response(503, 1_000), at(2))).toMatchObject({ kind: 'retry', afterMs: 60_000 });
    // The last try falls at the day's end, not past it.
    expect(verdictFor(response(500), at(7, RETRY_WINDOW_MS - 60_000))).toMatchObject({ kind: 'retry', afterMs: 60_000 });
    expect(verdictFor(response(500), at(8, RETRY_WINDOW_MS))).toMatchObject({ kind: 'failed', reason: expect.stringContaining('Tried for a day') });
  });
});
