/**
 * Is this "speech" the kiosk's own question coming back through the
 * loudspeakers? The browser's echo cancellation removes most of it, but some
 * kiosks' audio paths defeat it, and the question must never be taken for
 * the candidate speaking.
 *
 * The guard compares loudness envelopes, not waveforms: both signals are cut
 * into 8 ms bins on the page clock and each bin keeps its RMS level. Echo is
 * the reference's envelope, delayed (0-300 ms of output and input latency
 * plus the air) and scaled; the room's reverberation and what is left after
 * echo cancellation change the waveform but keep the envelope. Comparing
 * envelopes is also cheap: a 32 ms microphone frame costs a pass over its
 * 512 samples, and judging a stretch costs bins x lags (a few thousand
 * multiply-adds a second of speech), once per detected segment.
 *
 * A stretch is echo when
 *  - its envelope correlates with the reference at some lag in the window
 *    (normalised cross-correlation, so the echo's level does not matter), and
 *  - few of its bins are louder than the best-fitting echo path explains
 *    (double talk: a candidate speaking over the question is near-end speech).
 */

export interface EchoGuardOptions {
  /** Latency window in which the echo may arrive after the reference was scheduled to sound. */
  minLagMs: number;
  maxLagMs: number;
  /** Below this correlation the envelopes are unrelated: not echo. */
  minCorrelation: number;
  /**
   * A bin is near-end speech when louder than the echo path explains by this
   * amplitude factor (2 = 6 dB): louder than reverberation and noise make echo.
   */
  nearEndFactor: number;
  /**
   * This much near-end speech in a stretch is double talk: not echo. Under
   * one syllable, so a word said over a long stretch of echo is not diluted
   * by it; only runs of near-end bins count, since stray single bins are
   * what echo cancellation's leftovers look like.
   */
  minNearEndMs: number;
  /** A stretch quieter than this (RMS, full scale 1) holds no speech at all. */
  silenceRms: number;
  /** How much of both signals is kept; a stretch older than this cannot be judged. */
  historyMs: number;
}

export const defaultEchoGuard: EchoGuardOptions = {
  minLagMs: 0,
  maxLagMs: 300,
  minCorrelation: 0.6,
  nearEndFactor: 2,
  minNearEndMs: 80,
  // About -60 dBFS: below any speech the microphone picks up.
  silenceRms: 0.001,
  historyMs: 120_000,
};

export interface EchoAssessment {
  echo: boolean;
  /** Why: no speech in the stretch, nothing played, unrelated envelopes, candidate speaking over it, or echo. */
  reason: 'silence' | 'no-reference' | 'uncorrelated' | 'double-talk' | 'echo';
  correlation: number;
  lagMs: number;
  /** How long the candidate seemed to speak over the echo, in ms. */
  nearEndMs: number;
  /** How many 8 ms microphone bins the stretch held. */
  bins: number;
}

/** Envelope bin width: 1/4 of a 512-sample frame at 16 kHz, fine enough for syllables and lags. */
export const ECHO_BIN_MS = 8;

/**
 * Reverberation keeps echo sounding after the reference drops; the reference
 * envelope used to explain the microphone's energy decays at most this much a
 * bin (about 60 dB in 0.5 s, a lively room), so a reverberant tail is not
 * taken for the candidate.
 */
const REVERB_DECAY_PER_BIN = Math.pow(10, -60 / 20 / (500 / ECHO_BIN_MS));

/** The quiet end of a stretch (between syllables) is the room's noise floor. */
const NOISE_FLOOR_QUANTILE = 0.1;

/** Near-end speech comes in syllables; shorter runs of loud bins (32 ms) are leftovers of echo cancellation. */
const MIN_NEAR_END_RUN = 4;

/** Energy per 8 ms bin on the page clock, in a ring of fixed size. */
class EnvelopeRing {
  private readonly sums: Float64Array;
  private readonly counts: Uint32Array;
  private readonly ids: Float64Array;
  private previous = 0;
  private previousEnd = Number.NaN;

  constructor(private readonly size: number) {
    this.sums = new Float64Array(size);
    this.counts = new Uint32Array(size);
    this.ids = new Float64Array(size).fill(Number.NaN);
  }

  add(samples: Float32Array, sampleRate: number, startsAtMs: number): void {
    // A first-order pre-emphasis weighs the speech band over hum and rumble the loudspeaker cannot play.
    let previous = Math.abs(startsAtMs - this.previousEnd) < 1 ? this.previous : 0;
    const msPerSample = 1000 / sampleRate;
    let bin = Math.floor(startsAtMs / ECHO_BIN_MS);
    let binEndMs = (bin + 1) * ECHO_BIN_MS;
    let slot = this.slot(bin);
    for (let i = 0; i < samples.length; i++) {
      const atMs = startsAtMs + i * msPerSample;
      if (atMs >= binEndMs) {
        bin = Math.floor(atMs / ECHO_BIN_MS);
        binEndMs = (bin + 1) * ECHO_BIN_MS;
        slot = this.slot(bin);
      }
      const sample = samples[i]!;
      const emphasised = sample - 0.9 * previous;
      previous = sample;
      this.sums[slot] = this.sums[slot]! + emphasised * emphasised;
      this.counts[slot] = this.counts[slot]! + 1;
    }
    this.previous = previous;
    this.previousEnd = startsAtMs + samples.length * msPerSample;
  }

  /** RMS of `bin`, or null when nothing was recorded there (or it has been overwritten). */
  rms(bin: number): number | null {
    const slot = this.index(bin);
    if (this.ids[slot] !== bin || this.counts[slot] === 0) return null;
    return Math.sqrt(this.sums[slot]! / this.counts[slot]!);
  }

  clear(): void {
    this.sums.fill(0);
    this.counts.fill(0);
    this.ids.fill(Number.NaN);
    this.previousEnd = Number.NaN;
  }

  private index(bin: number): number {
    return ((bin % this.size) + this.size) % this.size;
  }

  /** The ring slot for `bin`, emptied first if it still holds an older bin. */
  private slot(bin: number): number {
    const slot = this.index(bin);
    if (this.ids[slot] !== bin) {
      this.ids[slot] = bin;
      this.sums[slot] = 0;
      this.counts[slot] = 0;
    }
    return slot;
  }
}

function requireFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite page time in ms (performance.now()), got ${String(value)}`);
}

export class EchoGuard {
  private readonly options: EchoGuardOptions;
  private readonly mic: EnvelopeRing;
  private readonly played: EnvelopeRing;

  constructor(options: Partial<EchoGuardOptions> = {}) {
    this.options = { ...defaultEchoGuard, ...options };
    const { minLagMs, maxLagMs, historyMs } = this.options;
    if (!(minLagMs <= maxLagMs) || !(historyMs > maxLagMs)) {
      throw new RangeError(`the echo lag window must run from minLagMs up to maxLagMs, both under historyMs (got ${minLagMs}, ${maxLagMs}, ${historyMs})`);
    }
    const bins = Math.ceil(historyMs / ECHO_BIN_MS);
    this.mic = new EnvelopeRing(bins);
    this.played = new EnvelopeRing(bins);
  }

  /** Audio being played: `samples` at `sampleRate`, the first of them sounding at page time `startsAtMs`. */
  reference(samples: Float32Array, sampleRate: number, startsAtMs: number): void {
    if (!(sampleRate >= 8000 && sampleRate <= 192_000)) throw new RangeError(`sampleRate must be an audio rate in Hz (8000-192000), got ${sampleRate}`);
    requireFinite('startsAtMs', startsAtMs);
    this.played.add(samples, sampleRate, startsAtMs);
  }

  /** A 16 kHz microphone frame whose first sample was captured at page time `atMs`. */
  microphone(frame: Float32Array, atMs: number, sampleRate = 16_000): void {
    requireFinite('atMs', atMs);
    this.mic.add(frame, sampleRate, atMs);
  }

  /** Is the speech heard from `fromMs` to `toMs` (page times) the question's own echo? */
  isEcho(fromMs: number, toMs: number): boolean {
    return this.assess(fromMs, toMs).echo;
  }

  assess(fromMs: number, toMs: number): EchoAssessment {
    requireFinite('fromMs', fromMs);
    requireFinite('toMs', toMs);
    if (toMs < fromMs) throw new RangeError(`the stretch must end after it starts (from ${fromMs} ms to ${toMs} ms)`);
    const { minLagMs, maxLagMs, silenceRms } = this.options;
    const minLag = Math.round(minLagMs / ECHO_BIN_MS);
    const maxLag = Math.round(maxLagMs / ECHO_BIN_MS);
    const firstBin = Math.floor(fromMs / ECHO_BIN_MS);
    const lastBin = Math.ceil(toMs / ECHO_BIN_MS) - 1;

    // The microphone bins heard, and the reference from maxLag before the first to minLag before the last.
    const bins: number[] = [];
    const mic: number[] = [];
    let micEnergy = 0;
    for (let bin = firstBin; bin <= lastBin; bin++) {
      const level = this.mic.rms(bin);
      if (level === null) continue;
      bins.push(bin);
      mic.push(level);
      micEnergy += level * level;
    }
    const none = { correlation: 0, lagMs: 0, nearEndMs: 0, bins: mic.length };
    if (mic.length === 0 || Math.sqrt(micEnergy / mic.length) < silenceRms) return { echo: false, reason: 'silence', ...none };

    const refStart = firstBin - maxLag;
    const ref = new Float64Array(lastBin - minLag - refStart + 1);
    let refEnergy = 0;
    for (let i = 0; i < ref.length; i++) {
      const level = this.played.rms(refStart + i) ?? 0;
      ref[i] = level;
      refEnergy += level * level;
    }
    if (Math.sqrt(refEnergy / ref.length) < silenceRms) return { echo: false, reason: 'no-reference', ...none };

    let best = { correlation: -1, lag: minLag };
    for (let lag = minLag; lag <= maxLag; lag++) {
      const correlation = pearson(mic, (k) => ref[bins[k]! - lag - refStart]!);
      if (correlation > best.correlation) best = { correlation, lag };
    }
    const lagMs = best.lag * ECHO_BIN_MS;
    if (!(best.correlation >= this.options.minCorrelation)) {
      return { echo: false, reason: 'uncorrelated', correlation: Math.max(0, best.correlation), lagMs, nearEndMs: 0, bins: mic.length };
    }
    const nearEndMs = this.nearEndMs(mic, bins, ref, refStart, best.lag);
    const echo = nearEndMs < this.options.minNearEndMs;
    return { echo, reason: echo ? 'echo' : 'double-talk', correlation: best.correlation, lagMs, nearEndMs, bins: mic.length };
  }

  /** Forget both signals (a new question, or the microphone reopened). */
  clear(): void {
    this.mic.clear();
    this.played.clear();
  }

  /**
   * How long the microphone is louder than the echo path explains. The path
   * is mic² ≈ (gain × reference)² + floor²: the floor is the room's noise
   * (the quiet end of the stretch), the gain the median mic/reference ratio
   * over the bins where the reference is loud, so a candidate's words,
   * fewer than half of those bins, cannot inflate the gain meant to explain
   * them away.
   */
  private nearEndMs(mic: readonly number[], bins: readonly number[], ref: Float64Array, refStart: number, lag: number): number {
    const floor = Math.max(quantile(mic, NOISE_FLOOR_QUANTILE), this.options.silenceRms);
    const at = (k: number) => ref[bins[k]! - lag - refStart]!;
    const loud = quantile(mic.map((_, k) => at(k)), 0.5);
    const ratios: number[] = [];
    for (let k = 0; k < mic.length; k++) {
      if (at(k) > 0 && at(k) >= loud) ratios.push(Math.sqrt(Math.max(0, mic[k]! ** 2 - floor ** 2)) / at(k));
    }
    const gain = ratios.length > 0 ? quantile(ratios, 0.5) : 0;
    const limit = this.options.nearEndFactor ** 2;
    let previous = 0;
    const flagged: boolean[] = [];
    // The reference as the room holds it: each bin at least the decayed level of the one before.
    for (let k = 0, bin = bins[0]! - lag - refStart; k < mic.length; k++) {
      for (const target = bins[k]! - lag - refStart; bin <= target; bin++) previous = Math.max(ref[bin]!, previous * REVERB_DECAY_PER_BIN);
      flagged.push(mic[k]! ** 2 > limit * ((gain * previous) ** 2 + floor ** 2));
    }
    let nearEndBins = 0;
    let run = 0;
    for (let k = 0; k <= mic.length; k++) {
      // A run is consecutive bins on the clock; a bin with no microphone frame breaks it.
      if (k < mic.length && flagged[k] && (run === 0 || bins[k] === bins[k - 1]! + 1)) {
        run++;
        continue;
      }
      if (run >= MIN_NEAR_END_RUN) nearEndBins += run;
      run = k < mic.length && flagged[k] ? 1 : 0;
    }
    return nearEndBins * ECHO_BIN_MS;
  }
}

/** Pearson correlation of `xs` with `y(k)`; 0 when either is flat. */
function pearson(xs: readonly number[], y: (k: number) => number): number {
  const n = xs.length;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let k = 0; k < n; k++) {
    const x = xs[k]!;
    const v = y(k);
    sx += x;
    sy += v;
    sxx += x * x;
    syy += v * v;
    sxy += x * v;
  }
  const cov = sxy - (sx * sy) / n;
  const vx = sxx - (sx * sx) / n;
  const vy = syy - (sy * sy) / n;
  return vx > 0 && vy > 0 ? cov / Math.sqrt(vx * vy) : 0;
}

/** The `q` quantile (0-1) of `values`, by sorting a copy: stretches are a few thousand bins at most. */
function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
