import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppError, Result } from '../../../shared/ipc/result';
import { messages, type InterviewSession } from '../../../src-renderer/src/screens/interview/interview-session';
import { harness, qid, view } from './support/session-harness';

/**
 * Typed answers (issue 17, point 6): a candidate granted them never has
 * the microphone opened; the answer is what they type, sent with “Send my
 * answer”, and nothing typed is lost to a failure or the proctor's pause.
 */

const ok = <T,>(data: T): Result<T> => ({ ok: true, data });
const failed = (error: AppError): Result<never> => ({ ok: false, error });
const typedView = (n: number | null) => view(n, { answerMode: 'typed' });
const snap = (h: { session: InterviewSession }) => h.session.getSnapshot();

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

async function started(answers: Parameters<typeof harness>[0]) {
  const h = harness({ 'interview.start': () => ok(typedView(1)), ...answers });
  const starting = h.session.start('react');
  h.speak('q1');
  await starting;
  await vi.advanceTimersByTimeAsync(10);
  return h;
}

describe('an interview answered by typing', () => {
  it('never opens the microphone, and sends what was typed with the time to the first key', async () => {
    const h = await started({ 'interview.typedAnswer': () => ok({ transcript: 'typed', interview: typedView(2) }) });
    expect(snap(h).stage).toBe('listening');
    expect(h.detector.listen).not.toHaveBeenCalled();

    // Silence is not the end of a typed answer. (The question ended 10 ms ago.)
    await vi.advanceTimersByTimeAsync(30_000);
    expect(h.of('interview.typedAnswer')).toHaveLength(0);

    h.session.setDraft('I would lift');
    await vi.advanceTimersByTimeAsync(20_000);
    h.session.setDraft('I would lift the state up.');
    h.session.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.of('interview.typedAnswer')).toEqual([
      { interviewId: expect.any(String), questionMessageId: qid(1), text: 'I would lift the state up.', startedAfterQuestionMs: 30_010, sentAfterQuestionMs: 50_010 },
    ]);
    h.speak('q2');
    await vi.advanceTimersByTimeAsync(10);
    expect(snap(h)).toMatchObject({ stage: 'listening', draft: '', question: { messageId: qid(2) } });
    expect(h.detector.listen).not.toHaveBeenCalled();
    h.session.dispose();
  });

  it('asks for words before sending an empty answer', async () => {
    const h = await started({});
    h.session.setDraft('   ');
    h.session.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.of('interview.typedAnswer')).toHaveLength(0);
    expect(snap(h)).toMatchObject({ stage: 'listening', notice: messages.typeFirst });
    h.session.setDraft('Something');
    expect(snap(h).notice).toBeNull();
    h.session.dispose();
  });

  it('keeps the draft through a refused send and sends it again on “Try again”', async () => {
    let refuse = true;
    const h = await started({
      'interview.typedAnswer': () => (refuse ? failed({ code: 'internal', message: 'Something went wrong (ref 42).' }) : ok({ transcript: 'typed', interview: typedView(2) })),
    });
    h.session.setDraft('My whole careful answer.');
    h.session.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(snap(h)).toMatchObject({ stage: 'failed', draft: 'My whole careful answer.', problem: { action: 'end-answer' } });
    // Not editable while the problem is on screen: what is shown is what will be sent.
    h.session.setDraft('changed');
    expect(snap(h).draft).toBe('My whole careful answer.');

    refuse = false;
    const recovering = h.session.recover();
    h.speak('q2');
    await recovering;
    expect(h.of('interview.typedAnswer').map((input) => input['text'])).toEqual(['My whole careful answer.', 'My whole careful answer.']);
    h.session.dispose();
  });

  it('waits out an AI outage and sends the same answer by itself', async () => {
    let calls = 0;
    const h = await started({
      'interview.typedAnswer': () => (++calls === 1 ? failed({ code: 'unavailable', message: 'The AI service is down.' }) : ok({ transcript: 'typed', interview: typedView(2) })),
    });
    h.session.setDraft('Answer during an outage.');
    h.session.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(snap(h).stage).toBe('waiting');
    await vi.advanceTimersByTimeAsync(2_100);
    expect(h.of('interview.typedAnswer')).toHaveLength(2);
    expect(h.of('interview.typedAnswer')[1]).toMatchObject({ text: 'Answer during an outage.' });
    h.session.dispose();
  });

  it('shows main’s reason when it refuses the text, and leaves the draft to change', async () => {
    const h = await started({ 'interview.typedAnswer': () => failed({ code: 'invalid_input', message: 'An answer can be at most 12,000 characters.' }) });
    h.session.setDraft('x'.repeat(50));
    h.session.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(snap(h)).toMatchObject({ stage: 'listening', notice: 'An answer can be at most 12,000 characters.', draft: 'x'.repeat(50) });
    h.session.setDraft('shorter');
    expect(snap(h).draft).toBe('shorter');
    h.session.dispose();
  });

  it('keeps the draft through the proctor’s pause, and clears it only when asked', async () => {
    const h = await started({});
    h.session.setDraft('Half an answer');
    h.session.holdForProctor(true);
    await vi.advanceTimersByTimeAsync(60_000);
    h.session.holdForProctor(false);
    await vi.advanceTimersByTimeAsync(10);
    expect(snap(h)).toMatchObject({ stage: 'listening', draft: 'Half an answer' });
    await h.session.reRecord();
    expect(snap(h)).toMatchObject({ draft: '', notice: messages.typedCleared });
    expect(h.of('interview.discardAnswer')).toHaveLength(0);
    h.session.dispose();
  });
});
