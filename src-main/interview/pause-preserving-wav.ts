import type { WavFormat } from '../audio/wav';
import { AudioFormatError, buildWav, bytesPerSecond, isPlayablePcm, playedSeconds, sameFormat } from './wav-audio';

/** One answer segment as the voice detector closed it, placed on the answer's timeline. */
export interface TimedSegment {
  format: WavFormat;
  pcm: Uint8Array;
  /** When the segment's speech began and ended, in ms after the question. */
  startedAfterQuestionMs: number;
  endedAfterQuestionMs: number;
}

export interface PausePreservingOptions {
  /**
   * How much audio the detector keeps before the speech it reports (its
   * preSpeechPadMs, 500 in voice-detector.ts). The rest of a segment's audio
   * beyond its speech span is trailing silence (the detector's redemption).
   */
  leadingPadMs: number;
  /**
   * The most silence put back for one pause. The end-of-turn silence is at
   * most 10 s, so a real pause is far shorter; a bad timestamp (a clock jump,
   * a segment from another answer) costs at most this much memory.
   */
  maxPauseMs: number;
}

export const defaultPausePreserving: PausePreservingOptions = { leadingPadMs: 500, maxPauseMs: 60_000 };

export interface PausePreservingWav {
  wav: Uint8Array;
  seconds: number;
  /** Silence inserted before each segment after the first, in ms: what a reviewer hears as pauses. */
  insertedPausesMs: number[];
}

/**
 * One recording of the whole answer with the candidate's pauses kept, so a
 * reviewer hears the hesitations the transcript cannot show. Segments are
 * joined in the order given (the answer's segment order).
 *
 * Each segment's audio is wider than its speech: up to `leadingPadMs` of
 * padding before, and the detector's trailing silence after. So the silence
 * put between two segments is the gap between their speech minus the
 * silence their audio already holds on either side; never negative
 * (overlapping timings insert nothing) and at most `maxPauseMs`.
 */
export function buildPausePreservingWav(segments: readonly TimedSegment[], options: PausePreservingOptions = defaultPausePreserving): PausePreservingWav {
  const first = segments[0];
  if (!first) throw new AudioFormatError('an answer recording needs at least one segment');
  const format = first.format;
  // Zero bytes are silence only in signed 16-bit PCM, the one format answers are recorded in.
  if (!isPlayablePcm(format)) throw new AudioFormatError('answer segments must be 16-bit mono PCM to be joined with silence between them');
  const frameBytes = format.channels * (format.bitsPerSample / 8);
  const msPerFrame = 1000 / format.sampleRate;
  const parts: Uint8Array[] = [];
  const insertedPausesMs: number[] = [];
  let previousAudioEndMs = 0;
  segments.forEach((segment, index) => {
    if (!sameFormat(segment.format, format)) {
      throw new AudioFormatError(`segment ${index} is recorded in a different format from segment 0; every segment of an answer must share one format`);
    }
    const { startedAfterQuestionMs: started, endedAfterQuestionMs: ended } = segment;
    if (!Number.isFinite(started) || !Number.isFinite(ended)) {
      throw new AudioFormatError(`segment ${index} has no usable timing (started ${started} ms, ended ${ended} ms after the question)`);
    }
    const audioMs = (segment.pcm.length / bytesPerSecond(format)) * 1000;
    // A reversed span (ended before started) is treated as no speech rather than refusing the candidate's answer.
    const speechMs = Math.max(0, ended - started);
    const leadMs = Math.min(options.leadingPadMs, Math.max(0, audioMs - speechMs));
    const audioStartMs = started - leadMs;
    if (index > 0) {
      const pauseMs = Math.min(options.maxPauseMs, Math.max(0, audioStartMs - previousAudioEndMs));
      const frames = Math.round(pauseMs / msPerFrame);
      parts.push(new Uint8Array(frames * frameBytes));
      insertedPausesMs.push(frames * msPerFrame);
    }
    parts.push(segment.pcm);
    previousAudioEndMs = audioStartMs + audioMs;
  });
  const wav = buildWav(format, parts);
  const pcmBytes = parts.reduce((sum, part) => sum + part.length, 0);
  return { wav, seconds: playedSeconds(pcmBytes, format), insertedPausesMs };
}
