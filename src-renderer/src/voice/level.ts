/**
 * Microphone level for the equipment check's meter, 0…100. Decibels, not raw
 * amplitude: speech a metre from a kiosk microphone is around -40…-20 dBFS,
 * which a linear meter would show as a barely moving sliver.
 */
const FLOOR_DB = -60;
const CEILING_DB = -10;

export function rmsOf(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return Math.sqrt(sum / samples.length);
}

export function levelPercent(rms: number): number {
  if (rms <= 0) return 0;
  const db = 20 * Math.log10(rms);
  const fraction = (db - FLOOR_DB) / (CEILING_DB - FLOOR_DB);
  return Math.round(Math.max(0, Math.min(1, fraction)) * 100);
}

export type LevelWord = 'silent' | 'quiet' | 'good' | 'loud';

/** The meter's text equivalent, so the level is not conveyed by the bar alone. */
export function levelWord(percent: number): LevelWord {
  if (percent < 8) return 'silent';
  if (percent < 35) return 'quiet';
  if (percent < 90) return 'good';
  return 'loud';
}
