import { connect } from 'node:net';
import OpenAI, { APIError } from 'openai';
import { ContentFilterFinishReasonError, LengthFinishReasonError } from 'openai/core/error';
import { zodResponseFormat } from 'openai/helpers/zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readWavInfo, synthesizePcm } from '../../fixtures/fake-openai';
import { failure, useFake } from './support';

const h = useFake();

const messages = [{ role: 'user' as const, content: 'Score my answer.' }];
const chat = (model = 'gpt-4o-mini') => h.client.chat.completions.create({ model, messages });
const streamed = (model = 'gpt-4o-mini') => h.client.chat.completions.create({ model, messages, stream: true, stream_options: { include_usage: true } });
const Score = z.object({ score: z.number().int(), rationale: z.string() });
const scoreFormat = zodResponseFormat(Score, 'score');

/** Reads a stream to its end or first error, keeping what arrived. */
async function drain(stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>) {
  const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
  let error: unknown;
  try {
    for await (const chunk of stream) chunks.push(chunk);
  } catch (caught) {
    error = caught;
  }
  const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
  const finishReasons = chunks.map((c) => c.choices[0]?.finish_reason).filter(Boolean);
  return { chunks, error, text, finishReasons };
}

describe('chat reply shapes', () => {
  it("reports finish_reason 'content_filter'", async () => {
    h.fake.enqueue('chat', { kind: 'chat', content: '', finishReason: 'content_filter' });
    expect((await chat()).choices[0]?.finish_reason).toBe('content_filter');
  });

  it('puts scripted cached and reasoning tokens where the API puts them', async () => {
    h.fake.enqueue('chat', { kind: 'chat', content: 'Fine.', usage: { prompt_tokens: 2000, completion_tokens: 300, cached_tokens: 1536, reasoning_tokens: 256 } });
    expect((await chat('o4-mini')).usage).toEqual({
      prompt_tokens: 2000,
      completion_tokens: 300,
      total_tokens: 2300,
      prompt_tokens_details: { cached_tokens: 1536, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 256, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    });
  });

  it('cuts a structured reply in half at finish_reason length, which the SDK’s parse() rejects', async () => {
    const json = { score: 7, rationale: 'Clear, correct and complete.' };
    const whole = JSON.stringify(json);
    h.fake.enqueue('chat', { kind: 'structured', json, finishReason: 'length' }, { kind: 'structured', json, finishReason: 'length' });
    const completion = await h.client.chat.completions.create({ model: 'gpt-4o-mini', messages, response_format: scoreFormat });
    expect(completion.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: whole.slice(0, Math.floor(whole.length / 2)) } });
    expect(() => JSON.parse(completion.choices[0]!.message.content!)).toThrow(SyntaxError);
    expect(await failure(h.client.chat.completions.parse({ model: 'gpt-4o-mini', messages, response_format: scoreFormat }))).toBeInstanceOf(LengthFinishReasonError);
  });

  it("ends a structured reply with content_filter, which parse() rejects", async () => {
    h.fake.enqueue('chat', { kind: 'structured', json: { score: 1, rationale: 'x' }, finishReason: 'content_filter' });
    expect(await failure(h.client.chat.completions.parse({ model: 'gpt-4o-mini', messages, response_format: scoreFormat }))).toBeInstanceOf(
      ContentFilterFinishReasonError,
    );
  });

  it('sends a refusal as message.refusal with null content', async () => {
    h.fake.enqueue('chat', { kind: 'refusal', refusal: "I'm sorry, I can't help with that." }, { kind: 'refusal', refusal: 'No.' });
    const completion = await chat();
    expect(completion.choices[0]).toMatchObject({
      finish_reason: 'stop',
      message: { role: 'assistant', content: null, refusal: "I'm sorry, I can't help with that." },
    });
    const parsed = await h.client.chat.completions.parse({ model: 'gpt-4o-mini', messages, response_format: scoreFormat });
    expect(parsed.choices[0]?.message).toMatchObject({ parsed: null, refusal: 'No.', content: null });
  });

  it('streams a refusal as delta.refusal pieces without content, then stop', async () => {
    const refusal = "I'm sorry, I can't help with that request.";
    h.fake.enqueue('chat', { kind: 'refusal', refusal }, { kind: 'refusal', refusal });
    const { chunks, error, finishReasons } = await drain(await streamed());
    expect(error).toBeUndefined();
    const deltas = chunks.flatMap((c) => (c.choices[0] ? [c.choices[0].delta] : []));
    expect(deltas.map((d) => d.refusal ?? '').join('')).toBe(refusal);
    expect(deltas[0]).toEqual({ role: 'assistant', refusal: '' });
    expect(deltas.every((d) => d.content === undefined)).toBe(true);
    expect(finishReasons).toEqual(['stop']);

    const final = await h.client.chat.completions.stream({ model: 'gpt-4o-mini', messages }).finalChatCompletion();
    expect(final.choices[0]?.message).toMatchObject({ refusal, content: null });
  });
});

describe('streams that break', () => {
  it('stream_error: tokens, then an error event the SDK raises from the iterator as an APIError without status', async () => {
    h.fake.enqueue('chat', { kind: 'fault', fault: 'stream_error' });
    const { text, error, finishReasons } = await drain(await streamed());
    expect(text).toBe('This is the ');
    expect(finishReasons).toEqual([]);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({
      status: undefined,
      type: 'server_error',
      code: null,
      error: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null },
    });
  });

  it('stream_error can carry a rate limit, after as many tokens as scripted', async () => {
    h.fake.enqueue('chat', { kind: 'fault', fault: 'stream_error', afterTokens: 1, errorType: 'tokens', errorCode: 'rate_limit_exceeded' });
    const { text, error } = await drain(await streamed());
    expect(text).toBe('This');
    expect(error).toMatchObject({ status: undefined, type: 'tokens', code: 'rate_limit_exceeded', message: expect.stringMatching(/^Rate limit reached for gpt-4o-mini/) });
  });

  it('stream_error with afterTokens 0 makes the error the stream’s first event', async () => {
    h.fake.enqueue('chat', { kind: 'fault', fault: 'stream_error', afterTokens: 0 });
    const { chunks, error } = await drain(await streamed());
    expect(chunks).toEqual([]);
    expect(error).toMatchObject({ status: undefined, type: 'server_error' });
  });

  it('stream_error on a chat that is not streamed is a 500', async () => {
    h.fake.enqueue('chat', { kind: 'fault', fault: 'stream_error' });
    expect(await failure(chat())).toMatchObject({ status: 500, type: 'server_error' });
  });

  it('stream_cut: tokens, then a clean end with no finish_reason and no [DONE]', async () => {
    h.fake.enqueue('chat', { kind: 'fault', fault: 'stream_cut', afterTokens: 2 });
    const { text, error, finishReasons, chunks } = await drain(await streamed());
    expect(error).toBeUndefined();
    expect(text).toBe('This is ');
    expect(finishReasons).toEqual([]);
    expect(chunks.some((c) => c.usage)).toBe(false);
  });

  it('stream_cut on a chat that is not streamed ends half way through the JSON', async () => {
    h.fake.enqueue('chat', { kind: 'fault', fault: 'stream_cut' });
    expect(await failure(chat())).toBeInstanceOf(SyntaxError);
  });

  it('is refused at enqueue time for the audio endpoints', () => {
    expect(() => h.fake.enqueue('speech', { kind: 'fault', fault: 'stream_cut' })).toThrow(/only answer a chat request/);
  });
});

describe('gateway and account faults', () => {
  it('bad_gateway: 502 from OpenAI’s edge, type cf_bad_gateway', async () => {
    h.fake.enqueue('chat', { kind: 'fault', fault: 'bad_gateway' });
    const error = await failure(chat());
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error).toMatchObject({ status: 502, type: 'cf_bad_gateway', code: 502, error: { message: 'Bad gateway.' } });
  });

  it('gateway_timeout: 504, type cf_gateway_timeout', async () => {
    h.fake.enqueue('chat', { kind: 'fault', fault: 'gateway_timeout' });
    expect(await failure(chat())).toMatchObject({ status: 504, type: 'cf_gateway_timeout', error: { message: 'Gateway timeout.' } });
  });

  it('cloudflare: a 52x HTML page, which the SDK reports as the page text', async () => {
    h.fake.enqueue('chat', { kind: 'fault', fault: 'cloudflare' }, { kind: 'fault', fault: 'cloudflare', status: 522 });
    const timeout = (await failure(chat())) as APIError;
    expect(timeout).toBeInstanceOf(OpenAI.InternalServerError);
    expect(timeout.status).toBe(524);
    expect(timeout.error).toBeUndefined();
    expect(timeout.headers?.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(timeout.message).toMatch(/^524 <!DOCTYPE html>[\s\S]*<title>api\.openai\.com \| 524: A timeout occurred<\/title>[\s\S]*<\/html>/);
    const unreachable = (await failure(chat())) as APIError;
    expect(unreachable.status).toBe(522);
    expect(unreachable.message).toContain('Connection timed out');
  });

  it('insufficient_quota: 429 that is not a rate limit', async () => {
    h.fake.enqueue('transcriptions', { kind: 'fault', fault: 'insufficient_quota' });
    const error = await failure(h.client.audio.transcriptions.create({ model: 'whisper-1', file: await OpenAI.toFile(synthesizePcm(10), 'a.wav') }));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error).toMatchObject({
      status: 429,
      type: 'insufficient_quota',
      code: 'insufficient_quota',
      error: {
        message:
          'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
      },
    });
  });

  it('rate_limited with only x-ratelimit-* headers (requests)', async () => {
    h.fake.enqueue('chat', { kind: 'fault', fault: 'rate_limited', rateLimitResetRequests: '6m0s' });
    const error = (await failure(chat())) as APIError;
    expect(error.headers?.get('x-ratelimit-reset-requests')).toBe('6m0s');
    expect(error.headers?.get('x-ratelimit-limit-requests')).toBe('3');
    expect(error.headers?.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(error.headers?.get('x-ratelimit-reset-tokens')).toBeNull();
    expect(error.headers?.get('retry-after')).toBeNull();
    expect(error).toMatchObject({ status: 429, type: 'requests', code: 'rate_limit_exceeded', message: expect.stringMatching(/\(RPM\).*Please try again in 6m0s\.$/) });
  });

  it('rate_limited on tokens, with retry-after as well when scripted', async () => {
    h.fake.enqueue('chat', { kind: 'fault', fault: 'rate_limited', rateLimitResetTokens: '20ms', retryAfterSeconds: 1 });
    const error = (await failure(chat())) as APIError;
    expect(error.headers?.get('x-ratelimit-reset-tokens')).toBe('20ms');
    expect(error.headers?.get('x-ratelimit-remaining-tokens')).toBe('0');
    expect(error.headers?.get('x-ratelimit-reset-requests')).toBeNull();
    expect(error.headers?.get('retry-after')).toBe('1');
    expect(error).toMatchObject({ type: 'tokens', message: expect.stringMatching(/\(TPM\)/) });
  });
});

describe('speech reply shapes', () => {
  const speak = async (params: Partial<OpenAI.Audio.SpeechCreateParams>, reply: Record<string, unknown> = {}) => {
    h.fake.enqueue('speech', { kind: 'speech', durationMs: 500, ...reply });
    const response = await h.client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'coral', input: 'Hello there.', ...params });
    return response;
  };
  const bytes = async (response: Response) => Buffer.from(await response.arrayBuffer());

  it('streams WAV with RIFF and data sizes 0xFFFFFFFF by default, as the real service does', async () => {
    const wav = await bytes(await speak({ response_format: 'wav' }));
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(4)).toBe(0xffffffff);
    expect(wav.readUInt32LE(40)).toBe(0xffffffff);
    expect(readWavInfo(wav)).toMatchObject({ sampleRate: 24_000, dataBytes: 24_000, durationSeconds: 0.5 });
  });

  it("writes exact sizes when the reply asks for wavSizes 'exact'", async () => {
    const wav = await bytes(await speak({ response_format: 'wav' }, { wavSizes: 'exact' }));
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    expect(wav.readUInt32LE(40)).toBe(wav.length - 44);
  });

  it('sends pcm as raw 24 kHz 16-bit mono samples with no header', async () => {
    const response = await speak({ response_format: 'pcm' });
    expect(response.headers.get('content-type')).toBe('audio/pcm');
    const pcm = await bytes(response);
    expect(pcm.length).toBe(0.5 * 24_000 * 2);
    expect(pcm.toString('ascii', 0, 4)).not.toBe('RIFF');
    expect(pcm.equals(synthesizePcm(500))).toBe(true);
  });

  it.each<[string, OpenAI.Audio.SpeechCreateParams['response_format'], string, number[]]>([
    ['mp3 (the default)', undefined, 'audio/mpeg', [0x49, 0x44, 0x33]], // "ID3"
    ['opus', 'opus', 'audio/opus', [0x4f, 0x67, 0x67, 0x53]], // "OggS"
    ['aac', 'aac', 'audio/aac', [0xff, 0xf1]],
    ['flac', 'flac', 'audio/flac', [0x66, 0x4c, 0x61, 0x43]], // "fLaC"
  ])('sends a %s placeholder with the right content-type and magic bytes', async (_label, format, type, magic) => {
    const response = await speak(format ? { response_format: format } : {});
    expect(response.headers.get('content-type')).toBe(type);
    const body = await bytes(response);
    expect([...body.subarray(0, magic.length)]).toEqual(magic);
    expect(body.length).toBe(3000); // ~48 kbit/s for 0.5 s
  });

  it.each([7, 1023])('cuts the audio into pieces of exactly %i bytes on the wire', async (chunkBytes) => {
    h.fake.enqueue('speech', { kind: 'speech', durationMs: 500, chunkBytes });
    // Read below the SDK: fetch may hand over several HTTP chunks at once, the chunked framing on the wire does not.
    const sizes = await wireChunkSizes(h.fake.url, '/audio/speech', { model: 'gpt-4o-mini-tts', voice: 'coral', input: 'Hello there.', response_format: 'wav' });
    const total = 44 + 24_000;
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(total);
    expect(sizes.slice(0, -1).every((size) => size === chunkBytes)).toBe(true);
    expect(sizes.at(-1)).toBe(total % chunkBytes || chunkBytes);
    expect(sizes.length).toBe(Math.ceil(total / chunkBytes));
  });

  it("streams stream_format 'sse' as speech.audio.delta events, then speech.audio.done with usage", async () => {
    const input = 'Tell me about a project you led.'; // 32 characters: 8 tokens
    const response = await speak({ response_format: 'pcm', stream_format: 'sse', input }, { durationMs: 2000, chunkBytes: 16_000 });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = (await response.text())
      .split('\n\n')
      .filter(Boolean)
      .map((block) => {
        expect(block.startsWith('data: ')).toBe(true);
        return JSON.parse(block.slice('data: '.length)) as { type: string; audio?: string; usage?: object };
      });
    expect(events.map((e) => e.type)).toEqual([...Array(6).fill('speech.audio.delta'), 'speech.audio.done']);
    const audio = Buffer.concat(events.filter((e) => e.audio).map((e) => Buffer.from(e.audio!, 'base64')));
    expect(audio.equals(synthesizePcm(2000))).toBe(true);
    expect(events.at(-1)?.usage).toEqual({ input_tokens: 8, output_tokens: 42, total_tokens: 50 });
  });
});

/** The sizes of the HTTP/1.1 chunks of a response body, read off a raw socket. */
async function wireChunkSizes(baseUrl: string, path: string, body: object): Promise<number[]> {
  const url = new URL(`${baseUrl}${path}`);
  const payload = JSON.stringify(body);
  const raw = await new Promise<Buffer>((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    const parts: Buffer[] = [];
    socket.on('data', (part) => parts.push(part));
    socket.on('end', () => resolve(Buffer.concat(parts)));
    socket.on('error', reject);
    socket.write(
      `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer sk-wire\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(payload)}\r\nConnection: close\r\n\r\n${payload}`,
    );
  });
  const headerEnd = raw.indexOf('\r\n\r\n');
  expect(raw.subarray(0, headerEnd).toString('latin1')).toMatch(/^HTTP\/1\.1 200[\s\S]*transfer-encoding: chunked/i);
  const sizes: number[] = [];
  for (let at = headerEnd + 4; ; ) {
    const lineEnd = raw.indexOf('\r\n', at);
    const size = parseInt(raw.toString('latin1', at, lineEnd), 16);
    if (size === 0) return sizes;
    sizes.push(size);
    at = lineEnd + 2 + size + 2;
  }
}
