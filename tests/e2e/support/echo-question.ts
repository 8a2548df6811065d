import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { readPcmWav } from '../../../src-main/interview/wav-audio';
import type { CorpusItem } from '../../fixtures/audio/conversation-corpus';
import type { CorpusTranscriber } from '../../fixtures/audio/corpus-transcriber';
import { makeSpeechWav, run, SPEECH_CACHE_DIR } from '../../fixtures/audio/make-speech-wav';
import { speechSampleRate } from '../../fixtures/fake-openai';
import './scripted-microphone';

/**
 * The interviewer's voice for the echo tests: every question is spoken as
 * this one sentence of real speech (the fake's default tone is ignored by
 * the voice detector, so its echo would prove nothing). Its words appear in
 * no answer of the conversation corpus, so a stored answer holding them
 * holds the question's echo.
 */
export const SPOKEN_QUESTION = 'Please describe how sibling components share their data.';
/** Words of SPOKEN_QUESTION no corpus answer says. */
export const QUESTION_ONLY_WORDS = ['describe', 'sibling'];

/** SPOKEN_QUESTION as the speech endpoint sends it: 16-bit mono PCM at 24 kHz, no header. */
export function spokenQuestionPcm(): Buffer {
  const source = makeSpeechWav({ text: SPOKEN_QUESTION, trimSilence: true, silenceBeforeSeconds: 0.05, silenceAfterSeconds: 0.05 });
  const file = join(SPEECH_CACHE_DIR, `echo-question-24k-${source.replace(/^.*speech-|\.wav$/g, '')}.wav`);
  if (!existsSync(file)) {
    mkdirSync(SPEECH_CACHE_DIR, { recursive: true });
    const partial = `${file}.${process.pid}.partial.wav`;
    try {
      run('sox', [source, '-r', String(speechSampleRate), '-c', '1', '-b', '16', partial]);
      // Renamed into place only when complete: parallel test files never read half a file.
      renameSync(partial, file);
    } finally {
      rmSync(partial, { force: true });
    }
  }
  return Buffer.from(readPcmWav(readFileSync(file)).pcm);
}

/**
 * Tells the transcriber what the microphone hears of the question: its
 * words, spread evenly over each spoken sentence, at the page time they
 * come back (when the app plays them, plus the echo's delay), so a segment
 * that took in the echo is transcribed with the question's words, as a real
 * service would. Only what has begun to sound is told, and nothing after a
 * question was stopped, so the candidate speaking over a question that then
 * stops does not inherit words never played.
 */
export class QuestionEcho {
  private timer: ReturnType<typeof setInterval> | null = null;
  private told = new Set<string>();
  private since = Number.POSITIVE_INFINITY;
  private readonly words = SPOKEN_QUESTION.split(' ');

  constructor(
    private readonly page: Page,
    private readonly transcriber: CorpusTranscriber,
    private readonly sentenceMs: number,
    private readonly delayMs: number,
  ) {}

  /** From now on; what played before (the equipment check, the microphone's own noise floor) is not the question. */
  async start(): Promise<void> {
    this.since = await this.page.evaluate(() => performance.now());
    // Every 30 ms: a word is told before the detector could have closed a segment holding it.
    this.timer = setInterval(() => void this.poll().catch(() => undefined), 30);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async poll(): Promise<void> {
    const { now, played, volume } = await this.page.evaluate(() => ({
      now: performance.now(),
      played: window.__scriptedMic?.played() ?? [],
      volume: window.__scriptedMic?.volumeChanges() ?? [],
    }));
    // A word the app played muted never reached the speakers, so it cannot come back through the microphone.
    const audible = (at: number) => volume.filter((change) => change.at <= at).at(-1)?.audible ?? true;
    // A stream is buffers played back to back; it says the sentence again every sentenceMs (one speech request per sentence).
    const wordMs = this.sentenceMs / this.words.length;
    let streamStart = 0;
    let previousEnd = Number.NEGATIVE_INFINITY;
    for (const buffer of played.filter((entry) => entry.at >= this.since)) {
      if (Math.abs(buffer.at - previousEnd) > 5) streamStart = buffer.at;
      previousEnd = buffer.at + buffer.durationMs;
      const until = Math.min(now, buffer.stoppedAt ?? Number.POSITIVE_INFINITY, buffer.at + buffer.durationMs);
      // Words are numbered along the stream, so a word is told once, by the buffer in which it starts.
      for (let word = Math.ceil((buffer.at - streamStart) / wordMs - 1e-6); streamStart + word * wordMs < until; word++) {
        const key = `${streamStart}:${word}`;
        if (this.told.has(key)) continue;
        this.told.add(key);
        if (!audible(streamStart + word * wordMs)) continue;
        this.transcriber.played(echoWord(this.words[word % this.words.length]!, wordMs), streamStart + word * wordMs + this.delayMs);
      }
    }
  }
}

/** One word of the question's echo, shaped as the transcriber takes what was said. */
function echoWord(word: string, ms: number): CorpusItem {
  return {
    id: 'question-echo',
    category: 'complete-short',
    nominalSeconds: ms / 1000,
    voice: 'en-us',
    wordsPerMinute: 0,
    snrDb: null,
    wavFile: '',
    durationMs: ms,
    phrases: [{ said: word, transcript: word, kind: 'words', startMs: 0, endMs: ms }],
    finalSpeechEndMs: ms,
  };
}
