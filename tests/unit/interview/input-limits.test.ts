import { describe, expect, it } from 'vitest';
import { INTEGRITY_EVENTS_PER_MINUTE, MAX_SEGMENT_BYTES, MAX_SEGMENTS_PER_ANSWER } from '../../../shared/domain/interview';
import { interviewChannels } from '../../../shared/ipc/interview-channels';
import { RateLimiter, retryAfterText } from '../../../src-main/common/rate-limiter';

const interviewId = '01a24a48-0474-7209-be6a-fca7978d5611';
const integrityInput = interviewChannels['interview.recordIntegrityEvent'].input;
const segmentInput = interviewChannels['interview.answerSegment'].input;

describe('interview.recordIntegrityEvent input', () => {
  it('refuses a details object with 10,000 keys, whatever the size cap in front of it', () => {
    const details = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i]));
    expect(integrityInput.safeParse({ interviewId, kind: 'paste', details }).success).toBe(false);
  });

  it('takes exactly what the renderer sends and the scoring reads', () => {
    expect(integrityInput.safeParse({ interviewId, kind: 'paste', details: { inTextField: true, characters: 512 } }).success).toBe(true);
    expect(integrityInput.safeParse({ interviewId, kind: 'paste' }).success).toBe(true);
    for (const kind of ['focus_lost', 'focus_returned', 'window_hidden', 'window_shown']) {
      expect(integrityInput.safeParse({ interviewId, kind }).success, kind).toBe(true);
      expect(integrityInput.safeParse({ interviewId, kind, details: { characters: 1 } }).success, kind).toBe(false);
    }
    // Main records these itself; a page claiming one would be forging it.
    for (const kind of ['screen_crashed', 'screen_unresponsive', 'shortcut_attempted', 'display_added']) {
      expect(integrityInput.safeParse({ interviewId, kind }).success, kind).toBe(false);
    }
    expect(integrityInput.safeParse({ interviewId, kind: 'paste', details: { characters: 1.5 } }).success).toBe(false);
    expect(integrityInput.safeParse({ interviewId, kind: 'paste', details: { characters: 2e9 } }).success).toBe(false);
  });
});

describe('interview.answerSegment input', () => {
  const segment = { interviewId, questionMessageId: interviewId, segmentIndex: 0, audioWavBase64: 'UklGRg==', startedAfterQuestionMs: 0, endedAfterQuestionMs: 1 };

  it(`numbers segments 0 to ${MAX_SEGMENTS_PER_ANSWER - 1}`, () => {
    expect(segmentInput.safeParse({ ...segment, segmentIndex: MAX_SEGMENTS_PER_ANSWER - 1 }).success).toBe(true);
    const refused = segmentInput.safeParse({ ...segment, segmentIndex: MAX_SEGMENTS_PER_ANSWER });
    expect(refused.error?.issues[0]?.message).toContain(`at most ${MAX_SEGMENTS_PER_ANSWER} segments`);
  });

  it('takes a minute of 16 kHz mono audio and no more', () => {
    const base64Of = (bytes: number) => 'A'.repeat(Math.ceil(bytes / 3) * 4);
    expect(segmentInput.safeParse({ ...segment, audioWavBase64: base64Of(MAX_SEGMENT_BYTES) }).success).toBe(true);
    expect(segmentInput.safeParse({ ...segment, audioWavBase64: base64Of(MAX_SEGMENT_BYTES + 3) }).success).toBe(false);
  });
});

describe('RateLimiter', () => {
  it('allows count calls in any sliding window and says when the next one will be allowed', () => {
    let now = Date.parse('2026-11-25T09:00:00.000Z');
    const limiter = new RateLimiter({ count: INTEGRITY_EVENTS_PER_MINUTE, windowMs: 60_000 }, { now: () => new Date(now) });
    for (let i = 0; i < INTEGRITY_EVENTS_PER_MINUTE; i++) {
      expect(limiter.take('a').allowed).toBe(true);
      now += 500;
    }
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterMs: 30_000 });
    expect(limiter.take('b').allowed).toBe(true);
    now += 30_000;
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('words the wait rounded up', () => {
    expect(retryAfterText(400)).toBe('in 1 second');
    expect(retryAfterText(30_000)).toBe('in 30 seconds');
    expect(retryAfterText(61_000)).toBe('in 2 minutes');
    expect(retryAfterText(600_000)).toBe('in 10 minutes');
  });
});
