import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src-main/logging/logger';
import { ProviderError } from '../../../src-main/providers/ai/errors';
import { Metering, type UsageStore } from '../../../src-main/providers/ai/metering';
import type { NewAiUsage } from '../../../src-main/repositories/ai-usage-repository';

function setup(options: { budget?: number; used?: number; failing?: boolean } = {}) {
  const rows: NewAiUsage[] = [];
  const lines: string[] = [];
  const store: UsageStore = {
    record(usage) {
      if (options.failing) throw new Error('SQLITE_FULL: database or disk is full');
      rows.push(usage);
      return { usage: { ...usage, id: 'u', createdAt: 'now' }, interview: null };
    },
    tokensUsedBy: () => options.used ?? 0,
  };
  const metering = new Metering({
    store,
    prices: () => ({}),
    interviewTokenBudget: () => options.budget ?? 200_000,
    logger: createLogger({ level: 'debug', sink: (line) => lines.push(line) }),
  });
  return { metering, rows, lines };
}

describe('Metering', () => {
  it('records a tracked call with its tally, cost and outcome', async () => {
    const { metering, rows } = setup();
    const value = await metering.track({ endpoint: 'chat', task: 'interview', interviewId: 'i1', model: 'gpt-4o' }, async (tally) => {
      tally.promptTokens = 1000;
      tally.completionTokens = 100;
      return 'answer';
    });
    expect(value).toBe('answer');
    metering.flush();
    expect(rows).toEqual([
      expect.objectContaining({ interviewId: 'i1', endpoint: 'chat', model: 'gpt-4o', promptTokens: 1000, completionTokens: 100, costUsd: 0.0035, outcome: 'ok', errorKind: null }),
    ]);
  });

  it('records a model nobody priced as unknown (never $0), unless the call used nothing billable', async () => {
    const { metering, rows, lines } = setup();
    await metering.track({ endpoint: 'chat', task: 'interview', model: 'acme-llm-7' }, async (tally) => {
      tally.promptTokens = 500;
    });
    const timedOut = metering.track({ endpoint: 'chat', task: 'interview', model: 'acme-llm-7' }, async () => {
      throw new ProviderError('timeout', 'chat', 't', { retryable: true });
    });
    await expect(timedOut).rejects.toThrow();
    metering.flush();
    expect(rows.map((r) => [r.priceKnown, r.costUsd])).toEqual([
      [false, 0],
      // Nothing was used, so it cost $0 at any price: counting it unknown would make a known total unknown.
      [true, 0],
    ]);
    expect(lines.join('\n')).toContain('recorded with an unknown cost');
  });

  it('records failures by kind: ProviderError kinds, cancelled, internal', async () => {
    const { metering, rows } = setup();
    const call = { endpoint: 'speech' as const, task: 'interview' as const, model: 'tts-1' };
    await expect(metering.track(call, async () => { throw new ProviderError('timeout', 'speech', 't', { retryable: true }); })).rejects.toThrow();
    await expect(metering.track(call, async () => { throw new DOMException('stop', 'AbortError'); })).rejects.toThrow();
    await expect(metering.track(call, async () => { throw new TypeError('bug'); })).rejects.toThrow();
    metering.flush();
    expect(rows.map((r) => [r.outcome, r.errorKind])).toEqual([
      ['error', 'timeout'],
      ['error', 'cancelled'],
      ['error', 'internal'],
    ]);
  });

  it('ends a begun call once only', () => {
    const { metering, rows } = setup();
    const meter = metering.begin({ endpoint: 'chat', task: 'scoring', model: 'gpt-4o-mini' });
    meter.succeed();
    meter.fail(new Error('late'));
    meter.succeed();
    metering.flush();
    expect(rows).toHaveLength(1);
  });

  it('never fails a call because the usage could not be stored; it logs instead', async () => {
    const { metering, lines } = setup({ failing: true });
    await expect(metering.track({ endpoint: 'chat', task: 'interview', model: 'gpt-4o-mini' }, async () => 'ok')).resolves.toBe('ok');
    metering.flush();
    expect(lines.some((line) => line.includes('ai usage could not be recorded') && line.includes('SQLITE_FULL'))).toBe(true);
  });

  it('warns once per model it has no price for', async () => {
    const { metering, lines, rows } = setup();
    for (let i = 0; i < 3; i++) await metering.track({ endpoint: 'chat', task: 'interview', model: 'local-llama' }, async (t) => void (t.promptTokens = 10));
    metering.flush();
    expect(lines.filter((line) => line.includes('has no price'))).toHaveLength(1);
    metering.flush();
    expect(rows.every((r) => r.costUsd === 0)).toBe(true);
  });

  it('refuses a language-model call once the interview has used its budget', () => {
    expect(() => setup({ budget: 1000, used: 999 }).metering.assertWithinBudget({ interviewId: 'i1', task: 'interview' })).not.toThrow();
    // A row not yet written (it is written just after the call) still counts against the budget.
    const deferred = setup({ budget: 1000, used: 900 });
    const meter = deferred.metering.begin({ endpoint: 'chat', task: 'interview', interviewId: 'i1', model: 'gpt-4o-mini' });
    meter.tally.promptTokens = 100;
    meter.succeed();
    expect(deferred.rows).toHaveLength(0);
    expect(() => deferred.metering.assertWithinBudget({ interviewId: 'i1', task: 'interview' })).toThrow(expect.objectContaining({ kind: 'budget_exceeded' }));
    expect(() => setup({ budget: 1000, used: 1000 }).metering.assertWithinBudget({ interviewId: 'i1', task: 'interview' })).toThrow(expect.objectContaining({ kind: 'budget_exceeded', retryable: false }));
    expect(() => setup({ budget: 0, used: 1e9 }).metering.assertWithinBudget({ interviewId: 'i1', task: 'interview' })).not.toThrow();
    expect(() => setup({ budget: 1000, used: 1e9 }).metering.assertWithinBudget({ task: 'interview' })).not.toThrow();
  });
});
