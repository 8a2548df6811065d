import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src-main/logging/logger';
import { ProviderError } from '../../../src-main/providers/ai/errors';
import { retryUnusableReplies } from '../../../src-main/interview/provider-retry';

const logger = createLogger({ sink: () => {} });

function failing(failures: ReadonlyArray<readonly [kind: ConstructorParameters<typeof ProviderError>[0], status?: number | null]>) {
  let calls = 0;
  return {
    attempt: async () => {
      const failure = failures[calls++];
      if (failure) throw new ProviderError(failure[0], 'chat', `failed: ${failure[0]}`, { retryable: true, status: failure[1] ?? null });
      return 'done';
    },
    calls: () => calls,
  };
}

describe('trying an interview step again', () => {
  it('tries a garbled, cut-off or mid-stream-broken reply up to three times in all', async () => {
    expect(await retryUnusableReplies(failing([['schema_mismatch'], ['malformed_reply']]).attempt, { logger, step: 'test' })).toBe('done');
    expect(await retryUnusableReplies(failing([['server_error', null], ['truncated']]).attempt, { logger, step: 'test' })).toBe('done');
    const garbled = failing([['schema_mismatch'], ['malformed_reply'], ['schema_mismatch']]);
    await expect(retryUnusableReplies(garbled.attempt, { logger, step: 'test' })).rejects.toMatchObject({ kind: 'schema_mismatch' });
    expect(garbled.calls()).toBe(3);
  });

  it('never waits for the service: an outage, no credit or no key goes back to the caller at once (issue 19)', async () => {
    for (const failure of [['circuit_open'], ['server_error', 500], ['network'], ['timeout'], ['rate_limited'], ['quota_exhausted'], ['unauthorized'], ['budget_exceeded']] as const) {
      const step = failing([failure]);
      await expect(retryUnusableReplies(step.attempt, { logger, step: 'test' })).rejects.toMatchObject({ kind: failure[0] });
      expect(step.calls()).toBe(1);
    }
  });

  it('stops when its signal aborts', async () => {
    const controller = new AbortController();
    controller.abort(new Error('closing'));
    await expect(retryUnusableReplies(failing([]).attempt, { logger, step: 'test', signal: controller.signal })).rejects.toThrow('closing');
  });
});
