import { describe, expect, it } from 'vitest';
import { EchoGuard, type EchoAssessment } from '../../../src-renderer/src/voice/echo-guard';
import { seededRandom, type SeededRandom } from '../../support/seeded-random';

/*
 * Signals are made at 48 kHz on one timeline and taken down to the rates the
 * kiosk uses: the question plays at 24 kHz, the microphone records at 16 kHz.
 */
const SOURCE_RATE = 48_000;
const QUESTION_AT_MS = 10_000;
const PLAY_MS = 4000;
const FRAME = 512;
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
const db = (value: number) => Math.pow(10, value / 20);

/** Speech-like: syllable-long bursts of voiced noise (a random pitch plus hiss), with pauses between words. */
function speechLike(random: SeededRandom, ms: number): Float32Array {
  const out = new Float32Array(Math.round((ms / 1000) * SOURCE_RATE));
  let at = Math.round(random.int(0, 150) * 48);
  let lowpassed = 0;
  while (at < out.length) {
    const length = random.int(80, 260) * 48;
    const amplitude = 0.2 + random.next() * 0.6;
    const pitch = 90 + random.next() * 160;
    const ramp = 15 * 48;
    for (let i = 0; i < length && at + i < out.length; i++) {
      const envelope = Math.min(1, i / ramp, (length - i) / ramp);
      lowpassed = 0.7 * lowpassed + 0.3 * (random.next() * 2 - 1);
      const voiced = Math.sin((2 * Math.PI * pitch * i) / SOURCE_RATE) + 0.5 * Math.sin((4 * Math.PI * pitch * i) / SOURCE_RATE);
      out[at + i] = amplitude * envelope * (0.6 * voiced + 0.8 * lowpassed);
    }
    at += length + random.int(random.chance(0.2) ? 250 : 40, random.chance(0.2) ? 500 : 200) * 48;
  }
  return out;
}

/** `signal` (48 kHz, starting at page time `startsAtMs`) as heard at `rate`, sample n at page time `fromMs` + n / rate. */
function resample(signal: Float32Array, startsAtMs: number, rate: number, fromMs: number, ms: number, gain = 1): Float32Array {
  const out = new Float32Array(Math.round((ms / 1000) * rate));
  for (let n = 0; n < out.length; n++) {
    const index = Math.round(((fromMs + (n * 1000) / rate - startsAtMs) / 1000) * SOURCE_RATE);
    out[n] = index >= 0 && index < signal.length ? gain * signal[index]! : 0;
  }
  return out;
}

function add(...signals: Float32Array[]): Float32Array {
  const out = new Float32Array(signals[0]!.length);
  for (const signal of signals) for (let i = 0; i < out.length; i++) out[i] = out[i]! + signal[i]!;
  return out;
}

function power(signal: Float32Array): number {
  return signal.reduce((sum, value) => sum + value * value, 0) / signal.length;
}

function whiteNoise(random: SeededRandom, length: number, rms: number): Float32Array {
  // Uniform noise of this RMS: its level, not its distribution, is what the guard sees.
  return Float32Array.from({ length }, () => (random.next() * 2 - 1) * rms * Math.sqrt(3));
}

/** Plays `question` from QUESTION_AT_MS in 100 ms chunks at 24 kHz, and feeds `mic` (16 kHz, from QUESTION_AT_MS) in 512-sample frames. */
function hear(guard: EchoGuard, question: Float32Array | null, mic: Float32Array): void {
  if (question) {
    const played = resample(question, QUESTION_AT_MS, 24_000, QUESTION_AT_MS, PLAY_MS);
    for (let at = 0; at < played.length; at += 2400) guard.reference(played.subarray(at, at + 2400), 24_000, QUESTION_AT_MS + (at / 24_000) * 1000);
  }
  for (let at = 0; at + FRAME <= mic.length; at += FRAME) guard.microphone(mic.subarray(at, at + FRAME), QUESTION_AT_MS + (at / 16_000) * 1000);
}

/** The microphone during the question: its echo `delayMs` late at `echoDb`, plus whatever else the room adds. */
function echoOf(question: Float32Array, delayMs: number, echoDb: number): Float32Array {
  return resample(question, QUESTION_AT_MS + delayMs, 16_000, QUESTION_AT_MS, PLAY_MS + 500, db(echoDb));
}

function judge(question: Float32Array | null, mic: Float32Array, fromMs = 500, toMs = 3500): EchoAssessment {
  const guard = new EchoGuard();
  hear(guard, question, mic);
  return guard.assess(QUESTION_AT_MS + fromMs, QUESTION_AT_MS + toMs);
}

describe('telling the question’s own echo from the candidate', () => {
  for (const seed of SEEDS) {
    describe(`speech-like signals from seed ${seed}`, () => {
      const random = seededRandom(seed);
      const question = speechLike(random, PLAY_MS);
      const candidate = speechLike(random, PLAY_MS + 500);
      const candidateAt = (gainDb: number) => resample(candidate, QUESTION_AT_MS, 16_000, QUESTION_AT_MS, PLAY_MS + 500, db(gainDb));

      it('takes the question delayed 80 ms and 12 dB down for echo', () => {
        const result = judge(question, echoOf(question, 80, -12));
        expect(result).toMatchObject({ echo: true, reason: 'echo' });
        expect(Math.abs(result.lagMs - 80)).toBeLessThanOrEqual(8);
      });

      it('takes echo under noise at 10 dB SNR for echo', () => {
        const echo = echoOf(question, 80, -12);
        const noisy = add(echo, whiteNoise(random, echo.length, Math.sqrt(power(echo) / 10)));
        expect(judge(question, noisy)).toMatchObject({ echo: true, reason: 'echo' });
      });

      it('takes a different voice for the candidate, even while the question plays', () => {
        expect(judge(question, candidateAt(-12))).toMatchObject({ echo: false });
      });

      it('takes the candidate speaking louder over the echo for the candidate (double talk)', () => {
        const result = judge(question, add(echoOf(question, 80, -12), candidateAt(-3)));
        expect(result.echo).toBe(false);
        expect(['uncorrelated', 'double-talk']).toContain(result.reason);
      });
    });
  }

  it('finds the echo anywhere in its 0-300 ms latency window', () => {
    const question = speechLike(seededRandom(11), PLAY_MS);
    const result = judge(question, echoOf(question, 250, -20));
    expect(result.echo).toBe(true);
    expect(Math.abs(result.lagMs - 250)).toBeLessThanOrEqual(8);
  });

  it('catches a candidate speaking briefly over the echo by the energy the echo path cannot explain', () => {
    const random = seededRandom(21);
    const question = speechLike(random, PLAY_MS);
    // A 600 ms phrase as loud as the echo, inside a 3 s stretch: the envelopes still correlate, the energy does not fit.
    const words = resample(speechLike(random, 600), QUESTION_AT_MS + 2000, 16_000, QUESTION_AT_MS, PLAY_MS + 500, db(-12));
    const result = judge(question, add(echoOf(question, 80, -12), words));
    expect(result.correlation).toBeGreaterThan(0.8);
    expect(result).toMatchObject({ echo: false, reason: 'double-talk' });
    expect(result.nearEndMs).toBeGreaterThanOrEqual(80);
  });

  it('does not take the echo’s own loud and quiet moments for the candidate', () => {
    for (const seed of SEEDS) {
      const random = seededRandom(seed);
      const question = speechLike(random, PLAY_MS);
      const echo = echoOf(question, 80, -12);
      // Quieter noise than the 10 dB case: the room's floor is then far below the echo's peaks.
      const result = judge(question, add(echo, whiteNoise(random, echo.length, Math.sqrt(power(echo) / 1000))));
      expect(result).toMatchObject({ echo: true, nearEndMs: 0 });
    }
  });

  it('hears nothing in silence', () => {
    const question = speechLike(seededRandom(13), PLAY_MS);
    expect(judge(question, new Float32Array(((PLAY_MS + 500) / 1000) * 16_000))).toMatchObject({ echo: false, reason: 'silence' });
  });

  it('calls nothing echo when nothing was played', () => {
    const speech = resample(speechLike(seededRandom(14), PLAY_MS), QUESTION_AT_MS, 16_000, QUESTION_AT_MS, PLAY_MS + 500);
    expect(judge(null, speech)).toMatchObject({ echo: false, reason: 'no-reference' });
  });

  it('calls the candidate speaking after the question has ended the candidate', () => {
    const random = seededRandom(15);
    const question = speechLike(random, 1000);
    const answer = resample(speechLike(random, 3000), QUESTION_AT_MS + 1500, 16_000, QUESTION_AT_MS, PLAY_MS + 500, db(-6));
    // The stretch starts in the question's last echo and carries on into the answer.
    expect(judge(question, add(echoOf(question, 80, -12), answer), 700, 4000).echo).toBe(false);
  });

  it('forgets everything on clear()', () => {
    const question = speechLike(seededRandom(16), PLAY_MS);
    const guard = new EchoGuard();
    hear(guard, question, echoOf(question, 80, -12));
    expect(guard.isEcho(QUESTION_AT_MS + 500, QUESTION_AT_MS + 3500)).toBe(true);
    guard.clear();
    expect(guard.assess(QUESTION_AT_MS + 500, QUESTION_AT_MS + 3500)).toMatchObject({ echo: false, bins: 0 });
  });

  it('refuses times and rates that cannot be right, saying what they should be', () => {
    const guard = new EchoGuard();
    expect(() => guard.reference(new Float32Array(10), 0, 0)).toThrow(/sampleRate must be an audio rate/);
    expect(() => guard.microphone(new Float32Array(FRAME), Number.NaN)).toThrow(/atMs must be a finite page time/);
    expect(() => guard.assess(200, 100)).toThrow(/must end after it starts/);
    expect(() => new EchoGuard({ minLagMs: 300, maxLagMs: 0 })).toThrow(/lag window/);
  });

  it('keeps up with 1000 microphone frames and judges all of them', () => {
    const random = seededRandom(17);
    const guard = new EchoGuard();
    const seconds = (1000 * FRAME) / 16_000;
    const question = speechLike(random, seconds * 1000);
    const played = resample(question, 0, 24_000, 0, seconds * 1000);
    guard.reference(played, 24_000, 0);
    const mic = resample(question, 80, 16_000, 0, seconds * 1000, db(-12));
    for (let frame = 0; frame < 1000; frame++) guard.microphone(mic.subarray(frame * FRAME, (frame + 1) * FRAME), (frame * FRAME * 1000) / 16_000);
    const result = guard.assess(0, seconds * 1000);
    // 32 ms frames in 8 ms bins.
    expect(result.bins).toBe(4000);
    expect(result.echo).toBe(true);
  });
});
