import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppError, Result } from '../../../shared/ipc/result';
import type { InterviewSession } from '../../../src-renderer/src/screens/interview/interview-session';
import { harness, qid, view } from './support/session-harness';

/**
 * “Ask this another way” (the `reask` accommodation, issue 17 point 6):
 * what was said reaches main before it asks, the new wording is played and
 * answered as any question, and a refusal leaves the answer going on.
 */

const ok = <T,>(data: T): Result<T> => ({ ok: true, data });
const failed = (error: AppError): Result<never> => ({ ok: false, error });
const snap = (h: { session: InterviewSession }) => h.session.getSnapshot();
const reworded = { ...view(1, { canReask: false }), currentQuestion: { ...view(1).currentQuestion!, messageId: 'question-1b', text: 'Put simply: Q1' } };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('asking a question another way', () => {
  it('sends what was said first, then plays and listens to the new wording, counting its answer from the start', async () => {
    const h = harness({
      'interview.start': () => ok(view(1, { canReask: true })),
      'interview.answerSegment': () => ok({ accepted: true }),
      'interview.reaskQuestion': () => ok({ interview: reworded }),
    });
    const starting = h.session.start('react');
    h.speak('q1');
    await starting;
    await vi.advanceTimersByTimeAsync(10);
    await h.detector.say(1);
    const reasking = h.session.reask();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.of('interview.answerSegment')).toHaveLength(1);
    expect(h.of('interview.reaskQuestion')).toEqual([{ interviewId: expect.any(String), questionMessageId: qid(1) }]);
    h.speak('q1b');
    await reasking;
    await vi.advanceTimersByTimeAsync(10);
    expect(snap(h)).toMatchObject({ stage: 'listening', question: { messageId: 'question-1b', text: 'Put simply: Q1' }, segmentsSaved: 0 });
    expect(snap(h).interview?.canReask).toBe(false);
    await h.detector.say(1);
    expect(h.of('interview.answerSegment').at(-1)).toMatchObject({ questionMessageId: 'question-1b', segmentIndex: 0 });
    h.session.dispose();
  });

  it('keeps listening to the same answer when main cannot ask it another way, and says why', async () => {
    const h = harness({
      'interview.start': () => ok(view(1, { canReask: true })),
      'interview.answerSegment': () => ok({ accepted: true }),
      'interview.reaskQuestion': () => failed({ code: 'unavailable', message: 'The AI interviewer could not ask the question another way. Please answer it as it is.' }),
    });
    const starting = h.session.start('react');
    h.speak('q1');
    await starting;
    await vi.advanceTimersByTimeAsync(10);
    await h.detector.say(1);
    await h.session.reask();
    await vi.advanceTimersByTimeAsync(10);
    expect(snap(h)).toMatchObject({ stage: 'listening', notice: expect.stringContaining('Please answer it as it is'), question: { messageId: qid(1) } });
    await h.detector.say(1);
    expect(h.of('interview.answerSegment').at(-1)).toMatchObject({ questionMessageId: qid(1), segmentIndex: 1 });
    h.session.dispose();
  });

  it('does nothing where the candidate has no re-ask', async () => {
    const h = harness({ 'interview.start': () => ok(view(1)) });
    const starting = h.session.start('react');
    h.speak('q1');
    await starting;
    await vi.advanceTimersByTimeAsync(10);
    await h.session.reask();
    expect(h.of('interview.reaskQuestion')).toHaveLength(0);
    expect(snap(h).stage).toBe('listening');
    h.session.dispose();
  });
});
