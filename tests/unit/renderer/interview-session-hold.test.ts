import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../../shared/ipc/result';
import type { InterviewSession } from '../../../src-renderer/src/screens/interview/interview-session';
import { harness, ID, qid, view } from './support/session-harness';

/**
 * The interview holds while the proctor has paused the sitting or the kiosk
 * is locked (issue 17): nothing sounds, nothing is heard, nothing said is
 * lost, and it carries on where it was once the sitting resumes.
 */

const ok = <T,>(data: T): Result<T> => ({ ok: true, data });
const stage = (h: { session: InterviewSession }) => h.session.getSnapshot().stage;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('holding the interview for the proctor', () => {
  it('stops listening mid-answer, keeps the words being spoken, and carries on with the same answer afterwards', async () => {
    const h = harness({
      'interview.start': () => ok(view(1)),
      'interview.answerSegment': () => ok({ accepted: true }),
      'interview.endAnswer': () => ok({ transcript: 'words', interview: view(2) }),
    });
    const starting = h.session.start('python');
    h.speak('q1');
    await starting;
    await vi.advanceTimersByTimeAsync(10);
    expect(stage(h)).toBe('listening');

    // The candidate is half-way through a sentence when the proctor pauses.
    h.detector.handlers!.onSpeechStart();
    await vi.advanceTimersByTimeAsync(500);
    h.detector.speakingSamples = 8000;
    h.session.holdForProctor(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.detector.listening).toBe(false);
    expect(h.of('interview.answerSegment')).toMatchObject([{ questionMessageId: qid(1), segmentIndex: 0 }]);
    expect(h.session.getSnapshot().hearing).toBe(false);

    // A long pause is not the end of the answer.
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(h.of('interview.endAnswer')).toHaveLength(0);
    expect(h.detector.listening).toBe(false);

    h.session.holdForProctor(false);
    await vi.advanceTimersByTimeAsync(10);
    expect(h.detector.listening).toBe(true);
    expect(stage(h)).toBe('listening');
    await h.detector.say(1);
    expect(h.of('interview.answerSegment').at(-1)).toMatchObject({ questionMessageId: qid(1), segmentIndex: 1 });
    await vi.advanceTimersByTimeAsync(2100);
    expect(h.of('interview.endAnswer')).toMatchObject([{ questionMessageId: qid(1), segmentCount: 2 }]);
    h.session.dispose();
  });

  it('silences a question being asked and asks it afresh afterwards', async () => {
    const h = harness(
      {
        'interview.start': () => ok(view(1)),
        'interview.speakQuestion': () => {
          h.speak('again');
          return ok({ streamId: 'again' });
        },
      },
      // Each question takes 3 s to sound.
      { finish: () => new Promise((resolve) => setTimeout(resolve, 3000)) },
    );
    // start() itself settles only once the question has been asked.
    const starting = h.session.start('python');
    h.speak('q1');
    await vi.advanceTimersByTimeAsync(500);
    expect(stage(h)).toBe('asking');

    h.session.holdForProctor(true);
    await starting;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.sound.stopped).toBeGreaterThan(0);
    expect(h.detector.listen).not.toHaveBeenCalled();
    expect(h.of('interview.speakQuestion')).toHaveLength(0);

    h.session.holdForProctor(false);
    await vi.advanceTimersByTimeAsync(3100);
    expect(h.of('interview.speakQuestion')).toEqual([{ interviewId: ID, messageId: qid(1) }]);
    expect(stage(h)).toBe('listening');
    expect(h.detector.listening).toBe(true);
    h.session.dispose();
  });

  it('lets an answer being ended finish, but plays the next question only after the hold', async () => {
    let answerEnded: (result: Result<unknown>) => void = () => undefined;
    const h = harness({
      'interview.start': () => ok(view(1)),
      'interview.answerSegment': () => ok({ accepted: true }),
      'interview.endAnswer': () => new Promise((resolve) => (answerEnded = resolve)),
      'interview.commitAnswer': () => ok({ saved: true }),
      'interview.speakQuestion': () => {
        h.speak('q2-again');
        return ok({ streamId: 'q2-again' });
      },
    });
    const starting = h.session.start('python');
    h.speak('q1');
    await starting;
    await vi.advanceTimersByTimeAsync(10);
    await h.detector.say(1);
    await vi.advanceTimersByTimeAsync(2100);
    expect(h.of('interview.endAnswer')).toHaveLength(1);
    expect(stage(h)).toBe('finishing');

    h.session.holdForProctor(true);
    const played = h.sound.played;
    // Main writes and speaks the next question meanwhile: none of it sounds.
    h.speak('q2');
    answerEnded(ok({ transcript: 'words', interview: view(2) }));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.sound.played).toBe(played);
    expect(h.detector.listening).toBe(false);
    // The answer is kept: the candidate cannot carry on with it after a pause.
    expect(h.of('interview.commitAnswer')).toEqual([{ interviewId: ID, questionMessageId: qid(1) }]);

    h.session.holdForProctor(false);
    await vi.advanceTimersByTimeAsync(10);
    expect(h.of('interview.speakQuestion')).toEqual([{ interviewId: ID, messageId: qid(2) }]);
    expect(h.sound.played).toBeGreaterThan(played);
    expect(stage(h)).toBe('listening');
    expect(h.session.getSnapshot().question).toMatchObject({ messageId: qid(2), number: 2 });
    h.session.dispose();
  });

  it('takes each change once: holding twice, or letting go without a hold, does nothing more', async () => {
    const h = harness({ 'interview.start': () => ok(view(1)) });
    const starting = h.session.start('python');
    h.speak('q1');
    await starting;
    await vi.advanceTimersByTimeAsync(10);
    expect(h.detector.listen).toHaveBeenCalledTimes(1);

    h.session.holdForProctor(false);
    h.session.holdForProctor(true);
    h.session.holdForProctor(true);
    expect(h.detector.pause).toHaveBeenCalledTimes(1);
    h.session.holdForProctor(false);
    h.session.holdForProctor(false);
    await vi.advanceTimersByTimeAsync(10);
    expect(h.detector.listen).toHaveBeenCalledTimes(2);
    h.session.dispose();
  });
});
