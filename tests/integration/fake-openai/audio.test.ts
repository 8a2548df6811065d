import OpenAI, { toFile } from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readWavInfo, startFakeOpenAi, synthesizeWav, type FakeOpenAi } from '../../fixtures/fake-openai';

let fake: FakeOpenAi;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAi();
  client = new OpenAI({ baseURL: fake.url, apiKey: 'sk-test-audio', maxRetries: 0 });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

const recording = () => toFile(synthesizeWav(1500), 'answer.wav', { type: 'audio/wav' });

describe('fake OpenAI: transcriptions', () => {
  it('transcribes an uploaded WAV and records the form fields and file', async () => {
    fake.enqueue('transcriptions', { kind: 'transcription', text: 'I would use a generic constraint.' });
    const result = await client.audio.transcriptions.create({ file: await recording(), model: 'whisper-1', language: 'en', temperature: 0 });

    expect(result.text).toBe('I would use a generic constraint.');
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({
      endpoint: 'transcriptions',
      method: 'POST',
      path: '/v1/audio/transcriptions',
      form: { fields: { model: 'whisper-1', language: 'en', temperature: '0' }, file: { name: 'answer.wav', type: 'audio/wav', size: 44 + 1.5 * 24_000 * 2 } },
    });
    expect(fake.requests[0]?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
  });

  it('answers with the default text when nothing is scripted', async () => {
    const result = await client.audio.transcriptions.create({ file: await recording(), model: 'whisper-1' });
    expect(result.text).toBe('This is a fake transcription.');
  });

  it('gives verbose_json with language, the upload’s duration, and segment scores from the confidence', async () => {
    fake.enqueue('transcriptions', { kind: 'transcription', text: 'First point. Second point.', confidence: 0.5 });
    const result = await client.audio.transcriptions.create({
      file: await recording(),
      model: 'whisper-1',
      language: 'en',
      response_format: 'verbose_json',
      timestamp_granularities: ['word', 'segment'],
    });

    expect(result).toMatchObject({ language: 'english', duration: 1.5, text: 'First point. Second point.' });
    expect(result.segments).toHaveLength(2);
    expect(result.segments![0]!.avg_logprob).toBeCloseTo(Math.log(0.5), 3);
    expect(result.segments![0]!.no_speech_prob).toBeCloseTo(0.5, 3);
    expect(result.segments!.at(-1)!.end).toBe(1.5);
    expect(result.words?.map((w) => w.word)).toEqual(['First', 'point', 'Second', 'point']);
  });

  it('uses scripted language and duration as given', async () => {
    fake.enqueue('transcriptions', { kind: 'transcription', text: 'Kumusta.', language: 'tagalog', durationSeconds: 4.2 });
    const result = await client.audio.transcriptions.create({ file: await recording(), model: 'whisper-1', response_format: 'verbose_json' });
    expect(result).toMatchObject({ language: 'tagalog', duration: 4.2 });
  });

  it('returns token logprobs when gpt-4o-transcribe asks include[]=logprobs', async () => {
    fake.enqueue('transcriptions', { kind: 'transcription', text: 'Dependency injection.', confidence: 0.9 });
    const result = await client.audio.transcriptions.create({
      file: await recording(),
      model: 'gpt-4o-transcribe',
      response_format: 'json',
      include: ['logprobs'],
    });

    expect(fake.requests[0]?.form?.fields['include[]']).toBe('logprobs');
    expect(result.logprobs?.map((l) => l.token).join('')).toBe('Dependency injection.');
    expect(result.logprobs?.[0]?.logprob).toBeCloseTo(Math.log(0.9), 3);
    expect(result.usage).toMatchObject({ type: 'tokens' });
  });

  it('answers response_format text as plain text', async () => {
    const result = await client.audio.transcriptions.create({ file: await recording(), model: 'whisper-1', response_format: 'text' });
    expect(result).toBe('This is a fake transcription.\n');
  });

  it('rejects a request without a file with OpenAI’s 400 error', async () => {
    const form = new FormData();
    form.set('model', 'whisper-1');
    const response = await fetch(`${fake.url}/audio/transcriptions`, { method: 'POST', headers: { authorization: 'Bearer sk-test' }, body: form });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { message: expect.stringContaining('file'), type: 'invalid_request_error', param: 'file', code: 'missing_required_parameter' },
    });
  });
});

describe('fake OpenAI: speech', () => {
  it('streams a valid 24 kHz mono 16-bit WAV of the scripted length, first bytes well before the last', async () => {
    fake.enqueue('speech', { kind: 'speech', durationMs: 1000, latency: { firstByteMs: 20, bytesPerSecond: 120_000 } });
    const started = performance.now();
    const response = await client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: 'Welcome to your interview.', response_format: 'wav' });

    expect(response.headers.get('content-type')).toBe('audio/wav');
    expect(response.headers.get('content-length')).toBeNull();
    const reader = response.body!.getReader();
    const parts: Uint8Array[] = [];
    let firstBytesAt: number | undefined;
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      firstBytesAt ??= performance.now();
      parts.push(read.value);
    }
    const endedAt = performance.now();
    const wav = Buffer.concat(parts);

    expect(firstBytesAt! - started).toBeGreaterThanOrEqual(15);
    expect(endedAt - firstBytesAt!).toBeGreaterThan(250); // 48 kB at 120 kB/s: ~400 ms
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    // Streamed as the real service streams it: the sizes are not known up front.
    expect(wav.readUInt32LE(4)).toBe(0xffffffff);
    expect(wav.readUInt32LE(40)).toBe(0xffffffff);
    expect(readWavInfo(wav)).toEqual({ audioFormat: 1, channels: 1, sampleRate: 24_000, bitsPerSample: 16, dataBytes: 48_000, durationSeconds: 1 });
    // Not silence: the peak sample is clearly above zero.
    let peak = 0;
    for (let i = 44; i < wav.length; i += 2) peak = Math.max(peak, Math.abs(wav.readInt16LE(i)));
    expect(peak).toBeGreaterThan(1000);

    expect(fake.requests[0]).toMatchObject({ endpoint: 'speech', json: { model: 'gpt-4o-mini-tts', voice: 'alloy', input: 'Welcome to your interview.' } });
  });

  it('sizes unscripted speech at ~60 ms per character', async () => {
    const input = 'Tell me about yourself.'; // 23 characters
    const response = await client.audio.speech.create({ model: 'tts-1', voice: 'nova', input, response_format: 'wav' });
    const info = readWavInfo(new Uint8Array(await response.arrayBuffer()));
    expect(info?.durationSeconds).toBeCloseTo(23 * 0.06, 3);
  });

  it('caps unscripted speech at 30 s', async () => {
    const response = await client.audio.speech.create({ model: 'tts-1', voice: 'nova', input: 'x'.repeat(4096), response_format: 'wav' });
    expect(readWavInfo(new Uint8Array(await response.arrayBuffer()))?.durationSeconds).toBe(30);
  });
});
