import type { AudioSink } from './audio-streams';

/** Scheduling this far ahead covers the gap while the next chunk is decoded, without audible delay. */
const LEAD_SECONDS = 0.05;
/**
 * A stream's first chunk at least this long starts at once: while it plays,
 * the next chunk arrives (speech streams faster than it is spoken), so no
 * lead is needed and the candidate hears the question 50 ms sooner.
 */
const FIRST_CHUNK_NEEDS_NO_LEAD_SECONDS = 0.1;
/** If `onended` never fires (a suspended context, a device change), stop waiting this long after the audio should have ended. */
const END_GRACE_MS = 1500;

/**
 * Plays one stream of PCM chunks gaplessly: each chunk becomes an
 * AudioBuffer, scheduled to start exactly where the previous one ends.
 * The AudioContext resamples when the chunk rate (e.g. 24 kHz) differs from
 * the device's.
 */
export class WebAudioSink implements AudioSink {
  private nextTime = 0;
  private readonly sources = new Set<AudioBufferSourceNode>();
  private last: AudioBufferSourceNode | null = null;
  private stopped = false;

  /** Every source of this stream plays through it, so the stream can be muted and restored as it plays. */
  private volume: GainNode | null = null;

  constructor(
    private readonly context: AudioContext,
    private readonly destination: AudioNode = context.destination,
  ) {}

  mute(muted: boolean): void {
    this.output().gain.setValueAtTime(muted ? 0 : 1, this.context.currentTime);
  }

  private output(): GainNode {
    if (!this.volume) {
      this.volume = this.context.createGain();
      this.volume.connect(this.destination);
    }
    return this.volume;
  }

  play(samples: Float32Array, sampleRate: number): void {
    if (this.stopped || samples.length === 0) return;
    const buffer = this.context.createBuffer(1, samples.length, sampleRate);
    buffer.copyToChannel(samples as Float32Array<ArrayBuffer>, 0);
    const source = this.context.createBufferSource();
    source.buffer = buffer;
    source.connect(this.output());
    const lead = this.last === null && buffer.duration >= FIRST_CHUNK_NEEDS_NO_LEAD_SECONDS ? 0 : LEAD_SECONDS;
    const at = Math.max(this.nextTime, this.context.currentTime + lead);
    source.start(at);
    this.nextTime = at + buffer.duration;
    this.sources.add(source);
    this.last = source;
    source.addEventListener('ended', () => {
      this.sources.delete(source);
      source.disconnect();
    });
  }

  finish(): Promise<void> {
    const last = this.last;
    if (!last || this.stopped || this.sources.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const remainingMs = Math.max(0, (this.nextTime - this.context.currentTime) * 1000);
      const fallback = setTimeout(resolve, remainingMs + END_GRACE_MS);
      last.addEventListener('ended', () => {
        clearTimeout(fallback);
        resolve();
      });
    });
  }

  stop(): void {
    this.stopped = true;
    for (const source of this.sources) {
      try {
        source.stop();
      } catch {
        // Already stopped: nothing to silence.
      }
    }
    this.sources.clear();
  }
}
