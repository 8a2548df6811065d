import { describe, expect, it } from 'vitest';
import { formatDuration, formatPercent, integrityFlagLabels } from '../../../../shared/copy/review-words';
import { integrityFlagTypes } from '../../../../shared/domain/assessment';

describe('words shared by the review screens and the PDF report', () => {
  it('names every integrity flag type, each differently', () => {
    const labels = integrityFlagTypes.map((type) => integrityFlagLabels[type]);
    expect(labels.every((label) => typeof label === 'string' && label.length > 0)).toBe(true);
    expect(new Set(labels).size).toBe(integrityFlagTypes.length);
  });

  it('writes durations in hours and minutes, minutes and seconds, or seconds', () => {
    expect(formatDuration(3840, 'unknown')).toBe('1 h 4 min');
    expect(formatDuration(1385, 'unknown')).toBe('23 min 5 s');
    expect(formatDuration(59.6, 'unknown')).toBe('1 min 0 s');
    expect(formatDuration(7, 'unknown')).toBe('7 s');
    expect(formatDuration(-3, 'unknown')).toBe('0 s');
  });

  it('says what the caller asked for when nothing was recorded', () => {
    expect(formatDuration(null, 'Not recorded')).toBe('Not recorded');
    expect(formatDuration(Number.NaN, 'unknown')).toBe('unknown');
  });

  it('writes a confidence as a whole percentage', () => {
    expect(formatPercent(0.876)).toBe('88%');
    expect(formatPercent(0)).toBe('0%');
  });
});
