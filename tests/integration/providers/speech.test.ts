import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_TRANSCRIPTION_BYTES } from '../../../src-main/providers/ai/openai-speech-to-text';
import { TtsCache } from '../../../src-main/providers/ai/tts-cache';
import { readWavInfo, synthesizeWav } from '../../fixtures/fake-openai/index';
import { collect, createAiHarness, providerError, useFakeOpenAi, type AiHarness } from './support';

const fake = useFakeOpenAi();
let h: AiHarness;
beforeEach(() => {
  h = createAiHarness(fake.server);
});
afterEach(() => h.close());

const cacheDir = () => join(h.dataDir, 'tts-cache');
const cacheFiles = () => (existsSync(cacheDir()) ? readdirSync(cacheDir()) : []);

describe('speech-to-text', () => {
  it('whisper-1: sends the file and language, asks for verbose_json, returns text, timing and confidence', async () => {
    fake.server.enqueue('transcriptions', { kind: 'transcription', text: 'I would use a memo here. It avoids re-renders.', confidence: 0.8 });
    const audio = synthesizeWav(2500);
    const result = await h.ai.speechToText.transcribe({ audio, mediaType: 'audio/wav', language: 'en' });

    expect(result).toMatchObject({ text: 'I would use a memo here. It avoids re-renders.', model: 'whisper-1', language: 'english', durationSeconds: 2.5 });
    expect(result.confidence).toBeCloseTo(0.8, 3);
    expect(result.processingMs).toBeGreaterThanOrEqual(0);
    const form = fake.server.requests[0]!.form!;
    expect(form.fields).toMatchObject({ model: 'whisper-1', language: 'en', response_format: 'verbose_json' });
    expect(form.file).toEqual({ name: 'answer.wav', type: 'audio/wav', size: audio.length });
  });

  it('gpt-4o-transcribe: asks for json with token logprobs and derives confidence from them', async () => {
    h.settings.update({ provider: { sttModel: 'gpt-4o-transcribe' } });
    fake.server.enqueue('transcriptions', { kind: 'transcription', text: 'Closures capture variables.', confidence: 0.9 });
    const result = await h.ai.speechToText.transcribe({ audio: synthesizeWav(1000), mediaType: 'audio/wav' });

    expect(result).toMatchObject({ text: 'Closures capture variables.', model: 'gpt-4o-transcribe', language: null, durationSeconds: 1 });
    expect(result.confidence).toBeCloseTo(0.9, 3);
    expect(fake.server.requests[0]!.form!.fields).toMatchObject({ model: 'gpt-4o-transcribe', response_format: 'json', 'include[]': 'logprobs' });
  });

  it.each([
    ['audio/webm', 'answer.webm'],
    ['audio/ogg', 'answer.ogg'],
    ['audio/mpeg', 'answer.mp3'],
  ] as const)('sends %s as %s', async (mediaType, name) => {
    await h.ai.speechToText.transcribe({ audio: new Uint8Array(2048).fill(1), mediaType });
    expect(fake.server.requests[0]!.form!.file).toEqual({ name, type: mediaType, size: 2048 });
  });

  it('refuses a file over 25 MB before sending anything', async () => {
    // Sending 25 MiB takes seconds on a busy CI machine: past the harness's 2 s timeout the SDK would try again.
    h.close();
    h = createAiHarness(fake.server, { aiResilience: { timeoutsMs: { chat: 2000, transcription: 30_000, speech: 2000 } } });
    const error = await providerError(h.ai.speechToText.transcribe({ audio: new Uint8Array(MAX_TRANSCRIPTION_BYTES + 1), mediaType: 'audio/wav' }));
    expect(error).toMatchObject({ kind: 'too_large', retryable: false, endpoint: 'transcription' });
    expect(error.message).toMatch(/25\.0 MB/);
    expect(fake.server.requests).toHaveLength(0);
    // Exactly 25 MiB is allowed.
    await h.ai.speechToText.transcribe({ audio: new Uint8Array(MAX_TRANSCRIPTION_BYTES), mediaType: 'audio/webm' });
    expect(fake.server.requests).toHaveLength(1);
  });
});

describe('text-to-speech', () => {
  it('streams: the first audio bytes arrive long before the last are produced', async () => {
    // 1 s of audio (48 kB) paced at 96 kB/s: about half a second to produce.
    fake.server.enqueue('speech', { kind: 'speech', durationMs: 1000, latency: { bytesPerSecond: 96_000 } });
    const started = performance.now();
    const audio = await h.ai.textToSpeech.synthesize({ text: 'Welcome to your interview.' });
    expect(audio).toMatchObject({ mediaType: 'audio/wav', cached: false });
    const arrivals: number[] = [];
    const parts: Uint8Array[] = [];
    for await (const chunk of audio.chunks) {
      arrivals.push(performance.now() - started);
      parts.push(chunk);
    }
    expect(arrivals[0]!).toBeLessThan(arrivals.at(-1)! - 250);
    const wav = Buffer.concat(parts);
    expect(readWavInfo(wav)).toMatchObject({ sampleRate: 24_000, channels: 1, bitsPerSample: 16, dataBytes: 48_000 });
    expect(fake.server.requests[0]!.json).toEqual({ model: 'tts-1', voice: 'alloy', input: 'Welcome to your interview.', response_format: 'wav' });
  });

  it('caches by model, voice and text, and serves a repeat from disk without calling the provider', async () => {
    const first = await collect((await h.ai.textToSpeech.synthesize({ text: 'Tell me about closures.' })).chunks);
    expect(cacheFiles()).toEqual([`${TtsCache.key('tts-1', 'alloy', 'Tell me about closures.')}.wav`]);
    // The cached file has exact sizes, unlike the streamed header.
    const onDisk = readFileSync(join(cacheDir(), cacheFiles()[0]!));
    expect(onDisk.readUInt32LE(40)).toBe(onDisk.length - 44);
    expect(onDisk.subarray(44).equals(first.subarray(44))).toBe(true);

    const again = await h.ai.textToSpeech.synthesize({ text: 'Tell me about closures.' });
    expect(again.cached).toBe(true);
    expect((await collect(again.chunks)).equals(onDisk)).toBe(true);
    expect(fake.server.requests).toHaveLength(1);

    h.settings.update({ provider: { ttsVoice: 'nova' } });
    expect((await h.ai.textToSpeech.synthesize({ text: 'Tell me about closures.' })).cached).toBe(false);
    expect(fake.server.requests).toHaveLength(2);
  });

  it('splits input over 4,096 characters at sentences and joins the parts into one WAV', async () => {
    const sentence = 'This sentence is part of a very long introduction to the interview. ';
    const text = sentence.repeat(130).trim(); // ~8,900 characters
    fake.server.setResponder('speech', () => ({ kind: 'speech', durationMs: 200 }));
    const wav = await collect((await h.ai.textToSpeech.synthesize({ text })).chunks);

    expect(fake.server.requests).toHaveLength(3);
    const inputs = fake.server.requests.map((r) => r.json.input as string);
    for (const input of inputs) {
      expect(input.length).toBeLessThanOrEqual(4096);
      expect(input.endsWith('interview.')).toBe(true);
    }
    expect(inputs.join(' ')).toBe(text);
    // One header, then 3 × 200 ms of PCM (9,600 bytes each); no stray headers in between.
    expect(wav.length).toBe(44 + 3 * 9600);
    expect(wav.indexOf('RIFF', 4)).toBe(-1);
    expect(readWavInfo(readFileSync(join(cacheDir(), cacheFiles()[0]!)))).toMatchObject({ dataBytes: 3 * 9600, durationSeconds: 0.6 });
  });

  it('a listener that stops early leaves no file behind, and the next request synthesises afresh', async () => {
    fake.server.enqueue('speech', { kind: 'speech', durationMs: 3000, latency: { bytesPerSecond: 200_000 } });
    const audio = await h.ai.textToSpeech.synthesize({ text: 'Stop me.' });
    for await (const _ of audio.chunks) break;
    expect(cacheFiles()).toEqual([]);
    expect((await h.ai.textToSpeech.synthesize({ text: 'Stop me.' })).cached).toBe(false);
  });

  it('a connection dropped mid-stream fails the iteration with a network error and caches nothing', async () => {
    fake.server.enqueue('speech', { kind: 'fault', fault: 'drop_connection' });
    fake.server.setResponder('speech', () => ({ kind: 'speech', durationMs: 2000 }));
    const audio = await h.ai.textToSpeech.synthesize({ text: 'Dropped halfway through this sentence.' });
    const error = await providerError(collect(audio.chunks));
    expect(error).toMatchObject({ kind: 'network', endpoint: 'speech' });
    expect(cacheFiles()).toEqual([]);
  });

  it('refuses empty text', async () => {
    expect((await providerError(h.ai.textToSpeech.synthesize({ text: '  ' }))).kind).toBe('bad_request');
    expect(fake.server.requests).toHaveLength(0);
  });
});
