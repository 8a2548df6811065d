import OpenAI, { APIError, toFile } from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAi, synthesizeWav, type Fault, type FakeOpenAi } from '../../fixtures/fake-openai';

let fake: FakeOpenAi;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAi();
  client = new OpenAI({ baseURL: fake.url, apiKey: 'sk-test-faults', maxRetries: 0 });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

const chat = (options?: OpenAI.RequestOptions) =>
  client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello' }] }, options);

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail');
}

describe('fake OpenAI: faults', () => {
  // The SDK's subclasses narrow the constructor's status type, so `typeof APIError` does not fit them.
  it.each<[Fault, number, abstract new (...args: never[]) => APIError, string | null]>([
    ['rate_limited', 429, OpenAI.RateLimitError, 'rate_limit_exceeded'],
    ['server_error', 500, OpenAI.InternalServerError, null],
    ['unavailable', 503, OpenAI.InternalServerError, null],
    ['bad_request', 400, OpenAI.BadRequestError, null],
    ['unauthorized', 401, OpenAI.AuthenticationError, 'invalid_api_key'],
    ['forbidden', 403, OpenAI.PermissionDeniedError, 'unsupported_country_region_territory'],
    ['context_length', 400, OpenAI.BadRequestError, 'context_length_exceeded'],
  ])('%s answers %i, which the SDK maps to its error class', async (fault, status, errorClass, code) => {
    fake.enqueue('chat', { kind: 'fault', fault });
    const error = await failure(chat());
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toMatchObject({ status, code, error: { message: expect.any(String) } });
  });

  it('gives context_length OpenAI’s error type and param', async () => {
    fake.enqueue('chat', { kind: 'fault', fault: 'context_length' });
    expect(await failure(chat())).toMatchObject({ type: 'invalid_request_error', code: 'context_length_exceeded', param: 'messages' });
  });

  it('puts retry-after on a 429 when given, visible in the SDK error’s headers', async () => {
    fake.enqueue('chat', { kind: 'fault', fault: 'rate_limited', retryAfterSeconds: 7 }, { kind: 'fault', fault: 'rate_limited' });
    const withHeader = (await failure(chat())) as InstanceType<typeof OpenAI.RateLimitError>;
    expect(withHeader.headers?.get('retry-after')).toBe('7');
    const without = (await failure(chat())) as InstanceType<typeof OpenAI.RateLimitError>;
    expect(without.headers?.get('retry-after')).toBeNull();
  });

  it('faults the audio endpoints too', async () => {
    fake.enqueue('transcriptions', { kind: 'fault', fault: 'unavailable' });
    fake.enqueue('speech', { kind: 'fault', fault: 'rate_limited', retryAfterSeconds: 1 });
    const file = await toFile(synthesizeWav(100), 'a.wav', { type: 'audio/wav' });
    expect(await failure(client.audio.transcriptions.create({ file, model: 'whisper-1' }))).toMatchObject({ status: 503 });
    expect(await failure(client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'Hi' }))).toMatchObject({ status: 429 });
  });

  it('hangs until the SDK’s timeout aborts, and the server keeps serving', async () => {
    fake.enqueue('chat', { kind: 'fault', fault: 'hang' });
    const started = performance.now();
    const error = await failure(chat({ timeout: 300 }));
    expect(error).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect((await chat()).choices[0]?.message.content).toBe('This is the fake OpenAI server.');
  });

  it('makes the SDK throw on malformed JSON (a plain SyntaxError, not an APIError)', async () => {
    fake.enqueue('chat', { kind: 'fault', fault: 'malformed_json' });
    expect(await failure(chat())).toBeInstanceOf(SyntaxError);
  });

  it('makes a streamed chat throw on a malformed SSE event', async () => {
    fake.enqueue('chat', { kind: 'fault', fault: 'malformed_json' });
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    expect(
      await failure(
        (async () => {
          for await (const _chunk of stream);
        })(),
      ),
    ).toBeInstanceOf(SyntaxError);
  });

  it('drops the connection mid-reply: the SDK sees a network error after the headers', async () => {
    fake.enqueue('chat', { kind: 'fault', fault: 'drop_connection' });
    const error = await failure(chat());
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message)).toMatch(/terminated|socket|closed/i);
  });

  it('drops a stream mid-way: some chunks arrive, then the iteration fails', async () => {
    fake.enqueue('chat', { kind: 'fault', fault: 'drop_connection' });
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    let received = '';
    const error = await failure(
      (async () => {
        for await (const chunk of stream) received += chunk.choices[0]?.delta.content ?? '';
      })(),
    );
    expect(error).toBeInstanceOf(Error);
    expect(received.length).toBeGreaterThan(0);
    expect('This is the fake OpenAI server.'.startsWith(received)).toBe(true);
    expect(received).not.toBe('This is the fake OpenAI server.');
  });

  it('delays a JSON reply by firstByteMs', async () => {
    fake.enqueue('chat', { kind: 'chat', content: 'slow', latency: { firstByteMs: 150 } });
    const started = performance.now();
    await chat();
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe('fake OpenAI: protocol', () => {
  it('records every request with its Authorization header, in order', async () => {
    await chat();
    await client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'Hi' });
    const other = new OpenAI({ baseURL: fake.url, apiKey: 'sk-second-key', maxRetries: 0 });
    await other.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] });

    expect(fake.requests.map((r) => [r.endpoint, r.headers.authorization])).toEqual([
      ['chat', 'Bearer sk-test-faults'],
      ['speech', 'Bearer sk-test-faults'],
      ['chat', 'Bearer sk-second-key'],
    ]);
    expect(fake.requests[0]?.receivedAt).toBeLessThan(fake.requests[2]!.receivedAt);
    expect(fake.requests[0]?.json).toMatchObject({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello' }] });
  });

  it('answers 401 without a bearer token, and still records the request', async () => {
    const response = await fetch(`${fake.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', param: null, code: null } });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('answers unknown paths with a 404 in OpenAI’s error shape', async () => {
    const error = await failure(client.models.list());
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error).toMatchObject({ status: 404, error: { message: 'Invalid URL (GET /v1/models)', type: 'invalid_request_error' } });
    expect(fake.requests[0]).toMatchObject({ endpoint: 'unknown', method: 'GET', path: '/v1/models' });
  });

  it('listens on 127.0.0.1 only', () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });
});

describe('fake OpenAI: close()', () => {
  it('resolves promptly while a request hangs, and the client sees the connection end', async () => {
    const own = await startFakeOpenAi({ defaultLatency: { firstByteMs: 10 } });
    const ownClient = new OpenAI({ baseURL: own.url, apiKey: 'sk-close', maxRetries: 0 });
    own.enqueue('chat', { kind: 'fault', fault: 'hang' });
    own.enqueue('speech', { kind: 'speech', durationMs: 30_000, latency: { bytesPerSecond: 10_000 } });

    const hanging = failure(ownClient.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] }));
    const speech = await ownClient.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'Hi' });
    const draining = failure(speech.arrayBuffer());
    await new Promise((resolve) => setTimeout(resolve, 50));

    const started = performance.now();
    await own.close();
    expect(performance.now() - started).toBeLessThan(500);
    expect(await hanging).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(await draining).toBeInstanceOf(Error);
    await own.close(); // idempotent
  });
});
