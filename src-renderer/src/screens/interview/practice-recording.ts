import { PRACTICE_ANSWER_MAX_MS } from '../../../../shared/domain/interview';
import { ANSWER_SAMPLE_RATE } from '../../voice/wav';

/**
 * The practice answer as the voice detector hears it: its speech segments,
 * joined with a short gap between them and kept to the practice limit (the
 * first minute is plenty to show the candidate they are heard).
 */
export class PracticeRecording {
  private readonly segments: Float32Array[] = [];
  private samples = 0;
  private static readonly MAX_SAMPLES = (PRACTICE_ANSWER_MAX_MS / 1000) * ANSWER_SAMPLE_RATE;
  /** A quarter second of silence between segments, so words either side do not run together for speech-to-text. */
  private static readonly GAP_SAMPLES = ANSWER_SAMPLE_RATE / 4;

  add(segment: Float32Array): void {
    const gap = this.segments.length > 0 ? PracticeRecording.GAP_SAMPLES : 0;
    const room = PracticeRecording.MAX_SAMPLES - this.samples - gap;
    if (room <= 0) return;
    if (gap > 0) this.segments.push(new Float32Array(gap));
    const kept = segment.length > room ? segment.subarray(0, room) : segment;
    this.segments.push(kept);
    this.samples += gap + kept.length;
  }

  get isEmpty(): boolean {
    return this.samples === 0;
  }

  get full(): boolean {
    return this.samples >= PracticeRecording.MAX_SAMPLES - PracticeRecording.GAP_SAMPLES;
  }

  joined(): Float32Array {
    const all = new Float32Array(this.samples);
    let offset = 0;
    for (const segment of this.segments) {
      all.set(segment, offset);
      offset += segment.length;
    }
    return all;
  }
}
