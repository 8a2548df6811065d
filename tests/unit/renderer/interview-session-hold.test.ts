import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InterviewView } from '../../../shared/domain/interview';
import type { KioskApi } from '../../../shared/ipc/api';
import type { ChannelName, EventName } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/ipc/result';
import type { KioskCall } from '../../../src-renderer/src/kiosk-context';
import { InterviewSession, type DetectorPort } from '../../../src-renderer/src/screens/interview/interview-session';
import { AudioStreamRouter } from '../../../src-renderer/src/voice/audio-streams';
import type { VoiceDetectorHandlers } from '../../../src-renderer/src/voice/voice-detector';

/**
 * The interview holds while the proctor has paused the sitting or the kiosk
 * is locked (issue 17): nothing sounds, nothing is heard, nothing said is
 * lost, and it carries on where it was once the sitting resumes.
 */

const ID = 'interview-1';
const qid = (n: number) => `question-${n}`;
const REDEMPTION_MS = 600;

function view(n: number): InterviewView {
  return {
    id: ID,
    roleType: 'python',
    status: 'in_progress',
    phase: 'warmup',
    questionsAsked: n,
    answersGiven: n - 1,
    minQuestions: 12,
    maxQuestions: 20,
    currentQuestion: { messageId: qid(n), sequenceNumber: n, number: n, text: `Q${n}`, phase: 'warmup', skillArea: 'x' },
    readyToSubmit: false,
    startedAt: null,
    endOfTurnSilenceMs: 2000,
  };
}

class FakeDetector implements DetectorPort {
  handlers: VoiceDetectorHandlers | null = null;
  listening = false;
  /** Samples of speech under way, which pausing closes as a segment. */
  speakingSamples = 0;
  listen = vi.fn(() => {
    this.listening = true;
    return Promise.resolve();
  });
  pause = vi.fn(() => {
    this.listening = false;
    if (this.speakingSamples > 0) {
      const audio = new Float32Array(this.speakingSamples).fill(0.1);
      this.speakingSamples = 0;
      this.handlers?.onSpeechEnd(audio);
    }
    return Promise.resolve();
  });
  setHandlers(handlers: VoiceDetectorHandlers | null): void {
    this.handlers = handlers;
  }
  async say(seconds: number): Promise<void> {
    this.handlers!.onSpeechStart();
    await vi.advanceTimersByTimeAsync(seconds * 1000 + REDEMPTION_MS);
    this.handlers!.onSpeechEnd(new Float32Array(16_000 * seconds).fill(0.1));
  }
}

type Answer = (input: never) => Result<unknown> | Promise<Result<unknown>>;

function harness(answers: Partial<Record<ChannelName, Answer>>, options: { finish?: () => Promise<void> } = {}) {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const on = ((event: EventName, listener: (payload: unknown) => void) => {
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  }) as KioskApi['on'];
  const emit = (event: EventName, payload: unknown) => listeners.get(event)?.forEach((listener) => listener(payload));
  const calls: { channel: ChannelName; input: Record<string, unknown> }[] = [];
  const call = (async (channel: ChannelName, input: never) => {
    calls.push({ channel, input });
    const answer = answers[channel];
    return answer ? answer(input) : { ok: true, data: {} };
  }) as KioskCall;
  const sound = { played: 0, stopped: 0 };
  const audio = new AudioStreamRouter(() => ({
    play: () => void sound.played++,
    finish: options.finish ?? (() => Promise.resolve()),
    stop: () => void sound.stopped++,
  }));
  on('interview.audio', (chunk) => audio.receive(chunk));
  const detector = new FakeDetector();
  const session = new InterviewSession({
    call,
    on,
    audio,
    detector: () => Promise.resolve(detector),
    now: () => Date.now(),
    audioStartTimeoutMs: 5000,
    turnTaking: { vadRedemptionMs: REDEMPTION_MS },
  });
  const speak = (streamId: string) => {
    emit('interview.audio', { streamId, seq: 0, sampleRate: 24_000, pcmBase64: Buffer.alloc(480).toString('base64'), final: false });
    emit('interview.audio', { streamId, seq: 1, sampleRate: 24_000, pcmBase64: '', final: true });
  };
  const of = (channel: ChannelName) => calls.filter((c) => c.channel === channel).map((c) => c.input);
  return { session, detector, speak, of, sound };
}

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
