import { describe, expect, it } from 'vitest';
import { PRACTICE_ANSWER_MAX_MS } from '../../../shared/domain/interview';
import { PracticeRecording } from '../../../src-renderer/src/screens/interview/practice-recording';

const RATE = 16_000;
const speech = (seconds: number, value = 0.5) => new Float32Array(Math.round(seconds * RATE)).fill(value);

describe('the practice answer’s recording', () => {
  it('joins the segments with a quarter second of silence between them', () => {
    const recording = new PracticeRecording();
    expect(recording.isEmpty).toBe(true);
    recording.add(speech(1, 0.5));
    recording.add(speech(2, 0.25));
    const joined = recording.joined();
    expect(joined.length).toBe(3 * RATE + RATE / 4);
    expect(joined[RATE - 1]).toBe(0.5);
    expect(joined.subarray(RATE, RATE + RATE / 4).every((sample) => sample === 0)).toBe(true);
    expect(joined.at(-1)).toBe(0.25);
    expect(recording.full).toBe(false);
  });

  it('keeps to the practice limit, dropping what comes after it', () => {
    const recording = new PracticeRecording();
    const limitSeconds = PRACTICE_ANSWER_MAX_MS / 1000;
    recording.add(speech(limitSeconds - 1));
    recording.add(speech(5));
    expect(recording.joined().length).toBe(limitSeconds * RATE);
    expect(recording.full).toBe(true);
    recording.add(speech(1));
    expect(recording.joined().length).toBe(limitSeconds * RATE);
  });
});
