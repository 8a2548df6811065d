import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { insertSynced } from '../../../src-main/db/outbox';
import { interviews } from '../../../src-main/db/schema/index';
import { AiUsageRepository, type NewAiUsage } from '../../../src-main/repositories/ai-usage-repository';
import { CandidateRepository } from '../../../src-main/repositories/candidate-repository';
import { SteppingClock, useTempDirs } from '../db/support';

const temp = useTempDirs();

function setup() {
  const store = temp.open(join(temp.make(), 'kiosk.sqlite'));
  const clock = new SteppingClock();
  const candidate = new CandidateRepository(store, clock).create({ email: 'casey@example.com', fullName: 'Casey Candidate', passwordHash: 'hash' });
  const interview = store.db.transaction((tx) => insertSynced(tx, interviews, { candidateId: candidate.id, roleType: 'react' }, clock));
  const interviewRow = () =>
    store.sqlite.prepare('SELECT total_tokens_used AS tokens, cost_usd AS cost, unpriced_calls AS unpriced, row_version AS version FROM interviews WHERE id = ?').get(interview.id) as {
      tokens: number;
      cost: number;
      unpriced: number;
      version: number;
    };
  return { store, repo: new AiUsageRepository(store, clock), interviewId: interview.id, interviewRow };
}

function call(interviewId: string | null, overrides: Partial<NewAiUsage> = {}): NewAiUsage {
  return {
    interviewId,
    task: 'interview',
    endpoint: 'chat',
    model: 'gpt-4o-mini',
    promptTokens: 1200,
    cachedPromptTokens: 0,
    completionTokens: 300,
    reasoningTokens: 0,
    audioSeconds: null,
    characters: null,
    latencyMs: 850,
    costUsd: 0.00036,
    priceKnown: true,
    outcome: 'ok',
    errorKind: null,
    ...overrides,
  };
}

describe('AiUsageRepository', () => {
  it('a priced call adds its tokens and cost to the interview; cached and reasoning tokens are stored as given', () => {
    const { repo, interviewId, interviewRow } = setup();
    const recorded = repo.record(call(interviewId, { model: 'o4-mini', promptTokens: 2000, cachedPromptTokens: 1500, completionTokens: 900, reasoningTokens: 640, costUsd: 0.0049 }));

    expect(recorded.usage).toMatchObject({ model: 'o4-mini', promptTokens: 2000, cachedPromptTokens: 1500, completionTokens: 900, reasoningTokens: 640, costUsd: 0.0049, priceKnown: true });
    expect(recorded.interview).toEqual({ totalTokensUsed: 2900, costUsd: 0.0049, unpricedCalls: 0, aiModelUsed: 'o4-mini' });
    expect(repo.listForInterview(interviewId)).toEqual([recorded.usage]);
    expect(interviewRow()).toMatchObject({ tokens: 2900, cost: 0.0049, unpriced: 0 });
  });

  it('an unpriced call counts as an unpriced call and adds no cost, even when the caller passed one; its model is named', () => {
    const { repo, interviewId, interviewRow } = setup();
    repo.record(call(interviewId, { costUsd: 0.01 }));
    const unpriced = repo.record(call(interviewId, { model: 'gpt-x', costUsd: 0.5, priceKnown: false }));

    expect(unpriced.usage).toMatchObject({ model: 'gpt-x', costUsd: 0, priceKnown: false });
    expect(unpriced.interview).toEqual({ totalTokensUsed: 3000, costUsd: 0.01, unpricedCalls: 1, aiModelUsed: 'gpt-x' });
    expect(interviewRow()).toMatchObject({ tokens: 3000, cost: 0.01, unpriced: 1 });
    expect(repo.unpricedModelsOf(interviewId)).toEqual(['gpt-x']);
  });

  it('an unpriced speech call has no tokens but still counts: it was billed by characters or seconds', () => {
    const { repo, interviewId, interviewRow } = setup();
    const base = { promptTokens: 0, completionTokens: 0, costUsd: 0, priceKnown: false };
    repo.record(call(interviewId, { ...base, endpoint: 'speech', model: 'tts-x', characters: 240 }));
    repo.record(call(interviewId, { ...base, endpoint: 'transcription', model: 'stt-x', audioSeconds: 12.5 }));

    expect(interviewRow()).toMatchObject({ tokens: 0, cost: 0, unpriced: 2 });
    expect(repo.unpricedModelsOf(interviewId)).toEqual(['stt-x', 'tts-x']);
  });

  it('keeps the interview totals equal to the sum of its rows', () => {
    const { store, repo, interviewId, interviewRow } = setup();
    repo.record(call(interviewId, { costUsd: 0.0012 }));
    repo.record(call(interviewId, { model: 'gpt-x', priceKnown: false, costUsd: 0 }));
    repo.record(call(interviewId, { endpoint: 'speech', model: 'tts-1', promptTokens: 0, completionTokens: 0, characters: 400, costUsd: 0.006 }));
    repo.record(call(interviewId, { endpoint: 'speech', model: 'tts-x', promptTokens: 0, completionTokens: 0, characters: 400, costUsd: 0, priceKnown: false }));
    repo.record(call(interviewId, { promptTokens: 0, completionTokens: 0, costUsd: 0, outcome: 'error', errorKind: 'timeout' }));
    repo.record(call(null, { task: 'resume_parsing', costUsd: 0.5, priceKnown: true }));

    const sums = store.sqlite
      .prepare(
        `SELECT sum(prompt_tokens + completion_tokens) AS tokens, sum(cost_usd) AS cost, sum(price_known = 0) AS unpriced
           FROM ai_usage WHERE interview_id = ?`,
      )
      .get(interviewId) as { tokens: number; cost: number; unpriced: number };
    const totals = interviewRow();
    expect(totals.tokens).toBe(sums.tokens);
    expect(totals.cost).toBeCloseTo(sums.cost, 12);
    expect(totals.unpriced).toBe(sums.unpriced);
    expect(totals.unpriced).toBe(2);
  });

  it('stores a call for an interview that is gone, unattributed', () => {
    const { repo } = setup();
    const recorded = repo.record(call('no-such-interview', { priceKnown: false, costUsd: 0 }));
    expect(recorded).toMatchObject({ usage: { interviewId: null, priceKnown: false }, interview: null });
  });
});
