import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { messages } from '../../../src-renderer/src/screens/interview/interview-session';
import { harness, ID, qid, view } from './support/session-harness';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the interview session', () => {
  it('plays the question, uploads each segment, and ends the answer after the end-of-turn silence', async () => {
    let ended = 0;
    const h = harness({
      'interview.start': () => ({ ok: true, data: view(1) }),
      'interview.answerSegment': () => ({ ok: true, data: { accepted: true } }),
      'interview.endAnswer': () => {
        ended++;
        h.speak(`q${ended + 1}`);
        return { ok: true, data: { transcript: 'words', interview: view(2) } };
      },
    });
    const starting = h.session.start('python');
    h.speak('q1');
    await starting;
    await vi.advanceTimersByTimeAsync(10);
    expect(h.session.getSnapshot().stage).toBe('listening');

    await h.detector.say(1);
    await vi.advanceTimersByTimeAsync(1000); // a 1.6 s pause so far: still the same answer
    expect(h.of('interview.endAnswer')).toHaveLength(0);
    await h.detector.say(2);
    await vi.advanceTimersByTimeAsync(1300);
    expect(h.of('interview.endAnswer')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(h.of('interview.endAnswer')).toEqual([
      {
        interviewId: ID,
        questionMessageId: qid(1),
        segmentCount: 2,
        reason: 'silence',
        continuable: true,
        // No words came back for these segments: the full silence (2 s, seen at the next 100 ms tick), no rule.
        decision: { decidedBy: 'silence', silenceMs: 2090, rule: null },
      },
    ]);
    const segments = h.of('interview.answerSegment');
    expect(segments.map((s) => s.segmentIndex)).toEqual([0, 1]);
    // Listening began 10 ms after the question ended playing (the first timer step above).
    expect(segments[0]).toMatchObject({ questionMessageId: qid(1), startedAfterQuestionMs: 10, endedAfterQuestionMs: 1010 });
    expect(segments[1]).toMatchObject({ startedAfterQuestionMs: 2610, endedAfterQuestionMs: 4610 });

    await vi.advanceTimersByTimeAsync(10);
    const snapshot = h.session.getSnapshot();
    expect(snapshot.stage).toBe('listening');
    expect(snapshot.question).toMatchObject({ messageId: qid(2), number: 2 });
    await h.detector.say(1);
    expect(h.of('interview.answerSegment').at(-1)).toMatchObject({ questionMessageId: qid(2), segmentIndex: 0 });
    h.session.dispose();
  });

  it('asks for the answer again when main could not make out any words', async () => {
    let ends = 0;
    const h = harness({
      'interview.start': () => ({ ok: true, data: view(1) }),
      'interview.answerSegment': () => ({ ok: true, data: { accepted: true } }),
      'interview.discardAnswer': () => ({ ok: true, data: { discarded: 1 } }),
      'interview.endAnswer': () =>
        ++ends === 1
          ? { ok: false, error: { code: 'answer_not_heard', message: 'No words.' } }
          : { ok: true, data: { transcript: 'words', interview: view(null) } },
    });
    const starting = h.session.start('python');
    h.speak('q1');
    await starting;
    await vi.advanceTimersByTimeAsync(10);
    await h.detector.say(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(h.of('interview.discardAnswer')).toEqual([{ interviewId: ID, questionMessageId: qid(1) }]);
    expect(h.session.getSnapshot()).toMatchObject({ stage: 'listening', notice: messages.notUnderstood });
    await h.detector.say(1);
    expect(h.of('interview.answerSegment').at(-1)).toMatchObject({ segmentIndex: 0 });
    await vi.advanceTimersByTimeAsync(2000);
    expect(h.session.getSnapshot().stage).toBe('ready-to-submit');
    h.session.dispose();
  });

  it('waits while the AI service is down and carries on by itself when it is back, losing nothing', async () => {
    let ends = 0;
    const h = harness({
      'interview.start': () => ({ ok: true, data: view(1) }),
      'interview.answerSegment': () => ({ ok: true, data: { accepted: true } }),
      'interview.endAnswer': () =>
        ++ends <= 2
          ? { ok: false, error: { code: 'unavailable', message: 'Down.' } }
          : { ok: true, data: { transcript: 'words', interview: view(null) } },
    });
    const starting = h.session.start('python');
    h.speak('q1');
    await starting;
    await vi.advanceTimersByTimeAsync(10);
    await h.detector.say(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(h.session.getSnapshot()).toMatchObject({ stage: 'waiting', providerMessage: expect.stringContaining('Please wait a moment') });
    expect(ends).toBe(1);
    await vi.advanceTimersByTimeAsync(2000); // the first automatic retry (2 s), still down
    expect(ends).toBe(2);
    expect(h.session.getSnapshot().stage).toBe('waiting');
    await vi.advanceTimersByTimeAsync(1000); // the next try waits longer (5 s)
    expect(ends).toBe(2);
    await vi.advanceTimersByTimeAsync(5000);
    expect(ends).toBe(3);
    expect(h.of('interview.endAnswer').every((input) => input.segmentCount === 1)).toBe(true);
    expect(h.session.getSnapshot()).toMatchObject({ stage: 'ready-to-submit', providerMessage: null });
    h.session.dispose();
  });

  it('keeps a long answer going, closing a segment every minute while the candidate talks on', async () => {
    const h = harness({
      'interview.start': () => ({ ok: true, data: view(1) }),
      'interview.answerSegment': () => ({ ok: true, data: { accepted: true } }),
    });
    const starting = h.session.start('python');
    h.speak('q1');
    await starting;
    await vi.advanceTimersByTimeAsync(10);
    h.detector.handlers!.onSpeechStart();
    for (let minute = 1; minute <= 3; minute++) {
      h.detector.speakingSamples = 16_000 * 60;
      // The next 100 ms tick past the minute.
      await vi.advanceTimersByTimeAsync(60_100);
      // The split: pause closed the segment, listening resumed, and the detector hears the speech going on.
      expect(h.detector.listening).toBe(true);
      h.detector.handlers!.onSpeechStart();
    }
    const segments = h.of('interview.answerSegment');
    expect(segments.map((s) => s.segmentIndex)).toEqual([0, 1, 2]);
    expect(h.of('interview.endAnswer')).toHaveLength(0);
    expect(h.session.getSnapshot()).toMatchObject({ stage: 'listening', hearing: true, segmentsSaved: 3 });
    h.session.dispose();
  }, 30_000); // three simulated minutes of fake timers, each segment encoded: seconds on a busy CI machine

  it('shows the question as text and listens when its audio never comes', async () => {
    const h = harness({ 'interview.start': () => ({ ok: true, data: view(1) }) });
    void h.session.start('python');
    await vi.advanceTimersByTimeAsync(10);
    expect(h.session.getSnapshot().stage).toBe('asking');
    await vi.advanceTimersByTimeAsync(5000);
    expect(h.session.getSnapshot()).toMatchObject({ stage: 'listening', notice: messages.textOnly });
    h.session.dispose();
  });
});

describe('turn-taking with words, writing ahead and carrying on', () => {
  const transcript = (h: ReturnType<typeof harness>, question: number, segmentIndex: number, text: string) =>
    h.emit('interview.segmentTranscript', { interviewId: ID, questionMessageId: qid(question), segmentIndex, text, final: true });

  /** The interview started and its first question played (`release` lets a slow one end): the candidate's turn. */
  async function listeningForTheFirstAnswer(h: ReturnType<typeof harness>, release?: () => void): Promise<void> {
    const starting = h.session.start('python');
    h.speak('q1');
    release?.();
    await starting;
    await vi.advanceTimersByTimeAsync(10);
  }

  /** A question that keeps sounding until `release()`: the continue window runs while it plays. */
  function slowQuestion() {
    let release = () => {};
    const finish = () => new Promise<void>((resolve) => (release = resolve));
    return { finish, release: () => release() };
  }

  it('ends a finished-sounding answer after a short silence, writing the next question ahead first, and counts parts per answer', async () => {
    const h = harness({
      'interview.start': () => ({ ok: true, data: view(1) }),
      'interview.answerSegment': () => ({ ok: true, data: { accepted: true } }),
      'interview.speculate': () => ({ ok: true, data: { started: true } }),
      'interview.endAnswer': () => {
        h.speak('q2');
        return { ok: true, data: { transcript: 'words', interview: view(2) } };
      },
      'interview.commitAnswer': () => ({ ok: true, data: { saved: true } }),
    }, { redemptionMs: 300 });
    await listeningForTheFirstAnswer(h);
    await h.detector.say(1);
    // 300 ms of silence so far (the detector's redemption); the words arrive: a finished sentence.
    transcript(h, 1, 0, 'I would keep the state in a reducer.');
    await vi.advanceTimersByTimeAsync(100);
    expect(h.of('interview.speculate')).toEqual([{ interviewId: ID, questionMessageId: qid(1), segmentCount: 1 }]);
    expect(h.of('interview.endAnswer')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(400);
    expect(h.of('interview.endAnswer')).toEqual([
      // 700 ms of silence is enough; the 100 ms tick that first sees it comes at 790 ms.
      expect.objectContaining({ segmentCount: 1, continuable: true, decision: { decidedBy: 'words', silenceMs: 790, rule: 'ends-with-full-stop' } }),
    ]);
    await vi.advanceTimersByTimeAsync(10);
    // The question played to its end: the turn is kept, and the parts counter starts again for question 2.
    expect(h.of('interview.commitAnswer')).toEqual([{ interviewId: ID, questionMessageId: qid(1) }]);
    expect(h.session.getSnapshot()).toMatchObject({ stage: 'listening', segmentsSaved: 0, canCarryOn: false, question: { messageId: qid(2) } });
    await h.detector.say(1);
    await vi.advanceTimersByTimeAsync(10);
    expect(h.session.getSnapshot().segmentsSaved).toBe(1);
    h.session.dispose();
  });

  it('writes the next question ahead at a pause inside the segment, counting it, and drops it when speech comes back', async () => {
    const h = harness({
      'interview.start': () => ({ ok: true, data: view(1) }),
      'interview.liveAudio': () => ({ ok: true, data: { accepted: true } }),
      'interview.speculate': () => ({ ok: true, data: { started: true } }),
      'interview.continueAnswer': () => ({ ok: true, data: { interview: view(1) } }),
    }, { redemptionMs: 300 });
    await listeningForTheFirstAnswer(h);
    const frame = () => new Float32Array(512).fill(0.1);
    h.detector.handlers!.onSpeechStart();
    for (let i = 0; i < 20; i++) h.detector.handlers!.onFrame!(frame(), 0.9);
    h.detector.handlers!.onFrame!(frame(), 0.05);
    h.detector.handlers!.onFrame!(frame(), 0.05);
    // The live stream committed at the pause; main says the words up to it. The detector has not closed the segment.
    expect(h.of('interview.liveAudio').at(-1)).toMatchObject({ segmentIndex: 0, pause: true });
    h.emit('interview.segmentTranscript', { interviewId: ID, questionMessageId: qid(1), segmentIndex: 0, text: 'I would keep the state in a reducer.', final: false, upToPause: true });
    expect(h.of('interview.speculate')).toEqual([{ interviewId: ID, questionMessageId: qid(1), segmentCount: 1 }]);
    expect(h.of('interview.answerSegment')).toHaveLength(0);
    // Speech comes back in the same segment: what was written ahead is dropped at once.
    h.detector.handlers!.onFrame!(frame(), 0.9);
    expect(h.of('interview.continueAnswer')).toEqual([{ interviewId: ID, questionMessageId: qid(1) }]);
    h.session.dispose();
  });

  it('waits the full silence when the words are unfinished, and drops what was written ahead when the candidate speaks again', async () => {
    const h = harness({
      'interview.start': () => ({ ok: true, data: view(1) }),
      'interview.answerSegment': () => ({ ok: true, data: { accepted: true } }),
      'interview.speculate': () => ({ ok: true, data: { started: true } }),
      'interview.continueAnswer': () => ({ ok: true, data: { interview: view(1) } }),
    }, { redemptionMs: 300 });
    await listeningForTheFirstAnswer(h);
    await h.detector.say(1);
    transcript(h, 1, 0, 'I would use a');
    await vi.advanceTimersByTimeAsync(1600);
    // 1.9 s of thinking after "a": still their turn, and nothing written ahead.
    expect(h.of('interview.endAnswer')).toHaveLength(0);
    expect(h.of('interview.speculate')).toHaveLength(0);
    await h.detector.say(1);
    transcript(h, 1, 1, 'reducer, because the state changes together.');
    await vi.advanceTimersByTimeAsync(100);
    expect(h.of('interview.speculate')).toEqual([{ interviewId: ID, questionMessageId: qid(1), segmentCount: 2 }]);
    // They go on after all: what was written ahead is dropped at once.
    h.detector.handlers!.onSpeechStart();
    expect(h.of('interview.continueAnswer')).toEqual([{ interviewId: ID, questionMessageId: qid(1) }]);
    h.session.dispose();
  });

  /**
   * Question 1 answered in one segment and ended by the full silence; the
   * next question has begun and keeps sounding until `question.release()`.
   */
  async function answeredWithQuestionPlaying() {
    const question = slowQuestion();
    const h = harness(
      {
        'interview.start': () => ({ ok: true, data: view(1) }),
        'interview.answerSegment': () => ({ ok: true, data: { accepted: true } }),
        'interview.endAnswer': () => {
          h.speak('q2');
          return { ok: true, data: { transcript: 'words', interview: view(2) } };
        },
        'interview.continueAnswer': () => ({ ok: true, data: { interview: view(1) } }),
        'interview.commitAnswer': () => ({ ok: true, data: { saved: true } }),
      },
      { finish: question.finish },
    );
    await listeningForTheFirstAnswer(h, question.release);
    await h.detector.say(1);
    await vi.advanceTimersByTimeAsync(2100);
    expect(h.of('interview.endAnswer')).toHaveLength(1);
    return { h, question };
  }

  it('stops the next question and reopens the answer when the candidate speaks as it begins', async () => {
    const { h } = await answeredWithQuestionPlaying();
    expect(h.session.getSnapshot()).toMatchObject({ stage: 'asking', canCarryOn: true, question: { messageId: qid(2) } });

    const stoppedBefore = h.sound.stopped;
    h.detector.handlers!.onSpeechStart();
    // At their first word the question goes quiet; it is not yet taken back.
    expect(h.muting).toEqual([true]);
    expect(h.of('interview.continueAnswer')).toHaveLength(0);
    // Still speaking once an echo would have stopped with the question: it is the candidate.
    await vi.advanceTimersByTimeAsync(650);
    expect(h.sound.stopped).toBeGreaterThan(stoppedBefore);
    expect(h.of('interview.continueAnswer')).toEqual([{ interviewId: ID, questionMessageId: qid(1) }]);
    expect(h.session.getSnapshot()).toMatchObject({ stage: 'listening', notice: messages.carriedOn, question: { messageId: qid(1) } });
    await vi.advanceTimersByTimeAsync(1000);
    h.detector.handlers!.onSpeechEnd(new Float32Array(16_000).fill(0.1));
    await vi.advanceTimersByTimeAsync(10);
    // Filed as the next part of the same answer.
    expect(h.of('interview.answerSegment').at(-1)).toMatchObject({ questionMessageId: qid(1), segmentIndex: 1 });
    expect(h.of('interview.commitAnswer')).toHaveLength(0);
    h.session.dispose();
  });

  it('takes sound that stops when the question goes quiet for its echo, and keeps the turn once the continue window has passed', async () => {
    const { h, question } = await answeredWithQuestionPlaying();
    const segments = h.of('interview.answerSegment').length;
    h.detector.handlers!.onSpeechStart();
    await vi.advanceTimersByTimeAsync(400);
    // The question muted, the "speech" ended with it: its own echo (or a cough). It is heard again, none of it kept.
    h.detector.handlers!.onSpeechEnd(new Float32Array(6_400).fill(0.1));
    expect(h.muting).toEqual([true, false]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.of('interview.continueAnswer')).toHaveLength(0);
    expect(h.of('interview.answerSegment')).toHaveLength(segments);
    expect(h.session.getSnapshot()).toMatchObject({ stage: 'asking', canCarryOn: true, question: { messageId: qid(2) } });
    await vi.advanceTimersByTimeAsync(3000);
    expect(h.of('interview.commitAnswer')).toEqual([{ interviewId: ID, questionMessageId: qid(1) }]);
    expect(h.session.getSnapshot()).toMatchObject({ stage: 'asking', canCarryOn: false });
    question.release();
    await vi.advanceTimersByTimeAsync(10);
    expect(h.session.getSnapshot()).toMatchObject({ stage: 'listening', question: { messageId: qid(2) } });
    h.session.dispose();
  });

  it('lets the candidate take the question back with “I wasn’t finished”', async () => {
    const { h } = await answeredWithQuestionPlaying();
    h.session.carryOn();
    await vi.advanceTimersByTimeAsync(10);
    expect(h.of('interview.continueAnswer')).toEqual([{ interviewId: ID, questionMessageId: qid(1) }]);
    expect(h.session.getSnapshot()).toMatchObject({ stage: 'listening', canCarryOn: false, question: { messageId: qid(1) } });
    // Nothing more said: the answer ends again after the silence, still one segment.
    await vi.advanceTimersByTimeAsync(2100);
    expect(h.of('interview.endAnswer').at(-1)).toMatchObject({ questionMessageId: qid(1), segmentCount: 1 });
    h.session.dispose();
  });
});
