import { describe, expect, it } from 'vitest';
import { buildPausePreservingWav, type TimedSegment } from '../../../src-main/interview/pause-preserving-wav';
import { AudioFormatError, readPcmWav } from '../../../src-main/interview/wav-audio';

const mono16k = { audioFormat: 1, channels: 1, sampleRate: 16_000, bitsPerSample: 16 };
const FRAME_MS = 1000 / 16_000;

/** `ms` of a constant non-zero sample, so silence inserted between segments is easy to find. */
function tone(ms: number, value = 1000, format = mono16k): Uint8Array {
  const frames = Math.round((ms / 1000) * format.sampleRate);
  const pcm = new Uint8Array(frames * 2);
  const view = new DataView(pcm.buffer);
  for (let i = 0; i < frames; i++) view.setInt16(i * 2, value, true);
  return pcm;
}

/** The runs of zero samples in the recording, in ms. */
function silentRunsMs(wav: Uint8Array): number[] {
  const { pcm, format } = readPcmWav(wav);
  const view = new DataView(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  const runs: number[] = [];
  let run = 0;
  for (let i = 0; i < pcm.length / 2; i++) {
    if (view.getInt16(i * 2, true) === 0) run++;
    else if (run > 0) {
      runs.push((run / format.sampleRate) * 1000);
      run = 0;
    }
  }
  if (run > 0) runs.push((run / format.sampleRate) * 1000);
  return runs;
}

/** A segment whose audio is exactly its speech (no padding), as a forced split produces. */
const exact = (startMs: number, endMs: number, value = 1000): TimedSegment => ({
  format: mono16k,
  pcm: tone(endMs - startMs, value),
  startedAfterQuestionMs: startMs,
  endedAfterQuestionMs: endMs,
});

describe('an answer recording with its pauses kept', () => {
  it('puts a 3 s pause between two segments back as 3 s of silence', () => {
    const result = buildPausePreservingWav([exact(1000, 2500), exact(5500, 7000, 2000)]);
    const runs = silentRunsMs(result.wav);
    expect(runs).toHaveLength(1);
    expect(Math.abs(runs[0]! - 3000)).toBeLessThanOrEqual(FRAME_MS);
    expect(result.seconds).toBeCloseTo(1.5 + 3 + 1.5, 3);
    expect(result.insertedPausesMs).toHaveLength(1);
  });

  it('counts the padding and trailing silence already in the segments’ audio against the pause', () => {
    // As the detector records: 500 ms of padding before the speech and 600 ms of silence after it.
    const padded = (startMs: number, endMs: number): TimedSegment => ({
      format: mono16k,
      pcm: tone(500 + (endMs - startMs) + 600),
      startedAfterQuestionMs: startMs,
      endedAfterQuestionMs: endMs,
    });
    const result = buildPausePreservingWav([padded(1000, 2000), padded(5000, 6000)]);
    // Speech 3000 ms apart, 1100 ms of it already in the audio (600 trailing + 500 leading).
    expect(Math.abs(result.insertedPausesMs[0]! - 1900)).toBeLessThanOrEqual(FRAME_MS);
    expect(result.seconds).toBeCloseTo(2.1 + 1.9 + 2.1, 3);
  });

  it('inserts nothing between segments whose timings overlap or touch', () => {
    const result = buildPausePreservingWav([exact(0, 2000), exact(1500, 3000, 2000), exact(3000, 4000, 3000)]);
    expect(silentRunsMs(result.wav)).toEqual([]);
    expect(result.insertedPausesMs).toEqual([0, 0]);
    expect(result.seconds).toBeCloseTo(2 + 1.5 + 1, 3);
  });

  it('caps one pause, so a bad timestamp cannot fill memory with silence', () => {
    const result = buildPausePreservingWav([exact(0, 1000), exact(20 * 3600_000, 20 * 3600_000 + 1000, 2000)], { leadingPadMs: 500, maxPauseMs: 60_000 });
    expect(result.insertedPausesMs).toEqual([60_000]);
    expect(result.seconds).toBeCloseTo(62, 3);
    expect(Math.abs(silentRunsMs(result.wav)[0]! - 60_000)).toBeLessThanOrEqual(FRAME_MS);
  });

  it('keeps the segments’ format and whole frames', () => {
    const format = { ...mono16k, sampleRate: 24_000 };
    const segment = (startMs: number, endMs: number): TimedSegment => ({
      format,
      pcm: tone(endMs - startMs, 500, format),
      startedAfterQuestionMs: startMs,
      endedAfterQuestionMs: endMs,
    });
    const result = buildPausePreservingWav([segment(0, 100), segment(1100.02, 1200)]);
    const read = readPcmWav(result.wav);
    expect(read.format).toEqual(format);
    expect(read.pcm.length % 2).toBe(0);
    expect(result.insertedPausesMs[0]).toBeCloseTo(1000, 1);
  });

  it('keeps a single segment as it is', () => {
    const only = exact(200, 900);
    const result = buildPausePreservingWav([only]);
    expect([...readPcmWav(result.wav).pcm]).toEqual([...only.pcm]);
    expect(result.insertedPausesMs).toEqual([]);
  });

  it('refuses segments it cannot join, saying why', () => {
    expect(() => buildPausePreservingWav([])).toThrow(/at least one segment/);
    const stereo: TimedSegment = { ...exact(0, 100), format: { ...mono16k, channels: 2 } };
    expect(() => buildPausePreservingWav([stereo])).toThrow(/16-bit mono PCM/);
    const other: TimedSegment = { ...exact(200, 300), format: { ...mono16k, sampleRate: 24_000 } };
    expect(() => buildPausePreservingWav([exact(0, 100), other])).toThrow(AudioFormatError);
    expect(() => buildPausePreservingWav([exact(0, 100), other])).toThrow(/segment 1 .* different format/);
    expect(() => buildPausePreservingWav([{ ...exact(0, 100), startedAfterQuestionMs: Number.NaN }])).toThrow(/no usable timing/);
  });
});
