import { afterEach, describe, expect, it } from 'vitest';
import { providerSettingsSchema } from '../../../shared/domain/settings';
import { FakeClock } from '../../support/test-app';
import { createLogger } from '../../../src-main/logging/logger';
import { OpenAiClientFactory } from '../../../src-main/providers/ai/openai-client';
import { Resilience } from '../../../src-main/providers/ai/resilience';
import { MemorySecretStore } from '../../../src-main/secrets/memory-secret-store';
import type { Fault, Reply } from '../../fixtures/fake-openai/index';
import { createAiHarness, interviewerPrompt, providerError, TEST_API_KEY, useFakeOpenAi, type AiHarness, type HarnessOptions } from './support';

const fake = useFakeOpenAi();
let h: AiHarness | undefined;
afterEach(() => h?.close());

function harness(options: HarnessOptions = {}): AiHarness {
  h = createAiHarness(fake.server, options);
  return h;
}

const messages = [interviewerPrompt, { role: 'user' as const, content: 'Hello.' }];
const fault = (name: Fault, retryAfterSeconds?: number): Reply => ({ kind: 'fault', fault: name, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) });
const times = <T>(n: number, value: T): T[] => Array.from({ length: n }, () => value);
const chat = (t: AiHarness) => t.ai.languageModel.chat({ task: 'interview', messages });

describe('retries', () => {
  it.each([
    ['429', 'rate_limited' as const, 'rate_limited'],
    ['500', 'server_error' as const, 'server_error'],
    ['503', 'unavailable' as const, 'server_error'],
  ])('retries %s three times after the first call, waiting 1 s, 2 s + jitter, 4 s + jitter', async (_status, name, kind) => {
    const t = harness();
    fake.server.enqueue('chat', ...times(4, fault(name)));
    const error = await providerError(chat(t));
    expect(error).toMatchObject({ kind, retryable: true });
    expect(fake.server.requests).toHaveLength(4);
    // Jitter is fixed at half its range in the harness: 2 s + 0.25 s, 4 s + 0.5 s.
    expect(t.waits).toEqual([1000, 2250, 4500]);
  });

  it('succeeds as soon as a retry does', async () => {
    const t = harness();
    fake.server.enqueue('chat', fault('unavailable'), fault('server_error'), { kind: 'chat', content: 'Third time lucky.' });
    expect((await chat(t)).text).toBe('Third time lucky.');
    expect(fake.server.requests).toHaveLength(3);
    expect(t.waits).toEqual([1000, 2250]);
  });

  it.each([
    ['400', 'bad_request' as const, 'bad_request'],
    ['401', 'unauthorized' as const, 'unauthorized'],
    ['403', 'forbidden' as const, 'unauthorized'],
  ])('never retries %s', async (status, name, kind) => {
    const t = harness();
    fake.server.enqueue('chat', fault(name), { kind: 'chat', content: 'never reached' });
    const error = await providerError(chat(t));
    expect(error).toMatchObject({ kind, retryable: false, status: Number(status) });
    expect(fake.server.requests).toHaveLength(1);
    expect(t.waits).toEqual([]);
  });

  it('honours Retry-After when it asks for longer than the schedule', async () => {
    const t = harness();
    fake.server.enqueue('chat', fault('rate_limited', 3), fault('rate_limited', 1), { kind: 'chat', content: 'ok' });
    await chat(t);
    // 3 s asked > 1 s scheduled; 1 s asked < 2.25 s scheduled.
    expect(t.waits).toEqual([3000, 2250]);
    expect(fake.server.requests).toHaveLength(3);
  });

  it('gives up at once on a Retry-After longer than a minute, saying how long the provider asked for', async () => {
    const t = harness();
    fake.server.enqueue('chat', fault('rate_limited', 600));
    const error = await providerError(chat(t));
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 600_000 });
    expect(error.message).toContain('600 s');
    expect(fake.server.requests).toHaveLength(1);
  });

  it('retries a dropped connection as a network failure', async () => {
    const t = harness();
    fake.server.enqueue('chat', fault('drop_connection'), { kind: 'chat', content: 'Reconnected.' });
    expect((await chat(t)).text).toBe('Reconnected.');
    expect(t.waits).toEqual([1000]);

    fake.server.enqueue('chat', ...times(4, fault('drop_connection')));
    const error = await providerError(chat(t));
    expect(error).toMatchObject({ kind: 'network', retryable: true });
    expect(error.message).toContain('127.0.0.1');
  });

  it('reports a reply that is not JSON as malformed, without retrying it', async () => {
    const t = harness();
    fake.server.enqueue('chat', fault('malformed_json'));
    expect(await providerError(chat(t))).toMatchObject({ kind: 'malformed_reply' });
    expect(fake.server.requests).toHaveLength(1);
  });

  it('an aborted call stops between retries and is not a ProviderError', async () => {
    const t = harness();
    const controller = new AbortController();
    fake.server.setResponder('chat', () => {
      controller.abort(new DOMException('The candidate left.', 'AbortError'));
      return fault('server_error');
    });
    await expect(t.ai.languageModel.chat({ task: 'interview', messages, signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(fake.server.requests.length).toBeLessThanOrEqual(1);
  });
});

describe('circuit breaker, per endpoint', () => {
  it('opens after 5 consecutive failures, rejects fast while open, half-opens after 60 s and closes after 3 good trials', async () => {
    const t = harness();
    fake.server.setResponder('chat', () => fault('server_error'));
    // First call: 4 failed attempts. Second: the 5th failure opens the circuit, and its retry is refused.
    expect((await providerError(chat(t))).kind).toBe('server_error');
    expect((await providerError(chat(t))).kind).toBe('circuit_open');
    expect(fake.server.requests).toHaveLength(5);

    const started = performance.now();
    const rejected = await providerError(chat(t));
    expect(performance.now() - started).toBeLessThan(50);
    expect(rejected).toMatchObject({ kind: 'circuit_open', retryable: true, endpoint: 'chat' });
    expect(rejected.message).toMatch(/in about 60 s/);
    expect(fake.server.requests).toHaveLength(5);

    // Other endpoints have their own breakers.
    const words = await t.ai.speechToText.transcribe({ audio: new Uint8Array(100), mediaType: 'audio/webm' });
    expect(words.text).toBeTruthy();

    t.clock.advance(60_000);
    fake.server.setResponder('chat', () => ({ kind: 'chat', content: 'Back.' }));
    for (let i = 0; i < 3; i++) expect((await chat(t)).text).toBe('Back.');
    // Closed: failures count from zero again, so one failed call (4 attempts) does not re-open it.
    fake.server.enqueue('chat', ...times(4, fault('server_error')));
    expect((await providerError(chat(t))).kind).toBe('server_error');
    expect((await chat(t)).text).toBe('Back.');
  });

  it('half-open: lets exactly 3 trial calls through at once, and one failed trial re-opens it', async () => {
    const t = harness({ aiResilience: { breaker: { failureThreshold: 1 } } });
    fake.server.enqueue('chat', fault('server_error'));
    expect((await providerError(chat(t))).kind).toBe('circuit_open');
    t.clock.advance(60_000);

    fake.server.reset();
    fake.server.setResponder('chat', () => ({ kind: 'chat', content: 'slow trial', latency: { firstByteMs: 150 } }));
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => chat(t)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.kind)).toEqual(['circuit_open']);
    expect(fake.server.requests).toHaveLength(3);

    // Closed now; open it again, then fail the first trial.
    fake.server.enqueue('chat', fault('server_error'));
    expect((await providerError(chat(t))).kind).toBe('circuit_open');
    t.clock.advance(60_000);
    fake.server.enqueue('chat', fault('bad_request'), fault('server_error'));
    // A 400 is the endpoint answering: it counts as a good trial.
    expect((await providerError(chat(t))).kind).toBe('bad_request');
    expect((await providerError(chat(t))).kind).toBe('circuit_open');
    const count = fake.server.requests.length;
    expect((await providerError(chat(t))).kind).toBe('circuit_open');
    expect(fake.server.requests).toHaveLength(count);
  });
});

describe('timeouts', () => {
  const short = { aiResilience: { timeoutsMs: { chat: 150, transcription: 150, speech: 150 } } };

  it('fires for chat, each attempt, and the hang is retried like any timeout', async () => {
    const t = harness(short);
    fake.server.enqueue('chat', ...times(4, fault('hang')));
    const started = performance.now();
    const error = await providerError(chat(t));
    expect(error).toMatchObject({ kind: 'timeout', retryable: true });
    expect(error.message).toContain('within 150 ms');
    expect(fake.server.requests).toHaveLength(4);
    expect(t.waits).toEqual([1000, 2250, 4500]);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('fires for speech-to-text', async () => {
    const t = harness(short);
    fake.server.enqueue('transcriptions', ...times(4, fault('hang')));
    expect(await providerError(t.ai.speechToText.transcribe({ audio: new Uint8Array(10), mediaType: 'audio/webm' }))).toMatchObject({
      kind: 'timeout',
      endpoint: 'transcription',
    });
    expect(fake.server.requests).toHaveLength(4);
  });

  it('fires for text-to-speech', async () => {
    const t = harness(short);
    fake.server.enqueue('speech', ...times(4, fault('hang')));
    expect(await providerError(t.ai.textToSpeech.synthesize({ text: 'Hello there.' }))).toMatchObject({ kind: 'timeout', endpoint: 'speech' });
    expect(fake.server.requests).toHaveLength(4);
  });

  it('limits each wait inside a stream, not the whole stream', async () => {
    const t = harness({ aiResilience: { timeoutsMs: { chat: 300 } } });
    // ~1.2 s of tokens arriving every 50 ms: longer than the limit in total, never in one wait.
    fake.server.enqueue('chat', { kind: 'chat', content: 'tick '.repeat(20), latency: { tokensPerSecond: 20 } });
    const ok = await t.ai.languageModel.streamChat({ task: 'interview', messages });
    expect((await ok.completion()).text).toBe('tick '.repeat(20));

    // A stream that stalls after it started fails from the iteration, as a timeout.
    fake.server.enqueue('chat', { kind: 'chat', content: 'slow '.repeat(4), latency: { tokensPerSecond: 2 } });
    const stalled = await t.ai.languageModel.streamChat({ task: 'interview', messages });
    const error = await providerError((async () => {
      for await (const _ of stalled.deltas);
    })());
    expect(error).toMatchObject({ kind: 'timeout', endpoint: 'chat' });
    expect(await providerError(stalled.completion())).toBe(error);
  });

  it('defaults to 30 s (speech-to-text), 20 s (text-to-speech) and 45 s (language model), down to the SDK client', async () => {
    const resilience = new Resilience({ clock: new FakeClock(), logger: createLogger({ sink: () => {} }) });
    expect(['transcription', 'speech', 'chat'].map((e) => resilience.timeoutMs(e as 'chat'))).toEqual([30_000, 20_000, 45_000]);
    const clients = new OpenAiClientFactory(new MemorySecretStore({ 'openai-api-key': TEST_API_KEY }), (e) => resilience.timeoutMs(e));
    const settings = providerSettingsSchema.parse({ baseUrl: fake.server.url });
    const chatClient = await clients.forCall('chat', settings);
    expect(chatClient.client.timeout).toBe(45_000);
    expect(chatClient.client.maxRetries).toBe(0);
    expect(chatClient.client.baseURL).toBe(fake.server.url);
    expect((await clients.forCall('transcription', settings)).client.timeout).toBe(30_000);
    expect((await clients.forCall('speech', settings)).client.timeout).toBe(20_000);
  });
});
