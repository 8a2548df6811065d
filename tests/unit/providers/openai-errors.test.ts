import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src-main/providers/ai/errors';
import { toProviderError } from '../../../src-main/providers/ai/openai-errors';
import { Deadline } from '../../../src-main/providers/ai/resilience';

const KEY = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789';
const now = new Date('2026-11-25T09:00:00.000Z');

function classify(error: unknown, timedOut = false): ProviderError {
  const deadline = new Deadline(45_000);
  deadline.dispose();
  deadline.timedOut = timedOut;
  return toProviderError(error, { endpoint: 'chat', deadline, baseUrl: 'https://user:pw@llm.example.com/v1', apiKey: KEY, now });
}

const apiError = (status: number, body: object, headers: Record<string, string> = {}) =>
  APIError.generate(status, body, undefined, new Headers({ 'x-request-id': 'req_123', ...headers }));

describe('toProviderError', () => {
  it('maps statuses to kinds, with whether retrying can help', () => {
    expect(classify(apiError(429, { error: { message: 'slow down', code: 'rate_limit_exceeded' } }, { 'retry-after': '7' }))).toMatchObject({
      kind: 'rate_limited',
      retryable: true,
      retryAfterMs: 7000,
      status: 429,
      requestId: 'req_123',
    });
    expect(classify(apiError(429, { error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' } }))).toMatchObject({
      kind: 'quota_exhausted',
      retryable: false,
      message: expect.stringMatching(/run out of credit.*add credit/),
    });
    for (const status of [500, 502, 503, 504, 520, 524]) expect(classify(apiError(status, {}))).toMatchObject({ kind: 'server_error', retryable: true, status });
    expect(classify(apiError(401, {}))).toMatchObject({ kind: 'unauthorized', retryable: false });
    expect(classify(apiError(403, {}))).toMatchObject({ kind: 'unauthorized', retryable: false });
    expect(classify(apiError(400, { error: { code: 'context_length_exceeded', message: 'too long' } }))).toMatchObject({ kind: 'context_length', retryable: false });
    expect(classify(apiError(404, { error: { message: 'The model `gpt-9` does not exist', code: 'model_not_found' } }))).toMatchObject({
      kind: 'bad_request',
      retryable: false,
      message: expect.stringMatching(/does not exist.*Choose a model this account can use/),
    });
    expect(classify(apiError(422, {}))).toMatchObject({ kind: 'bad_request' });
  });

  it('says until when a 429 that sent only x-ratelimit-* headers is rate-limited', () => {
    const error = classify(apiError(429, { error: { message: 'Rate limit reached', code: 'rate_limit_exceeded' } }, { 'x-ratelimit-reset-tokens': '6m0s', 'x-ratelimit-remaining-tokens': '0' }));
    expect(error).toMatchObject({ kind: 'rate_limited', retryable: true, retryAfterMs: 360_000 });
    expect(error.message).toContain(`until ${new Date(now.getTime() + 360_000).toLocaleTimeString('en-GB')} (360 s from now)`);
  });

  it('sorts an error event that arrived mid-stream (no status) into the same kinds as HTTP errors', () => {
    const midStream = (body: object) => new APIError(undefined, body, undefined, new Headers({ 'x-request-id': 'req_456' }));
    expect(classify(midStream({ message: 'The server had an error', type: 'server_error', code: null }))).toMatchObject({
      kind: 'server_error',
      retryable: true,
      status: null,
      requestId: 'req_456',
    });
    expect(classify(midStream({ message: 'Rate limit reached', type: 'tokens', code: 'rate_limit_exceeded' }))).toMatchObject({ kind: 'rate_limited', retryable: true });
    expect(classify(midStream({ message: 'quota', type: 'insufficient_quota', code: 'insufficient_quota' }))).toMatchObject({ kind: 'quota_exhausted', retryable: false });
    expect(classify(midStream({ message: 'Invalid prompt', type: 'invalid_request_error', code: null }))).toMatchObject({ kind: 'bad_request', retryable: false });
    expect(classify(midStream({ message: 'Something new', type: 'some_new_type' }))).toMatchObject({ kind: 'server_error', retryable: true });
  });

  it('quotes what the provider said about a bad request, without the key or other credentials', () => {
    const error = classify(apiError(400, { error: { message: `Invalid 'temperature' for key ${KEY} and Bearer abcdefghijkl` } }));
    expect(error.message).toContain("Invalid 'temperature'");
    expect(error.message).not.toContain(KEY);
    expect(error.message).not.toContain('abcdefghijkl');
    expect(error.message).toContain('req_123');
  });

  it('never quotes a 401, whose body names part of the key', () => {
    const error = classify(apiError(401, { error: { message: `Incorrect API key provided: ${KEY.slice(0, 8)}***${KEY.slice(-4)}` } }));
    expect(error.message).not.toContain(KEY.slice(0, 8));
    expect(error.message).not.toContain(KEY.slice(-4));
    expect(error.message).toContain('device settings');
  });

  it('tells timeouts from broken connections, and names the host without its credentials', () => {
    expect(classify(new APIConnectionTimeoutError())).toMatchObject({ kind: 'timeout', retryable: true });
    expect(classify(new APIUserAbortError(), true)).toMatchObject({ kind: 'timeout' });
    expect(classify(new DOMException('aborted', 'AbortError'), true)).toMatchObject({ kind: 'timeout' });
    const network = classify(new APIConnectionError({ message: 'Connection error.' }));
    expect(network).toMatchObject({ kind: 'network', retryable: true });
    expect(network.message).toContain('llm.example.com');
    expect(network.message).not.toContain('pw@');
    expect(classify(new TypeError('terminated', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) }))).toMatchObject({
      kind: 'network',
    });
  });

  it('calls an unreadable body malformed, passes ProviderErrors through and rethrows bugs', () => {
    expect(classify(new SyntaxError('Unexpected end of JSON input'))).toMatchObject({ kind: 'malformed_reply', retryable: true });
    const own = new ProviderError('budget_exceeded', 'chat', 'over', { retryable: false });
    expect(classify(own)).toBe(own);
    const bug = new RangeError('a bug of ours');
    expect(() => classify(bug)).toThrow(bug);
  });
});
