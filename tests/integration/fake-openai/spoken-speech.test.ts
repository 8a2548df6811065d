import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readWavInfo, startFakeOpenAi, type FakeOpenAi } from '../../fixtures/fake-openai';
import { spokenReply } from '../../fixtures/fake-openai/speech';

let fake: FakeOpenAi;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAi();
  client = new OpenAI({ baseURL: fake.url, apiKey: 'sk-test-spoken', maxRetries: 0 });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

/** 0.5 s of a rising sweep at 24 kHz: samples no tone of the fake's would match, so the test sees whose audio came back. */
function sweepPcm(): Buffer {
  const samples = 12_000;
  const pcm = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) pcm.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * (200 + i / 10) * i) / 24_000)), i * 2);
  return pcm;
}

async function bytesOf(response: Response): Promise<Buffer> {
  return Buffer.from(await response.arrayBuffer());
}

describe('fake OpenAI: speech with given samples (spokenReply)', () => {
  it('sends the given samples behind a streamed WAV header, sized as unknown like the real stream', async () => {
    const pcm = sweepPcm();
    fake.enqueue('speech', spokenReply(pcm));
    const wav = await bytesOf(await client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: 'Tell me about hooks.', response_format: 'wav' }));

    expect(readWavInfo(wav)).toEqual({ audioFormat: 1, channels: 1, sampleRate: 24_000, bitsPerSample: 16, dataBytes: pcm.length, durationSeconds: 0.5 });
    expect(wav.readUInt32LE(4)).toBe(0xffffffff);
    expect(wav.readUInt32LE(40)).toBe(0xffffffff);
    expect(wav.subarray(44).equals(pcm)).toBe(true);
  });

  it('writes the true sizes when asked, and sends the bare samples for response_format pcm', async () => {
    const pcm = sweepPcm();
    fake.enqueue('speech', spokenReply(pcm, { wavSizes: 'exact' }), spokenReply(pcm));
    const wav = await bytesOf(await client.audio.speech.create({ model: 'tts-1', voice: 'nova', input: 'One.', response_format: 'wav' }));
    const raw = await bytesOf(await client.audio.speech.create({ model: 'tts-1', voice: 'nova', input: 'Two.', response_format: 'pcm' }));

    expect(wav.readUInt32LE(4)).toBe(36 + pcm.length);
    expect(wav.readUInt32LE(40)).toBe(pcm.length);
    expect(wav.subarray(44).equals(pcm)).toBe(true);
    expect(raw.equals(pcm)).toBe(true);
  });

  it('is paced and chunked like any speech reply: the first bytes wait for firstByteMs', async () => {
    fake.enqueue('speech', spokenReply(sweepPcm(), { latency: { firstByteMs: 150 } }));
    const started = performance.now();
    const response = await client.audio.speech.create({ model: 'tts-1', voice: 'nova', input: 'Three.', response_format: 'pcm' });
    await bytesOf(response);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('still obeys the API: an input over 4096 characters is refused before any audio is sent', async () => {
    fake.enqueue('speech', spokenReply(sweepPcm()));
    await expect(client.audio.speech.create({ model: 'tts-1', voice: 'nova', input: 'x'.repeat(4097), response_format: 'wav' })).rejects.toMatchObject({ status: 400 });
    expect(fake.requests[0]?.refused).toBeDefined();
  });

  it('refuses samples that cannot be 16-bit PCM, saying what to pass', () => {
    expect(() => spokenReply(new Uint8Array(3))).toThrow(/even number of bytes.*24 kHz mono 16-bit WAV without its header/);
  });
});
