import { describe, expect, it } from 'vitest';
import { autoSendLabel } from '../../../src-renderer/src/screens/staff/feedback/time-left';
import { base64ToBlob } from '../../../src-renderer/src/screens/staff/review/blob';
import { describeScore, formatCost, formatDuration, formatMeasurement, formatPercent, formatScore } from '../../../src-renderer/src/screens/staff/review/format';
import { defaultDirection, eventKindLabel, phaseLabel, roleLabel } from '../../../src-renderer/src/screens/staff/review/labels';
import { hasActiveFilters, initialFilters, parseScore } from '../../../src-renderer/src/screens/staff/review/useReviewList';

/** The numbers and words on the staff screens: every score, duration and countdown a recruiter reads goes through these. */

describe('review numbers', () => {
  it('rounds scores for the eye and says them in full for a screen reader', () => {
    expect(formatScore(77.5)).toBe('78');
    expect(formatScore(null)).toBe('—');
    expect(describeScore(63.2)).toBe('63 out of 100');
    expect(describeScore(null)).toBe('not scored');
    expect(formatPercent(0.625)).toBe('63%');
    expect(formatCost(0.0425)).toBe('$0.0425');
  });

  it('words durations as the PDF report does', () => {
    expect(formatDuration(null)).toBe('Not recorded');
    expect(formatDuration(Number.NaN)).toBe('Not recorded');
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(1385)).toBe('23 min 5 s');
    expect(formatDuration(3840)).toBe('1 h 4 min');
    expect(formatDuration(-3)).toBe('0 s');
  });

  it('turns a measurement’s name into words and keeps at most two decimals', () => {
    expect(formatMeasurement('responseTimeMs', 41_000)).toBe(`response time ms: ${(41_000).toLocaleString()}`);
    expect(formatMeasurement('words_per_minute', 182.456)).toBe(`words per minute: ${(182.46).toLocaleString()}`);
  });
});

describe('review labels', () => {
  it('names kiosk events in words, and an event kind this screen does not know yet by its own name', () => {
    expect(eventKindLabel('focus_lost')).toBe('Left the interview window');
    expect(eventKindLabel('shortcut_attempted')).toBe('Tried a blocked keyboard shortcut');
    expect(eventKindLabel('usb_device_added')).toBe('usb device added');
    expect(roleLabel('fullstack')).toBe('Full-stack');
    expect(phaseLabel('warmup')).toBe('Warm-up questions');
  });

  it('sorts a newly chosen column the way people usually want it first', () => {
    expect(defaultDirection).toEqual({ date: 'desc', candidate: 'asc', overallScore: 'desc', integrityScore: 'desc' });
  });
});

describe('the dashboard’s filters', () => {
  it('reads a typed score bound: empty is no bound, anything outside 0 to 100 is refused', () => {
    expect(parseScore('  ')).toBeNull();
    expect(parseScore(' 70 ')).toBe(70);
    expect(parseScore('0')).toBe(0);
    expect(parseScore('100')).toBe(100);
    expect(parseScore('101')).toBe('invalid');
    expect(parseScore('-1')).toBe('invalid');
    expect(parseScore('seventy')).toBe('invalid');
  });

  it('knows when any filter narrows the list (so an empty list can say why)', () => {
    expect(hasActiveFilters(initialFilters)).toBe(false);
    // Sorting shows the same interviews.
    expect(hasActiveFilters({ ...initialFilters, sort: 'candidate', direction: 'asc' })).toBe(false);
    expect(hasActiveFilters({ ...initialFilters, search: '  ' })).toBe(false);
    expect(hasActiveFilters({ ...initialFilters, search: 'casey' })).toBe(true);
    expect(hasActiveFilters({ ...initialFilters, status: 'partial' })).toBe(true);
    expect(hasActiveFilters({ ...initialFilters, maxScore: '50' })).toBe(true);
  });
});

describe('the resume feedback countdown', () => {
  const now = Date.parse('2026-11-26T09:00:00.000Z');

  it('rounds up to the minute, so it never says no time is left while some is', () => {
    expect(autoSendLabel('2026-11-26T12:11:01.000Z', now)).toBe('Sends automatically in 3 h 12 min');
    expect(autoSendLabel('2026-11-26T09:00:01.000Z', now)).toBe('Sends automatically in 1 min');
    expect(autoSendLabel('2026-11-26T11:00:00.000Z', now)).toBe('Sends automatically in 2 h');
  });

  it('says it is sending once the time has come, or when the time cannot be read', () => {
    expect(autoSendLabel('2026-11-26T09:00:00.000Z', now)).toBe('Sending now');
    expect(autoSendLabel('not a time', now)).toBe('Sending now');
  });
});

describe('files from main', () => {
  it('turns main’s base64 (answer audio, the PDF) into a Blob of the same bytes and type', async () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 31) % 256);
    const blob = base64ToBlob(Buffer.from(bytes).toString('base64'), 'application/pdf');
    expect(blob.type).toBe('application/pdf');
    expect(Buffer.from(await blob.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
  });
});
