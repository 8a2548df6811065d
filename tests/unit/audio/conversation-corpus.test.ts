import { statSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  buildConversationCorpus,
  corpusCategories,
  CORPUS_SAMPLE_RATE,
  readSamples,
  rmsBetween,
  type CorpusItem,
} from '../../fixtures/audio/conversation-corpus';
import { CorpusTranscriber } from '../../fixtures/audio/corpus-transcriber';
import type { FakeRealtime, RecordedRequest } from '../../fixtures/fake-openai/index';

/**
 * The benchmark trusts each answer's timeline to the millisecond, so these
 * check the timeline against the samples themselves. The whole corpus is
 * built once (a few seconds the first time, then cached).
 */
let corpus: CorpusItem[] = [];
const samples = new Map<string, Float32Array>();

beforeAll(() => {
  corpus = buildConversationCorpus();
  for (const item of corpus) samples.set(item.id, readSamples(item.wavFile));
}, 120_000);

const dbfs = (rms: number) => 20 * Math.log10(Math.max(rms, 1e-9));

describe('the conversation corpus', () => {
  it('covers every category the benchmark reports, with several voices and rates', () => {
    expect(new Set(corpus.map((item) => item.category))).toEqual(new Set(corpusCategories));
    expect(new Set(corpus.map((item) => item.voice)).size).toBeGreaterThanOrEqual(3);
    const rates = corpus.map((item) => item.wordsPerMinute);
    expect(Math.min(...rates)).toBeGreaterThanOrEqual(140);
    expect(Math.max(...rates)).toBeLessThanOrEqual(190);
    expect(new Set(rates).size).toBeGreaterThanOrEqual(3);
    expect(corpus.filter((item) => item.category === 'noisy').map((item) => item.snrDb).sort()).toEqual([10, 20]);
  });

  it('has answers from about 3 s to about 90 s, the long ones of many sentences with gaps under half a second', () => {
    const speech = (item: CorpusItem) => item.finalSpeechEndMs - item.phrases[0]!.startMs;
    const complete = corpus.filter((item) => item.category.startsWith('complete'));
    expect(Math.min(...complete.map(speech))).toBeLessThan(3500);
    for (const long of corpus.filter((item) => item.category === 'complete-long')) {
      expect(speech(long)).toBeGreaterThan(80_000);
      expect(speech(long)).toBeLessThan(100_000);
      expect(long.phrases.length).toBeGreaterThan(10);
      const gaps = long.phrases.slice(1).map((phrase, i) => phrase.startMs - long.phrases[i]!.endMs);
      expect(Math.max(...gaps)).toBeLessThan(500);
      expect(Math.min(...gaps)).toBeGreaterThan(0);
    }
  });

  it('has timelines that fit the files: phrases in order, inside the file, the final speech end on the last spoken phrase', () => {
    for (const item of corpus) {
      const bytes = statSync(item.wavFile).size;
      // 16-bit mono: two bytes a sample behind a 44-byte header.
      expect((bytes - 44) / 2 / (CORPUS_SAMPLE_RATE / 1000), item.id).toBeCloseTo(item.durationMs, 0);
      let previousEnd = 0;
      for (const phrase of item.phrases) {
        expect(phrase.startMs, `${item.id}: ${phrase.said}`).toBeGreaterThanOrEqual(previousEnd);
        expect(phrase.endMs).toBeGreaterThan(phrase.startMs);
        previousEnd = phrase.endMs;
      }
      expect(previousEnd).toBeLessThan(item.durationMs);
      const spoken = item.phrases.filter((phrase) => phrase.kind !== 'noise');
      expect(item.finalSpeechEndMs, item.id).toBe(spoken.at(-1)!.endMs);
    }
  });

  it('puts sound where the timeline says there is speech, and true silence in the thinking pauses', () => {
    for (const item of corpus) {
      const wav = samples.get(item.id)!;
      for (const phrase of item.phrases) {
        expect(dbfs(rmsBetween(wav, phrase.startMs, phrase.endMs)), `${item.id}: "${phrase.said}" is audible`).toBeGreaterThan(-30);
      }
    }
    const paused = corpus.filter((item) => item.pause);
    expect(paused.map((item) => item.category).sort()).toEqual(['pause-1s', 'pause-1s', 'pause-2s', 'pause-2s', 'pause-3s', 'pause-3s', 'pause-4s', 'pause-4s']);
    for (const item of paused) {
      const { startMs, endMs, resumedWith } = item.pause!;
      const seconds = Number(/pause-(\d)s/.exec(item.category)![1]);
      expect(endMs - startMs).toBeCloseTo(seconds * 1000, 6);
      expect(rmsBetween(samples.get(item.id)!, startMs, endMs), `${item.id}: the pause is digital silence`).toBe(0);
      expect(item.phrases.at(-1)!.said).toBe(resumedWith);
    }
  });

  it('mixes noise at the stated speech-to-noise ratio, through the pauses and the tail', () => {
    for (const item of corpus.filter((entry) => entry.snrDb !== null)) {
      const wav = samples.get(item.id)!;
      const last = item.phrases.at(-1)!;
      const noise = rmsBetween(wav, last.endMs + 100, item.durationMs);
      const speechAndNoise = rmsBetween(wav, item.phrases[0]!.startMs, last.endMs);
      // Speech RMS, as mixed: the phrases' level with the noise's power taken out.
      const speech = Math.sqrt(Math.max(0, speechAndNoise ** 2 - noise ** 2));
      expect(dbfs(speech) - dbfs(noise), item.id).toBeGreaterThan(item.snrDb! - 2.5);
      expect(dbfs(speech) - dbfs(noise), item.id).toBeLessThan(item.snrDb! + 2.5);
      expect(item.durationMs - last.endMs).toBeGreaterThanOrEqual(3000);
    }
  });

  it('transcribes as Whisper would: fillers as said, a cough as nothing', () => {
    const byId = new Map(corpus.map((item) => [item.id, item]));
    expect(byId.get('filler-um')!.phrases.at(-1)).toMatchObject({ kind: 'filler', transcript: 'and so, um' });
    expect(byId.get('hmm-at-end')!.phrases.at(-1)).toMatchObject({ kind: 'filler', transcript: 'Hmm.' });
    const cough = byId.get('cough-at-end')!;
    expect(cough.phrases.at(-1)).toMatchObject({ kind: 'noise', transcript: '' });
    // The cough comes after the words, so the answer's speech ended before it.
    expect(cough.finalSpeechEndMs).toBeLessThan(cough.phrases.at(-1)!.startMs);
  });
});

/**
 * The transcriber the benchmark and e2e tests put behind the fake: it must
 * write what was said in the audio the app sent, or latencies and "stored
 * whole" would be measured against the wrong words. Times here are made up
 * (no audio is played), with the page clock equal to Node's.
 */
describe('the corpus transcriber', () => {
  const item = (phrases: [string, number, number][]): CorpusItem => ({
    id: 'made-up',
    category: 'pause-2s',
    nominalSeconds: 6,
    voice: 'en-us',
    wordsPerMinute: 165,
    snrDb: null,
    wavFile: '/nowhere.wav',
    durationMs: 8000,
    phrases: phrases.map(([said, startMs, endMs]) => ({ said, transcript: said, kind: 'words', startMs, endMs })),
    finalSpeechEndMs: phrases.at(-1)![2],
  });
  const upload = (seconds: number, receivedAt: number) =>
    ({ receivedAt, form: { fields: {}, file: { name: 'segment.wav', type: 'audio/wav', size: 44 + seconds * 32_000 } } }) as unknown as RecordedRequest;

  afterEach(() => vi.restoreAllMocks());

  it('writes for an upload the phrases that ended inside its audio, each once', () => {
    const transcriber = new CorpusTranscriber({ pacing: { uploadMs: () => 400 } });
    transcriber.played(item([['Before the pause.', 300, 1500], ['After it.', 3500, 4500]]), 10_000);
    expect(transcriber.respond(upload(1.4, 11_700))).toMatchObject({ text: 'Before the pause.' });
    // A 1.6 s segment arriving at 14.9 s: its audio began at 13.3 s, after "Before the pause." ended and was written.
    expect(transcriber.respond(upload(1.6, 14_900))).toEqual({ kind: 'transcription', text: 'After it.', latency: { firstByteMs: 400 } });
    // The same audio again (a resend) has no words left unwritten.
    expect(transcriber.respond(upload(1.6, 15_000))).toMatchObject({ text: '' });
  });

  it('leaves unwritten a phrase that ended long before the audio of any request', () => {
    const transcriber = new CorpusTranscriber();
    transcriber.played(item([['Never sent.', 300, 1500], ['Sent.', 6500, 7500]]), 10_000);
    // The app sent nothing for "Never sent." (ended at 11.5 s); the next upload's audio began at 16.1 s, more than the allowance after.
    expect(transcriber.respond(upload(1.6, 17_700))).toMatchObject({ text: 'Sent.' });
  });

  it('writes each phrase for the first upload after it ended, however late it arrived', () => {
    const transcriber = new CorpusTranscriber();
    transcriber.played(item([['Before the pause.', 300, 1500], ['After it.', 3500, 4500]]), 10_000);
    // The first segment's phrase ended at 11.5 s; its upload reached the fake 1.4 s late, so its 1.2 s reckoned back from the arrival begin after that.
    expect(transcriber.respond(upload(1.2, 12_900))).toMatchObject({ text: 'Before the pause.' });
    expect(transcriber.respond(upload(1.6, 14_900))).toMatchObject({ text: 'After it.' });
  });

  it('streams the words of the phrases ended so far and stops at the commit, each phrase in the segment it ended in', () => {
    let now = 10_300;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const events: { event: unknown; receivedAt: number }[] = [];
    const realtime = { sessions: [{ events }] } as unknown as FakeRealtime;
    const transcriber = new CorpusTranscriber({ pacing: { streamedMs: 150 }, realtime });
    // "Second half" starts before the first stream is committed and ends after: the segment was closed mid-sentence.
    transcriber.played(item([['Before the pause.', 300, 1500], ['Second half', 1800, 2600], ['After it.', 3500, 4500]]), 10_000);
    const live = (itemId: string) => ({ sessionIndex: 0, itemId, model: 'gpt-realtime-whisper', audioBytes: 4800, durationMs: 100 });

    const first = transcriber.respondLive(live('item_1'));
    expect(first.latency).toEqual({ firstByteMs: 150 });
    expect(first.text, 'nothing has ended yet').toBe('');
    now = 11_600;
    expect(first.text).toBe('Before the pause.');
    events.push({ event: { type: 'input_audio_buffer.commit' }, receivedAt: 12_000 });
    now = 12_050;
    const second = transcriber.respondLive(live('item_2'));
    now = 15_000;
    expect(first.text, 'committed before "Second half" ended').toBe('Before the pause.');
    expect(second.text).toBe('Second half After it.');
  });

  it('gives a stream whose first audio arrived late a sentence that was cut by the previous commit, and no earlier words', () => {
    let now = 10_300;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const events: { event: unknown; receivedAt: number }[] = [];
    const realtime = { sessions: [{ events }] } as unknown as FakeRealtime;
    const transcriber = new CorpusTranscriber({ realtime });
    transcriber.played(item([['Earlier.', -3000, -2000], ['To share it, I would reach for', 300, 2800], ['a context.', 4800, 6000]]), 10_000);
    const live = (itemId: string) => ({ sessionIndex: 0, itemId, model: 'gpt-realtime-whisper', audioBytes: 4800, durationMs: 100 });

    const first = transcriber.respondLive(live('item_1'));
    // The detector closes the segment at the comma; the sentence goes on.
    events.push({ event: { type: 'input_audio_buffer.commit' }, receivedAt: 11_300 });
    now = 11_400;
    expect(first.text).toBe('');
    // The machine is loaded: the next stream's first append reaches the fake 1.8 s after the sentence ended.
    now = 14_600;
    const second = transcriber.respondLive(live('item_2'));
    now = 16_500;
    events.push({ event: { type: 'input_audio_buffer.commit' }, receivedAt: 16_400 });
    expect(second.text).toBe('To share it, I would reach for a context.');
  });

  it('gives a late commit of a model that decodes after it a sentence the previous commit cut', () => {
    let now = 11_000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const transcriber = new CorpusTranscriber();
    // As a CI run had it: the detector closed a segment at the comma, the sentence ended 0.3 s later, and the next
    // commit (2.3 s of audio) reached the fake 4.3 s after that, its audio reckoned back to begin after the sentence ended.
    transcriber.played(item([['Before.', 0, 200], ['To share it, I would reach for', 300, 1300], ['a context.', 3500, 5000]]), 10_000);
    const committed = (seconds: number, itemId: string) => ({ sessionIndex: 0, itemId, model: 'gpt-4o-transcribe', audioBytes: seconds * 48_000, durationMs: seconds * 1000 });
    expect(transcriber.respondLive(committed(0.9, 'item_1')).text).toBe('Before.');
    now = 15_600;
    expect(transcriber.respondLive(committed(2.3, 'item_2')).text).toBe('To share it, I would reach for a context.');
  });

  it('leaves a model that decodes after the commit to the words that ended inside the committed audio', () => {
    let now = 11_700;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const transcriber = new CorpusTranscriber({ pacing: { committedMs: () => 400 } });
    transcriber.played(item([['Before the pause.', 300, 1500], ['After it.', 3500, 4500]]), 10_000);
    expect(transcriber.respondLive({ sessionIndex: 0, itemId: 'item_1', model: 'gpt-4o-transcribe', audioBytes: 67_200, durationMs: 1400 }).text).toBe('Before the pause.');
    now = 14_900;
    const reply = transcriber.respondLive({ sessionIndex: 0, itemId: 'item_2', model: 'gpt-4o-transcribe', audioBytes: 76_800, durationMs: 1600 });
    expect(reply).toEqual({ text: 'After it.', latency: { firstByteMs: 400 } });
  });
});
