import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ChatMessage } from '../../../src-main/providers/ai/types';
import { collect, createAiHarness, interviewerPrompt, providerError, useFakeOpenAi, type AiHarness, type HarnessOptions } from './support';

/*
 * Every reply shape the real service sends and a happy-path fake never
 * does, through the provider layer: nothing the service said was incomplete
 * or declined comes back as a whole reply, and each failure is retried, or
 * not, as its cause deserves.
 */

const fake = useFakeOpenAi();
let h: AiHarness | undefined;
const harness = (options: HarnessOptions = {}) => (h = createAiHarness(fake.server, { provider: { interviewModel: 'gpt-4o-mini', ...options.provider }, ...options }));
afterEach(() => h?.close());

const messages: ChatMessage[] = [interviewerPrompt, { role: 'user', content: 'Ask me about React hooks.' }];
const verdict = z.object({ score: z.number().min(0).max(10), summary: z.string().max(40) });

async function readStream(ai: AiHarness['ai']) {
  const stream = await ai.languageModel.streamChat({ task: 'interview', messages });
  let text = '';
  for await (const delta of stream.deltas) text += delta;
  return { text, reply: await stream.completion() };
}

describe('replies that are not whole', () => {
  it('a structured refusal is a "refused" error at once, not retried and not parsed', async () => {
    const { ai } = harness();
    fake.server.enqueue('chat', { kind: 'refusal', refusal: "I'm sorry, I can't help with that." });
    const error = await providerError(ai.languageModel.structured({ task: 'scoring', messages, schema: verdict, schemaName: 'verdict' }));
    expect(error).toMatchObject({ kind: 'refused', retryable: false });
    expect(error.message).toMatch(/declined/);
    expect(fake.server.requests).toHaveLength(1);
  });

  it('a streamed refusal ends the stream with "refused", even though no text came', async () => {
    const { ai } = harness();
    fake.server.enqueue('chat', { kind: 'refusal', refusal: 'I cannot write that question.' });
    const stream = await ai.languageModel.streamChat({ task: 'interview', messages });
    await expect(collectText(stream.deltas)).rejects.toMatchObject({ kind: 'refused' });
    await expect(stream.completion()).rejects.toMatchObject({ kind: 'refused' });
  });

  it('a content-filter stop is "refused", streamed or not', async () => {
    const { ai } = harness();
    fake.server.enqueue('chat', { kind: 'chat', content: 'Tell me about', finishReason: 'content_filter' });
    await expect(readStream(ai)).rejects.toMatchObject({ kind: 'refused' });
    fake.server.enqueue('chat', { kind: 'chat', content: 'Tell me about', finishReason: 'content_filter' });
    await expect(ai.languageModel.chat({ task: 'interview', messages })).rejects.toMatchObject({ kind: 'refused' });
    fake.server.enqueue('chat', { kind: 'structured', json: { score: 3, summary: 'x' }, finishReason: 'content_filter' });
    await expect(ai.languageModel.structured({ task: 'scoring', messages, schema: verdict, schemaName: 'verdict' })).rejects.toMatchObject({ kind: 'refused' });
  });

  it('a stream cut at its length limit is "truncated": the text so far is never the reply', async () => {
    const { ai } = harness();
    fake.server.enqueue('chat', { kind: 'chat', content: 'What is the difference between useMemo and', finishReason: 'length' });
    await expect(readStream(ai)).rejects.toMatchObject({ kind: 'truncated', retryable: false });
  });

  it('a structured reply cut at its length limit is asked for again, then reported as truncated', async () => {
    const { ai } = harness();
    const cut = { kind: 'structured' as const, json: { score: 5, summary: 'A long and thorough summary' }, finishReason: 'length' as const };
    fake.server.enqueue('chat', cut, { kind: 'structured', json: { score: 5, summary: 'Short.' } });
    expect((await ai.languageModel.structured({ task: 'scoring', messages, schema: verdict, schemaName: 'verdict' })).value).toEqual({ score: 5, summary: 'Short.' });
    fake.server.enqueue('chat', cut, cut);
    await expect(ai.languageModel.structured({ task: 'scoring', messages, schema: verdict, schemaName: 'verdict' })).rejects.toMatchObject({ kind: 'truncated' });
  });

  it('a value over a length limit that strict mode could not send is caught by the zod check and asked for again', async () => {
    const { ai } = harness();
    fake.server.enqueue('chat', { kind: 'structured', json: { score: 5, summary: 'x'.repeat(41) } }, { kind: 'structured', json: { score: 5, summary: 'Fits.' } });
    expect((await ai.languageModel.structured({ task: 'scoring', messages, schema: verdict, schemaName: 'verdict' })).value.summary).toBe('Fits.');
    expect(fake.server.requests).toHaveLength(2);
    // The limit travelled as words, not as the keyword strict mode refuses.
    expect(JSON.stringify(fake.server.requests[0]!.json.response_format)).toContain('At most 40 characters');
    expect(JSON.stringify(fake.server.requests[0]!.json.response_format)).not.toContain('maxLength');
  });

  it('a stream that ends without a finish reason (the connection closed cleanly mid-reply) is a network failure, not a short reply', async () => {
    const { ai } = harness();
    fake.server.enqueue('chat', { kind: 'fault', fault: 'stream_cut' });
    const error = await providerError(readStream(ai));
    expect(error).toMatchObject({ kind: 'network', retryable: true });
  });
});

describe('errors in the middle of a stream', () => {
  it('an error event after some text is a server error (no status), not "not the JSON it should send"', async () => {
    const { ai } = harness();
    fake.server.enqueue('chat', { kind: 'fault', fault: 'stream_error', afterTokens: 2 });
    const error = await providerError(readStream(ai));
    expect(error).toMatchObject({ kind: 'server_error', status: null, retryable: true });
    expect(error.message).toMatch(/failed part-way/);
    expect(error.message).not.toMatch(/JSON/);
  });

  it('an error event before any text is retried like a 500', async () => {
    const { ai } = harness();
    fake.server.enqueue('chat', { kind: 'fault', fault: 'stream_error', afterTokens: 0 }, { kind: 'chat', content: 'What is a hook?' });
    expect((await readStream(ai)).text).toBe('What is a hook?');
    expect(fake.server.requests).toHaveLength(2);
  });

  it('a rate-limit error event mid-stream is rate_limited', async () => {
    const { ai } = harness();
    fake.server.enqueue('chat', { kind: 'fault', fault: 'stream_error', afterTokens: 2, errorType: 'tokens', errorCode: 'rate_limit_exceeded' });
    expect(await providerError(readStream(ai))).toMatchObject({ kind: 'rate_limited' });
  });
});

describe('HTTP failures', () => {
  it.each([
    ['bad_gateway', 502],
    ['gateway_timeout', 504],
    ['cloudflare', 524],
  ] as const)('retries %s (%i) like a 500 and succeeds when the service is back', async (fault, status) => {
    const { ai, waits } = harness();
    fake.server.enqueue('chat', { kind: 'fault', fault }, { kind: 'chat', content: 'Back again.' });
    expect((await ai.languageModel.chat({ task: 'interview', messages })).text).toBe('Back again.');
    expect(waits).toEqual([1000]);
    expect(status).toBeGreaterThanOrEqual(502);
  });

  it('out of credit (429 insufficient_quota) is never retried and tells staff what to do', async () => {
    const { ai, waits } = harness();
    fake.server.enqueue('chat', { kind: 'fault', fault: 'insufficient_quota' });
    const error = await providerError(ai.languageModel.chat({ task: 'interview', messages }));
    expect(error).toMatchObject({ kind: 'quota_exhausted', retryable: false, status: 429 });
    expect(error.message).toMatch(/run out of credit.*administrator must add credit/);
    expect(waits).toEqual([]);
    expect(fake.server.requests).toHaveLength(1);
  });

  it('a 429 with only x-ratelimit-* headers waits for the reset, not the 1 s schedule', async () => {
    const { ai, waits } = harness();
    fake.server.enqueue('chat', { kind: 'fault', fault: 'rate_limited', rateLimitResetRequests: '2s', rateLimitResetTokens: '12s' }, { kind: 'chat', content: 'Fine now.' });
    expect((await ai.languageModel.chat({ task: 'interview', messages })).text).toBe('Fine now.');
    expect(waits).toEqual([12_000]);
  });

  it('a reset longer than the retry budget fails fast, saying until when', async () => {
    const { ai, waits } = harness();
    fake.server.enqueue('chat', { kind: 'fault', fault: 'rate_limited', rateLimitResetTokens: '6m0s' });
    const error = await providerError(ai.languageModel.chat({ task: 'interview', messages }));
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 360_000 });
    expect(error.message).toMatch(/rate-limiting this account \(HTTP 429\) until \d{2}:\d{2}:\d{2} \(360 s from now\)/);
    expect(waits).toEqual([]);
  });

  it('an unknown model is a 404 that names the fix, never retried', async () => {
    const { ai } = harness({ provider: { interviewModel: 'gpt-9-ultra' } });
    const error = await providerError(ai.languageModel.chat({ task: 'interview', messages }));
    expect(error).toMatchObject({ kind: 'bad_request', status: 404, retryable: false });
    expect(error.message).toMatch(/gpt-9-ultra.*Choose a model this account can use/);
  });
});

describe('speech as the service streams it', () => {
  const text = 'Tell me about a project you are proud of.';

  it('WAV with unknown (0xFFFFFFFF) sizes, cut at odd byte offsets, plays and is cached with exact sizes', async () => {
    const { ai } = harness();
    fake.server.enqueue('speech', { kind: 'speech', durationMs: 500, wavSizes: 'unknown', chunkBytes: 7 });
    const audio = await ai.textToSpeech.synthesize({ text });
    const bytes = await collect(audio.chunks);
    expect(bytes.toString('ascii', 0, 4)).toBe('RIFF');
    const dataBytes = 24_000 * 2 * 0.5;
    expect(bytes.length).toBe(44 + dataBytes);
    const cached = await collect((await ai.textToSpeech.synthesize({ text })).chunks);
    expect(cached.readUInt32LE(40)).toBe(dataBytes);
    expect(cached.readUInt32LE(4)).toBe(36 + dataBytes);
  });

  it('raw pcm, cut mid-sample, arrives whole', async () => {
    const { ai } = harness({ provider: { ttsResponseFormat: 'pcm' } });
    fake.server.enqueue('speech', { kind: 'speech', durationMs: 250, chunkBytes: 1023 });
    const audio = await ai.textToSpeech.synthesize({ text });
    expect(audio.mediaType).toBe('audio/pcm');
    const bytes = await collect(audio.chunks);
    expect(bytes.length).toBe(24_000 * 2 * 0.25);
    expect(bytes.toString('ascii', 0, 4)).not.toBe('RIFF');
  });

  it('gpt-4o-mini-tts streams as events and is billed by the tokens its last event reports', async () => {
    const { ai, usage, createInterview } = harness({ provider: { ttsModel: 'gpt-4o-mini-tts', ttsVoice: 'marin' } });
    const interviewId = createInterview();
    fake.server.enqueue('speech', { kind: 'speech', durationMs: 1000, chunkBytes: 333 });
    const bytes = await collect((await ai.textToSpeech.synthesize({ text, interviewId })).chunks);
    expect(bytes.length).toBe(44 + 24_000 * 2);
    expect(fake.server.requests[0]!.json).toMatchObject({ model: 'gpt-4o-mini-tts', voice: 'marin', stream_format: 'sse' });
    const [row] = usage.listForInterview(interviewId);
    expect(row).toMatchObject({ endpoint: 'speech', outcome: 'ok', priceKnown: true });
    expect(row!.promptTokens).toBeGreaterThan(0);
    expect(row!.completionTokens).toBeGreaterThan(0);
    // $0.60 per million text tokens in, $12 per million audio tokens out; characters are not billed.
    expect(row!.costUsd).toBeCloseTo((row!.promptTokens * 0.6 + row!.completionTokens * 12) / 1_000_000, 12);
  });

  it('tts-1 is not asked to stream events, which it does not support', async () => {
    const { ai } = harness();
    await collect((await ai.textToSpeech.synthesize({ text })).chunks);
    expect(fake.server.requests[0]!.json.stream_format).toBeUndefined();
  });
});

describe('usage as billed', () => {
  it('records cached input and reasoning tokens, and bills cached input at its discount', async () => {
    const { ai, usage, createInterview } = harness({ provider: { interviewModel: 'gpt-5-mini' } });
    const interviewId = createInterview();
    fake.server.enqueue('chat', { kind: 'chat', content: 'Q?', usage: { prompt_tokens: 1000, completion_tokens: 500, cached_tokens: 800, reasoning_tokens: 450 } });
    await ai.languageModel.chat({ task: 'interview', interviewId, messages });
    const [row] = usage.listForInterview(interviewId);
    expect(row).toMatchObject({ promptTokens: 1000, cachedPromptTokens: 800, completionTokens: 500, reasoningTokens: 450, priceKnown: true });
    // gpt-5-mini: $0.25 input, $0.025 cached input, $2 output per million.
    expect(row!.costUsd).toBeCloseTo((200 * 0.25 + 800 * 0.025 + 500 * 2) / 1_000_000, 12);
  });

  it('records a model without a price as unknown, never as free', async () => {
    const { ai, usage, createInterview } = harness({ provider: { interviewModel: 'gpt-4o-mini', prices: {} } });
    const interviewId = createInterview();
    h!.settings.update({ provider: { interviewModel: 'gpt-4.1-nano-2025-04-14' } });
    await ai.languageModel.chat({ task: 'interview', interviewId, messages });
    expect(usage.listForInterview(interviewId)[0]).toMatchObject({ priceKnown: true });
    // A model the fake serves but no table prices: a dated snapshot of a family the app does not list.
    h!.settings.update({ provider: { interviewModel: 'gpt-4-turbo' } });
    await ai.languageModel.chat({ task: 'interview', interviewId, messages });
    expect(usage.listForInterview(interviewId)[1]).toMatchObject({ priceKnown: false, costUsd: 0 });
    expect(h!.logLines.join('\n')).toContain('recorded with an unknown cost');
  });
});

async function collectText(deltas: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const delta of deltas) text += delta;
  return text;
}
