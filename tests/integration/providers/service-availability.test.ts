import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Fault, Reply } from '../../fixtures/fake-openai/index';
import { createAiHarness, interviewerPrompt, providerError, TEST_API_KEY, useFakeOpenAi, type AiHarness, type HarnessOptions } from './support';

/**
 * The availability tracker as the app builds it (one for the three
 * providers, told by Resilience.run and the client factory), driven by the
 * fake OpenAI server failing the ways the issue names: 500s until the
 * breaker opens, connections refused, the account out of credit, no key.
 */
const fake = useFakeOpenAi();
let h: AiHarness | undefined;
afterEach(() => h?.close());

function harness(options: HarnessOptions = {}): AiHarness {
  h = createAiHarness(fake.server, options);
  return h;
}

const messages = [interviewerPrompt, { role: 'user' as const, content: 'Hello.' }];
const fault = (name: Fault): Reply => ({ kind: 'fault', fault: name });
const chat = (t: AiHarness) => t.ai.languageModel.chat({ task: 'interview', messages });
const snapshot = (t: AiHarness) => t.ai.availability.snapshot();
const START = '2026-11-25T09:00:00.000Z';

/** A loopback port nothing listens on: connecting to it is refused at once, as with no network to the provider. */
async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}

describe('AI service availability, from real calls to the fake provider', () => {
  it('500s until the breaker opens: unavailable (outage) since the first failure; the service back after the breaker’s minute: available', async () => {
    const t = harness();
    expect(snapshot(t)).toEqual({ available: true, since: null, reason: null, endpoints: [] });

    fake.server.setResponder('chat', () => fault('server_error'));
    expect((await providerError(chat(t))).kind).toBe('server_error');
    expect(snapshot(t)).toEqual({ available: false, since: START, reason: 'outage', endpoints: ['chat'] });

    t.clock.advance(30_000);
    expect((await providerError(chat(t))).kind).toBe('circuit_open');
    // Still the same outage, from its first failure.
    expect(snapshot(t)).toEqual({ available: false, since: START, reason: 'outage', endpoints: ['chat'] });

    t.clock.advance(60_000);
    fake.server.setResponder('chat', () => ({ kind: 'chat', content: 'Back.' }));
    expect((await chat(t)).text).toBe('Back.');
    expect(snapshot(t)).toEqual({ available: true, since: null, reason: null, endpoints: [] });
  });

  it('a refused connection is "offline", told apart from an outage; reachable again: available', async () => {
    const t = harness();
    t.settings.update({ provider: { baseUrl: await refusedUrl() } });
    expect((await providerError(chat(t))).kind).toBe('network');
    expect(snapshot(t)).toMatchObject({ available: false, reason: 'offline', since: START });

    t.clock.advance(120_000);
    t.settings.update({ provider: { baseUrl: fake.server.url } });
    await chat(t);
    expect(snapshot(t).available).toBe(true);
  });

  it('out of credit is "quota_exhausted" at once, with no retries, until a call succeeds', async () => {
    const t = harness();
    fake.server.enqueue('chat', fault('insufficient_quota'));
    expect((await providerError(chat(t))).kind).toBe('quota_exhausted');
    expect(t.waits).toEqual([]);
    expect(snapshot(t)).toMatchObject({ available: false, reason: 'quota_exhausted' });
    // Credit is the account's: a good call on any endpoint proves it is back.
    await t.ai.textToSpeech.synthesize({ text: 'Hello there.' });
    expect(snapshot(t).available).toBe(true);
  });

  it('no key stored is "not_configured" (nothing was sent); once a key is stored and a call succeeds, available', async () => {
    const t = harness({ apiKey: null });
    expect((await providerError(chat(t))).kind).toBe('not_configured');
    expect(fake.server.requests).toHaveLength(0);
    expect(snapshot(t)).toMatchObject({ available: false, reason: 'not_configured' });

    await t.secrets.set('openai-api-key', TEST_API_KEY);
    await chat(t);
    expect(snapshot(t).available).toBe(true);
  });

  it('speech-to-text failing while chat answers: unavailable until speech-to-text itself succeeds', async () => {
    const t = harness();
    fake.server.setResponder('transcriptions', () => fault('unavailable'));
    const audio = { audio: new Uint8Array(100), mediaType: 'audio/webm' as const };
    expect((await providerError(t.ai.speechToText.transcribe(audio))).kind).toBe('server_error');
    await chat(t);
    expect(snapshot(t)).toMatchObject({ available: false, reason: 'outage', endpoints: ['transcription'] });

    fake.server.reset();
    // The breaker saw four failures, one short of opening: the next call goes through.
    await t.ai.speechToText.transcribe(audio);
    expect(snapshot(t).available).toBe(true);
  });

  it('a request the service refuses (400) says nothing about the service, and a caller who gives up neither', async () => {
    const t = harness();
    fake.server.enqueue('chat', fault('bad_request'));
    expect((await providerError(chat(t))).kind).toBe('bad_request');
    expect(snapshot(t).available).toBe(true);

    const controller = new AbortController();
    fake.server.setResponder('chat', () => {
      controller.abort(new DOMException('The candidate left.', 'AbortError'));
      return fault('server_error');
    });
    await expect(t.ai.languageModel.chat({ task: 'interview', messages, signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(snapshot(t).available).toBe(true);
  });
});
