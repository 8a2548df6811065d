import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BankAudio, type BankAudioTimings } from '../../../../src-main/interview/bank-audio/bank-audio';
import { bankSpeech, bankSpeechParts } from '../../../../src-main/interview/bank-audio/bank-speech-parts';
import { bankQuestionTexts } from '../../../../src-main/interview/bank-audio/bank-texts';
import { InterviewResources } from '../../../../src-main/resources/interview-resources';
import { SpeechRelay, type AudioEvent } from '../../../../src-main/interview/speech-relay';
import { createLogger } from '../../../../src-main/logging/logger';
import { TtsCache } from '../../../../src-main/providers/ai/tts-cache';
import type { SpeechAudio, SpeechRequest, TextToSpeech } from '../../../../src-main/providers/ai/types';
import type { RecordedRequest } from '../../../fixtures/fake-openai/index';
import { resourcesDir } from '../../../support/test-app';
import { createAiHarness, useFakeOpenAi, type AiHarness } from '../../providers/support';
import { cacheFiles as filesIn, FAST_BANK_AUDIO, until, untilState } from './support';

/*
 * The question bank's audio, prepared ahead of time (issue 19, point 2): the
 * real bank files (360 questions), the app's real text-to-speech over HTTP
 * to the fake OpenAI server, and its speech cache in a temp data folder.
 * Waits are milliseconds here; the product's are minutes.
 */

const texts = bankQuestionTexts(new InterviewResources(resourcesDir));
const speech = bankSpeech(texts);

const fake = useFakeOpenAi();
let h: AiHarness;
const running: BankAudio[] = [];
let logLines: string[];

beforeEach(() => {
  h = createAiHarness(fake.server);
  logLines = [];
  // Short audio: the bytes do not matter here, the files and requests do.
  fake.server.setResponder('speech', () => ({ kind: 'speech', durationMs: 40 }));
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((bank) => bank.stop()));
  h.close();
});

const cacheDir = () => join(h.dataDir, 'tts-cache');
const cacheFiles = () => filesIn(h.dataDir);
const speechRequests = () => fake.server.requests.filter((request) => request.endpoint === 'speech');
const inputOf = (request: RecordedRequest) => request.json?.input as string;

/** The app's own text-to-speech, counting how many syntheses are under way at once (a stream is under way until read to its end). */
function countingTts(tts: TextToSpeech): TextToSpeech & { maxAtOnce: number } {
  let now = 0;
  const counted = {
    maxAtOnce: 0,
    async synthesize(request: SpeechRequest): Promise<SpeechAudio> {
      counted.maxAtOnce = Math.max(counted.maxAtOnce, ++now);
      try {
        const audio = await tts.synthesize(request);
        return {
          ...audio,
          chunks: (async function* () {
            try {
              yield* audio.chunks;
            } finally {
              now--;
            }
          })(),
        };
      } catch (error) {
        now--;
        throw error;
      }
    },
  };
  return counted;
}

function voice() {
  const { ttsModel, ttsVoice, ttsResponseFormat } = h.settings.get().provider;
  return { model: ttsModel, voice: ttsVoice, format: ttsResponseFormat };
}

interface StartOptions {
  tts?: TextToSpeech;
  busy?: () => boolean;
  cache?: TtsCache;
  timings?: Partial<BankAudioTimings>;
  /** Some of the bank, where the whole of it would only make the test slower. */
  questions?: readonly string[];
}

function startBankAudio(options: StartOptions = {}): BankAudio {
  const bank = new BankAudio({
    tts: options.tts ?? h.ai.textToSpeech,
    cache: options.cache ?? new TtsCache(cacheDir()),
    voice,
    questions: () => options.questions ?? texts,
    enabled: () => h.settings.get().mode === 'kiosk',
    interviewInProgress: options.busy ?? (() => false),
    clock: h.clock,
    logger: createLogger({ level: 'info', sink: (line) => logLines.push(line) }),
    timings: { ...FAST_BANK_AUDIO, ...options.timings },
  });
  running.push(bank);
  bank.start();
  return bank;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Questions all of whose parts were requested, counted the way progress counts them. */
function questionsCovered(inputs: Iterable<string>): number {
  const have = new Set(inputs);
  return speech.questions.filter((parts) => parts.every((part) => have.has(part))).length;
}

describe('the question bank’s audio', () => {
  it('the bank is what the test says: 360 questions, spoken in more parts than questions, some parts shared', () => {
    expect(speech.questions).toHaveLength(360);
    expect(speech.parts.length).toBeGreaterThan(360);
    expect(speech.parts.length).toBeLessThan(speech.questions.flat().length);
  });

  it('fills the cache with every distinct part of every bank question, one request at a time, in the current voice, and says so', async () => {
    const tts = countingTts(h.ai.textToSpeech);
    const bank = startBankAudio({ tts });
    await untilState(bank, 'complete', 'the bank is complete');

    expect(cacheFiles()).toHaveLength(speech.parts.length);
    const requests = speechRequests();
    expect(requests).toHaveLength(speech.parts.length);
    expect(new Set(requests.map(inputOf))).toEqual(new Set(speech.parts));
    expect(new Set(requests.map((request) => `${request.json.model}|${request.json.voice}|${request.json.response_format}`))).toEqual(new Set(['tts-1|alloy|wav']));
    expect(tts.maxAtOnce).toBe(1);
    expect(await bank.progress()).toEqual({
      state: 'complete',
      questionsReady: 360,
      questions: 360,
      partsReady: speech.parts.length,
      parts: speech.parts.length,
      problem: null,
      nextTryAt: null,
    });
    // The kiosk reports completion in its log, once.
    expect(logLines.filter((line) => line.includes('question bank audio complete'))).toHaveLength(1);
    // Each file is exactly the request the interview makes for that part: the cache answers it, without the network.
    const cache = new TtsCache(cacheDir());
    for (const part of speech.parts) expect(await cache.has({ ...voice(), text: part })).toBe(true);
  });

  it('counts progress while it runs, and carries on after a restart without synthesising again what is there', async () => {
    // The first run is cut off by a restart once 150 parts are in (the service stops answering after those).
    let served = 0;
    fake.server.setResponder('speech', () => (++served > 150 ? { kind: 'fault', fault: 'hang' } : { kind: 'speech', durationMs: 40 }));
    const first = startBankAudio();
    await until(() => cacheFiles().length === 150, '150 parts are in');
    await first.stop();
    expect(cacheFiles()).toHaveLength(150);

    const before = speechRequests().slice(0, 150).map(inputOf);
    const progress = await first.progress();
    expect(progress).toMatchObject({ partsReady: 150, parts: speech.parts.length, questions: 360, questionsReady: questionsCovered(before) });
    expect(progress.questionsReady).toBeGreaterThan(50);
    expect(progress.questionsReady).toBeLessThan(150);

    // The app starts again: a new cache and preparer over the same folder.
    fake.server.setResponder('speech', () => ({ kind: 'speech', durationMs: 40 }));
    const requestsBefore = speechRequests().length;
    const second = startBankAudio();
    await untilState(second, 'complete', 'the bank is complete');
    const after = speechRequests().slice(requestsBefore).map(inputOf);
    expect(after).toHaveLength(speech.parts.length - 150);
    expect(after.filter((input) => before.includes(input))).toEqual([]);
    expect(cacheFiles()).toHaveLength(speech.parts.length);
  });

  it('pauses the moment an interview starts, abandoning the request under way, and resumes once it is over', async () => {
    let interview = false;
    let served = 0;
    fake.server.setResponder('speech', () => {
      // The interview starts as the 40th part is asked for; its reply is slow, so it is still under way.
      if (++served === 40) {
        interview = true;
        return { kind: 'speech', durationMs: 2000, latency: { bytesPerSecond: 4000 } };
      }
      return { kind: 'speech', durationMs: 40 };
    });
    const some = bankSpeech(texts.slice(0, 60));
    const bank = startBankAudio({ busy: () => interview, questions: texts.slice(0, 60) });
    await untilState(bank, 'paused', 'it pauses');
    await pause(200);
    expect(speechRequests()).toHaveLength(40);
    // The abandoned synthesis left no file, half-written or whole.
    expect(cacheFiles()).toHaveLength(39);
    expect(readdirSync(cacheDir()).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect((await bank.progress()).partsReady).toBe(39);

    interview = false;
    await untilState(bank, 'complete', 'the bank is complete');
    expect(speechRequests()).toHaveLength(some.parts.length + 1);
    expect(cacheFiles()).toHaveLength(some.parts.length);
  });

  it('makes no request while an interview is in progress, from the start', async () => {
    let interview = true;
    const bank = startBankAudio({ busy: () => interview, questions: texts.slice(0, 10) });
    await untilState(bank, 'paused', 'it pauses');
    await pause(100);
    expect(speechRequests()).toHaveLength(0);
    interview = false;
    await untilState(bank, 'complete', 'the bank is complete');
    expect(speechRequests()).toHaveLength(bankSpeech(texts.slice(0, 10)).parts.length);
  });

  it('stops at the first failure (a 500, after the provider layer’s own retries), waits, then tries again and finishes', async () => {
    // Part of the bank, so the test stays well inside its time on a loaded machine; the fault comes mid-way.
    const some = bankSpeech(texts.slice(0, 40));
    let served = 0;
    fake.server.setResponder('speech', () => (++served > 20 && served <= 24 ? { kind: 'fault', fault: 'server_error' } : { kind: 'speech', durationMs: 40 }));
    const bank = startBankAudio({ timings: { retryMs: 1500 }, questions: texts.slice(0, 40) });
    await untilState(bank, 'retrying', 'it waits after the failure');
    const progress = await bank.progress();
    expect(progress).toMatchObject({ state: 'retrying', partsReady: 20, problem: expect.stringMatching(/text-to-speech service failed on its side \(HTTP 500\)/), nextTryAt: expect.any(String) });
    expect(progress.problem).not.toContain('kiosk-test-key');
    // The failing request was tried four times in all (the provider layer's retries), then nothing more until the wait is over.
    expect(speechRequests()).toHaveLength(24);
    await pause(300);
    expect(speechRequests()).toHaveLength(24);

    await untilState(bank, 'complete', 'the bank is complete');
    expect(cacheFiles()).toHaveLength(some.parts.length);
    expect(speechRequests()).toHaveLength(some.parts.length + 4);
    expect(logLines.filter((line) => line.includes('question bank audio paused after a failure'))).toHaveLength(1);
  });

  it('with no API key stored, waits without a request, and says why', async () => {
    await h.secrets.delete('openai-api-key');
    const bank = startBankAudio();
    await untilState(bank, 'retrying', 'it waits');
    expect((await bank.progress()).problem).toMatch(/API key/);
    expect(speechRequests()).toHaveLength(0);
  });

  it('synthesises the bank again when the voice changes, and pins the new voice’s files instead of the old', async () => {
    const cache = new TtsCache(cacheDir(), { maxBytes: 1 });
    const some = bankSpeech(texts.slice(0, 40));
    const bank = startBankAudio({ cache, questions: texts.slice(0, 40) });
    await untilState(bank, 'complete', 'the bank is complete in alloy');
    // Every file is over a one-byte limit, yet pinned: none was evicted.
    await cache.evictInBackground();
    expect(cacheFiles()).toHaveLength(some.parts.length);

    h.settings.update({ provider: { ttsVoice: 'nova' } });
    bank.settingsChanged();
    await until(async () => (await bank.progress()).state === 'complete' && speechRequests().length === 2 * some.parts.length, 'the bank is complete in nova');
    expect(cacheFiles()).toHaveLength(2 * some.parts.length);
    expect(speechRequests().slice(some.parts.length).every((request) => request.json.voice === 'nova')).toBe(true);
    // The old voice's files were no longer pinned: over the limit, they went, and only the new voice's stay.
    await cache.evictInBackground();
    expect(cacheFiles()).toHaveLength(some.parts.length);
    for (const part of some.parts) expect(await cache.has({ ...voice(), text: part })).toBe(true);
  });
});

describe('speaking a bank question from the cache', () => {
  it('needs no network: every part is a cache hit, even with the speech circuit breaker open and no key', async () => {
    const question = texts[123]!;
    const bank = startBankAudio({ questions: [question] });
    await untilState(bank, 'complete', 'the question is ready');
    await bank.stop();
    expect(cacheFiles()).toHaveLength(bankSpeechParts(question).length);

    // Open the speech breaker: five failed attempts in a row (the first call and its three retries, then one more call).
    fake.server.setResponder('speech', () => ({ kind: 'fault', fault: 'server_error' }));
    await h.ai.textToSpeech.synthesize({ text: 'Not in the bank, one.' }).catch(() => undefined);
    await h.ai.textToSpeech.synthesize({ text: 'Not in the bank, two.' }).catch(() => undefined);
    await expect(h.ai.textToSpeech.synthesize({ text: 'Not in the bank, three.' })).rejects.toMatchObject({ kind: 'circuit_open' });
    await h.secrets.delete('openai-api-key');
    const requestsBefore = speechRequests().length;

    const events: AudioEvent[] = [];
    const relay = new SpeechRelay({ tts: h.ai.textToSpeech, emit: (_window, payload) => events.push(payload), logger: createLogger({ level: 'error', sink: () => {} }) });
    const spoken = await relay.speak({ windowId: 'kiosk-1', streamId: 'bank-question' }, bankSpeechParts(question));

    expect(spoken?.bytes).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ final: true });
    expect(events.some((event) => event.error)).toBe(false);
    expect(speechRequests()).toHaveLength(requestsBefore);
  });
});
