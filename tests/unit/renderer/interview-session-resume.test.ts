import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../../shared/ipc/result';
import { messages } from '../../../src-renderer/src/screens/interview/interview-session';
import { harness, ID, qid, view } from './support/session-harness';

/**
 * Carrying on an interview after a reload or a crash: what the candidate
 * had said to the question waiting is kept in main (the view's
 * answerSoFar), so the answer goes on from it instead of starting again.
 */

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const ok = <T>(data: T): Result<T> => ({ ok: true, data });

function resumed(answerSoFar?: { segments: number; endedAfterQuestionMs: number }) {
  const h = harness({
    'interview.speakQuestion': () => {
      h.speak('again');
      return ok({ streamId: 'again' });
    },
    'interview.answerSegment': () => ok({ accepted: true }),
    'interview.endAnswer': () => ok({ transcript: 'words', interview: view(null) }),
  });
  const current = view(3);
  const waiting = answerSoFar ? view(3, { currentQuestion: { ...current.currentQuestion!, answerSoFar } }) : current;
  return { h, resuming: h.session.resume(waiting) };
}

describe('resuming an interview with an answer under way', () => {
  it('keeps the answer so far: says so, and numbers and times the next segment after it', async () => {
    const { h, resuming } = resumed({ segments: 2, endedAfterQuestionMs: 5000 });
    await resuming;
    await vi.advanceTimersByTimeAsync(10);
    expect(h.of('interview.speakQuestion')).toEqual([{ interviewId: ID, messageId: qid(3) }]);
    expect(h.session.getSnapshot()).toMatchObject({ stage: 'listening', notice: messages.answerKept, segmentsSaved: 2 });
    await vi.advanceTimersByTimeAsync(990);

    await h.detector.say(1);
    const [segment] = h.of('interview.answerSegment');
    // Speech began a second after listening did: a second after the kept part ended, on the answer's own timeline.
    expect(segment).toMatchObject({ questionMessageId: qid(3), segmentIndex: 2, startedAfterQuestionMs: 6000 });
    await vi.advanceTimersByTimeAsync(10);
    expect(h.session.getSnapshot().segmentsSaved).toBe(3);
    await vi.advanceTimersByTimeAsync(2100);
    expect(h.of('interview.endAnswer')).toMatchObject([{ questionMessageId: qid(3), segmentCount: 3, reason: 'silence' }]);
    expect(h.of('interview.discardAnswer')).toHaveLength(0);
    h.session.dispose();
  });

  it('ends the kept answer as it is when the candidate had finished', async () => {
    const { h, resuming } = resumed({ segments: 2, endedAfterQuestionMs: 5000 });
    await resuming;
    await vi.advanceTimersByTimeAsync(10);
    // Nothing new is heard, so the silence alone never ends it: the candidate selects “I’m finished”.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.of('interview.endAnswer')).toHaveLength(0);
    h.session.finish();
    await vi.advanceTimersByTimeAsync(10);
    expect(h.of('interview.endAnswer')).toMatchObject([{ questionMessageId: qid(3), segmentCount: 2, reason: 'button' }]);
    h.session.dispose();
  });

  it('starts the answer from its first segment when nothing was said before', async () => {
    const { h, resuming } = resumed();
    await resuming;
    await vi.advanceTimersByTimeAsync(10);
    expect(h.session.getSnapshot()).toMatchObject({ stage: 'listening', notice: null, segmentsSaved: 0 });
    await h.detector.say(1);
    expect(h.of('interview.answerSegment')).toMatchObject([{ segmentIndex: 0 }]);
    expect(h.of('interview.discardAnswer')).toHaveLength(0);
    h.session.dispose();
  });
});
