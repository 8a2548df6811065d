import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { synthesizeWav } from '../../fixtures/fake-openai/index';
import { collect, createAiHarness, interviewerPrompt, providerError, useFakeOpenAi, type AiHarness } from './support';

const fake = useFakeOpenAi();
let h: AiHarness;
beforeEach(() => {
  h = createAiHarness(fake.server);
});
afterEach(() => h.close());

const messages = [interviewerPrompt, { role: 'user' as const, content: 'Ready.' }];
const usage = (prompt_tokens: number, completion_tokens: number) => ({ kind: 'chat' as const, content: 'Next question.', usage: { prompt_tokens, completion_tokens } });

describe('metering', () => {
  it('records every call and adds tokens and cost up per interview', async () => {
    const interviewId = h.createInterview();
    fake.server.enqueue('chat', usage(1000, 200), usage(3000, 500));
    fake.server.enqueue('transcriptions', { kind: 'transcription', text: 'My answer.', durationSeconds: 30 });
    await h.ai.languageModel.chat({ task: 'interview', messages, interviewId });
    const stream = await h.ai.languageModel.streamChat({ task: 'interview', messages, interviewId });
    await stream.completion();
    await h.ai.speechToText.transcribe({ audio: synthesizeWav(500), mediaType: 'audio/wav', interviewId });
    await collect((await h.ai.textToSpeech.synthesize({ text: 'x'.repeat(1000) + '.', interviewId })).chunks);
    // Another interview's and an unattributed call do not count here.
    await h.ai.languageModel.chat({ task: 'interview', messages, interviewId: h.createInterview() });
    await h.ai.languageModel.chat({ task: 'resumeParsing', messages });

    const rows = h.usage.listForInterview(interviewId);
    expect(rows.map((r) => [r.endpoint, r.model, r.outcome])).toEqual([
      ['chat', 'gpt-4o-mini', 'ok'],
      ['chat', 'gpt-4o-mini', 'ok'],
      ['transcription', 'whisper-1', 'ok'],
      ['speech', 'tts-1', 'ok'],
    ]);
    expect(rows[0]).toMatchObject({ task: 'interview', promptTokens: 1000, completionTokens: 200 });
    expect(rows[1]).toMatchObject({ promptTokens: 3000, completionTokens: 500 });
    expect(rows[2]).toMatchObject({ audioSeconds: 30, promptTokens: 0 });
    expect(rows[3]).toMatchObject({ characters: 1001 });
    expect(rows[3]!.audioSeconds).toBeCloseTo(30, 0); // the fake's 60 ms per character, capped at 30 s
    for (const row of rows) expect(row.latencyMs).toBeGreaterThanOrEqual(0);

    // gpt-4o-mini: $0.15 in / $0.60 out per million tokens; whisper-1 $0.006 a minute; tts-1 $15 per million characters.
    const chatCost = (4000 * 0.15 + 700 * 0.6) / 1e6;
    const expectedCost = chatCost + 0.5 * 0.006 + (1001 * 15) / 1e6;
    expect(rows[0]!.costUsd + rows[1]!.costUsd).toBeCloseTo(chatCost, 12);
    expect(rows[2]!.costUsd).toBeCloseTo(0.003, 12);
    const totals = h.interview(interviewId);
    expect(totals).toMatchObject({ totalTokensUsed: 4700, aiModelUsed: 'gpt-4o-mini' });
    expect(totals.costUsd).toBeCloseTo(expectedCost, 10);
    expect(totals.costUsd).toBeCloseTo(rows.reduce((sum, r) => sum + r.costUsd, 0), 12);
    expect(h.usage.tokensUsedBy(interviewId)).toBe(4700);

    // Usage rows sync like every synced table: each is queued in the outbox.
    h.ai.flushUsage();
    const queued = h.app.database.sqlite.prepare(`SELECT count(*) AS n FROM sync_outbox WHERE table_name = 'ai_usage'`).get() as { n: number };
    expect(queued.n).toBe(6);
  });

  it('records failures too, with their kind and the tokens a failed structured call still cost', async () => {
    const interviewId = h.createInterview();
    fake.server.enqueue('chat', { kind: 'fault', fault: 'unauthorized' }, { kind: 'structured', json: { wrong: true } }, { kind: 'structured', json: { wrong: true } });
    await providerError(h.ai.languageModel.chat({ task: 'interview', messages, interviewId }));
    await providerError(h.ai.languageModel.structured({ task: 'scoring', messages, interviewId, schema: z.object({ score: z.number() }), schemaName: 'score' }));

    const [unauthorized, mismatch] = h.usage.listForInterview(interviewId);
    expect(unauthorized).toMatchObject({ outcome: 'error', errorKind: 'unauthorized', promptTokens: 0, costUsd: 0 });
    expect(mismatch).toMatchObject({ outcome: 'error', errorKind: 'schema_mismatch', task: 'scoring' });
    expect(mismatch!.promptTokens).toBeGreaterThan(0);
    expect(h.interview(interviewId).totalTokensUsed).toBe(mismatch!.promptTokens + mismatch!.completionTokens);
    // A failed call does not make its model "the interview's model".
    expect(h.interview(interviewId).aiModelUsed).toBeNull();
  });

  it('enforces the per-interview token budget before calling the provider', async () => {
    h.settings.update({ provider: { interviewTokenBudget: 5000 } });
    const interviewId = h.createInterview();
    fake.server.enqueue('chat', usage(4000, 999), usage(1, 0));
    await h.ai.languageModel.chat({ task: 'interview', messages, interviewId });
    await h.ai.languageModel.chat({ task: 'interview', messages, interviewId });
    expect(h.usage.tokensUsedBy(interviewId)).toBe(5000);

    const requests = fake.server.requests.length;
    for (const call of [
      h.ai.languageModel.chat({ task: 'interview', messages, interviewId }),
      h.ai.languageModel.streamChat({ task: 'interview', messages, interviewId }),
      h.ai.languageModel.structured({ task: 'interview', messages, interviewId, schema: z.object({}), schemaName: 'x' }),
    ]) {
      const error = await providerError(call);
      expect(error).toMatchObject({ kind: 'budget_exceeded', retryable: false });
      expect(error.message).toContain('5,000 tokens of its 5,000-token budget');
    }
    expect(fake.server.requests).toHaveLength(requests);
    expect(h.usage.listForInterview(interviewId).filter((r) => r.errorKind === 'budget_exceeded')).toHaveLength(3);

    // Scoring the finished interview is metered to it but never refused: it must still get its assessment.
    fake.server.enqueue('chat', { kind: 'structured', json: {} });
    await h.ai.languageModel.structured({ task: 'scoring', messages, interviewId, schema: z.object({}), schemaName: 'x' });
    expect(h.usage.listForInterview(interviewId).filter((r) => r.task === 'scoring' && r.errorKind === null)).toHaveLength(1);

    // Other interviews, calls outside an interview, and a budget of 0 (no limit) are not held back.
    await h.ai.languageModel.chat({ task: 'interview', messages, interviewId: h.createInterview() });
    await h.ai.languageModel.chat({ task: 'resumeParsing', messages });
    h.settings.update({ provider: { interviewTokenBudget: 0 } });
    await h.ai.languageModel.chat({ task: 'interview', messages, interviewId });
  });

  it('uses the configured price table', async () => {
    h.settings.update({ provider: { prices: { 'gpt-4o-mini': { inputPerMillionTokens: 10, outputPerMillionTokens: 20 } } } });
    const interviewId = h.createInterview();
    fake.server.enqueue('chat', usage(100_000, 50_000));
    await h.ai.languageModel.chat({ task: 'interview', messages, interviewId });
    expect(h.interview(interviewId).costUsd).toBeCloseTo(1 + 1, 12);
  });

  it('keeps a call whose interview is gone, unattributed, and says so in the log', async () => {
    await h.ai.languageModel.chat({ task: 'interview', messages, interviewId: '01900000-0000-7000-8000-000000000000' });
    h.ai.flushUsage();
    const row = h.app.database.sqlite.prepare('SELECT interview_id, outcome FROM ai_usage').get();
    expect(row).toEqual({ interview_id: null, outcome: 'ok' });
    expect(h.logLines.some((line) => line.includes('stored unattributed'))).toBe(true);
  });
});
