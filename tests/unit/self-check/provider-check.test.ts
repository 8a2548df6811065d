import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src-main/providers/ai/errors';
import type { ChatRequest, LanguageModel } from '../../../src-main/providers/ai/types';
import { PING } from '../../../src-main/providers/ai/ping';
import { checkProvider, hostOf, languageModelProbe, SLOW_PROVIDER_MS, type ProbeOutcome } from '../../../src-main/self-check/provider-check';

const target = () => ({ host: 'api.openai.com', model: 'gpt-4o-mini' });
const probing = (outcome: ProbeOutcome) => ({ target, probe: async () => outcome });

/** A language model whose chat does what the test says, recording each request. */
function model(chat: (request: ChatRequest) => Promise<unknown>): LanguageModel & { requests: ChatRequest[] } {
  const requests: ChatRequest[] = [];
  return {
    requests,
    chat: (request) => {
      requests.push(request);
      return chat(request) as never;
    },
    streamChat: () => Promise.reject(new Error('not used')),
    structured: () => Promise.reject(new Error('not used')),
  };
}

describe('the AI provider check', () => {
  it('passes when the provider answers quickly, with the host, the model and the time', async () => {
    expect(await checkProvider(probing({ ok: true, latencyMs: 412 }))).toEqual({
      id: 'provider',
      label: 'AI provider',
      status: 'ok',
      detail: 'api.openai.com (model gpt-4o-mini) answered in 412 ms; the key was accepted.',
      fix: null,
    });
  });

  it('warns when the provider answers slowly', async () => {
    const result = await checkProvider(probing({ ok: true, latencyMs: SLOW_PROVIDER_MS + 1 }));
    expect(result).toMatchObject({ status: 'warn', detail: expect.stringContaining(`took ${SLOW_PROVIDER_MS + 1} ms`) });
    expect(result.fix).toMatch(/network/);
  });

  it.each([
    ['unauthorized', 401, /valid OpenAI API key/],
    ['not_configured', null, /stores the OpenAI API key/],
    ['quota_exhausted', 429, /adds credit/],
    ['network', null, /reach api\.openai\.com over HTTPS/],
    ['timeout', null, /reach api\.openai\.com over HTTPS/],
    ['server_error', 503, /status page/],
    ['bad_request', 404, /model names/],
    ['internal', null, /provider check/],
  ] as const)('fails on %s, with the provider layer’s message and what IT does', async (kind, status, fix) => {
    const result = await checkProvider(probing({ ok: false, latencyMs: 80, kind, status, message: 'What the provider layer said.' }));
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('What the provider layer said.');
    if (status !== null) expect(result.detail).toContain(`HTTP ${status}`);
    expect(result.fix).toMatch(fix);
  });

  it('only warns at the rate limit: the provider is there, and busy for the moment', async () => {
    const result = await checkProvider(probing({ ok: false, latencyMs: 80, kind: 'rate_limited', status: 429, message: 'Too many requests.' }));
    expect(result.status).toBe('warn');
  });

  it('names the host of the provider address', () => {
    expect(hostOf('https://example.openai.azure.com/openai/v1/')).toBe('example.openai.azure.com');
    expect(hostOf('http://127.0.0.1:5181/v1')).toBe('127.0.0.1:5181');
    expect(hostOf('not a url')).toBe('not a url');
  });
});

describe('the reachability call', () => {
  it('is the provider check’s ping through the app’s language model, timed', async () => {
    let clock = 1000;
    const lm = model(async () => {
      clock += 250;
      return { text: 'ready' };
    });
    const outcome = await languageModelProbe({ languageModel: lm, target, now: () => clock }).probe();
    expect(outcome).toEqual({ ok: true, latencyMs: 250 });
    expect(lm.requests).toHaveLength(1);
    expect(lm.requests[0]).toMatchObject({ task: 'interview', messages: PING, maxTokens: 64 });
    expect(lm.requests[0]!.signal).toBeInstanceOf(AbortSignal);
  });

  it('reports a ProviderError as it is: kind, status and its message', async () => {
    const lm = model(() => Promise.reject(new ProviderError('unauthorized', 'chat', 'The key was refused.', { retryable: false, status: 401 })));
    expect(await languageModelProbe({ languageModel: lm, target }).probe()).toMatchObject({ ok: false, kind: 'unauthorized', status: 401, message: 'The key was refused.' });
  });

  it('gives up after its time limit, aborting the call', async () => {
    const lm = model(
      (request) =>
        new Promise((_resolve, reject) => {
          request.signal!.addEventListener('abort', () => reject(request.signal!.reason));
        }),
    );
    const outcome = await languageModelProbe({ languageModel: lm, target, timeoutMs: 30 }).probe();
    expect(outcome).toMatchObject({ ok: false, kind: 'timeout', message: expect.stringMatching(/^The AI provider did not answer within/) });
    expect(lm.requests[0]!.signal!.aborted).toBe(true);
  });

  it('reports anything else as internal, with its message', async () => {
    const lm = model(() => Promise.reject(new Error('surprise')));
    expect(await languageModelProbe({ languageModel: lm, target }).probe()).toMatchObject({ ok: false, kind: 'internal', status: null, message: 'surprise' });
  });
});
