import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src-main/logging/logger';
import { ProviderError } from '../../../src-main/providers/ai/errors';
import { untilAvailable } from '../../../src-main/interview/provider-retry';

const logger = createLogger({ sink: () => {} });

function failing(kinds: Array<ConstructorParameters<typeof ProviderError>[0]>, retryAfterMs: number | null = null) {
  let calls = 0;
  return {
    attempt: async () => {
      const kind = kinds[calls++];
      if (kind) throw new ProviderError(kind, 'chat', `failed: ${kind}`, { retryable: true, retryAfterMs });
      return 'done';
    },
    calls: () => calls,
  };
}

describe('waiting out an AI provider outage', () => {
  it('retries outages for as long as they last, reporting each wait and the recovery', async () => {
    const waits: number[] = [];
    const reported: Array<number | 'recovered'> = [];
    const step = failing(['server_error', 'circuit_open', 'timeout', 'rate_limited', 'network', 'server_error', 'server_error']);
    const value = await untilAvailable(step.attempt, {
      logger,
      step: 'test',
      sleep: async (ms) => void waits.push(ms),
      reporter: { waiting: (ms) => reported.push(ms), recovered: () => reported.push('recovered') },
    });
    expect(value).toBe('done');
    expect(waits).toEqual([1000, 2000, 5000, 10_000, 15_000, 15_000, 15_000]);
    expect(reported).toEqual([...waits, 'recovered']);
  });

  it('waits as long as an open breaker says, and not at all when the first try works', async () => {
    const waits: number[] = [];
    const reported: unknown[] = [];
    await untilAvailable(failing(['circuit_open'], 42_000).attempt, { logger, step: 'test', sleep: async (ms) => void waits.push(ms) });
    expect(waits).toEqual([42_000]);
    await untilAvailable(async () => 1, { logger, step: 'test', sleep: async () => {}, reporter: { waiting: () => reported.push(1), recovered: () => reported.push(2) } });
    expect(reported).toEqual([]);
  });

  it('gives up at once on failures waiting cannot fix, and after three garbled replies', async () => {
    const sleep = async () => {};
    await expect(untilAvailable(failing(['unauthorized']).attempt, { logger, step: 'test', sleep })).rejects.toMatchObject({ kind: 'unauthorized' });
    await expect(untilAvailable(failing(['budget_exceeded']).attempt, { logger, step: 'test', sleep })).rejects.toMatchObject({ kind: 'budget_exceeded' });
    const garbled = failing(['schema_mismatch', 'malformed_reply', 'schema_mismatch']);
    await expect(untilAvailable(garbled.attempt, { logger, step: 'test', sleep })).rejects.toMatchObject({ kind: 'schema_mismatch' });
    expect(garbled.calls()).toBe(3);
    expect(await untilAvailable(failing(['schema_mismatch', 'malformed_reply']).attempt, { logger, step: 'test', sleep })).toBe('done');
  });

  it('stops when its signal aborts', async () => {
    const controller = new AbortController();
    const run = untilAvailable(failing(['server_error', 'server_error']).attempt, {
      logger,
      step: 'test',
      signal: controller.signal,
      sleep: async () => controller.abort(new Error('closing')),
    });
    await expect(run).rejects.toThrow('closing');
  });
});
