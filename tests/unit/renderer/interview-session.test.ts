import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InterviewView } from '../../../shared/domain/interview';
import type { KioskApi } from '../../../shared/ipc/api';
import type { ChannelName, EventName } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/ipc/result';
import type { KioskCall } from '../../../src-renderer/src/kiosk-context';
import { InterviewSession, messages, type DetectorPort } from '../../../src-renderer/src/screens/interview/interview-session';
import { AudioStreamRouter } from '../../../src-renderer/src/voice/audio-streams';
import type { VoiceDetectorHandlers } from '../../../src-renderer/src/voice/voice-detector';

const ID = 'interview-1';
const qid = (n: number) => `question-${n}`;

function view(n: number | null, patch: Partial<InterviewView> = {}): InterviewView {
  return {
    id: ID,
    roleType: 'python',
    status: 'in_progress',
    phase: 'warmup',
    questionsAsked: n ?? 2,
    answersGiven: 0,
    minQuestions: 12,
    maxQuestions: 20,
    currentQuestion: n === null ? null : { messageId: qid(n), sequenceNumber: n, number: n, text: `Q${n}`, phase: 'warmup', skillArea: 'x' },
    readyToSubmit: n === null,
    startedAt: null,
    endOfTurnSilenceMs: 2000,
    ...patch,
  };
}

class FakeDetector implements DetectorPort {
  handlers: VoiceDetectorHandlers | null = null;
  listening = false;
  listen = vi.fn(() => {
    this.listening = true;
    return Promise.resolve();
  });
  /** Samples of speech under way, which pausing closes as a segment (submitUserSpeechOnPause). */
  speakingSamples = 0;
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
  /** One second of speech from `at`, reported after the detector's 600 ms redemption. */
  async say(seconds = 1): Promise<void> {
    this.handlers!.onSpeechStart();
    await vi.advanceTimersByTimeAsync(seconds * 1000 + 600);
    this.handlers!.onSpeechEnd(new Float32Array(16_000 * seconds).fill(0.1));
  }
}

function harness(answers: Partial<Record<ChannelName, (input: never) => Result<unknown>>>) {
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
  const audio = new AudioStreamRouter(() => ({ play: () => undefined, finish: () => Promise.resolve(), stop: () => undefined }));
  on('interview.audio', (chunk) => audio.receive(chunk));
  const detector = new FakeDetector();
  const session = new InterviewSession({ call, on, audio, detector: () => Promise.resolve(detector), now: () => Date.now(), audioStartTimeoutMs: 5000 });
  const speak = (streamId: string) => {
    emit('interview.audio', { streamId, seq: 0, sampleRate: 24_000, pcmBase64: Buffer.alloc(480).toString('base64'), final: false });
    emit('interview.audio', { streamId, seq: 1, sampleRate: 24_000, pcmBase64: '', final: true });
  };
  const of = (channel: ChannelName) => calls.filter((c) => c.channel === channel).map((c) => c.input);
  return { session, detector, emit, speak, calls, of };
}

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
    expect(h.of('interview.endAnswer')).toEqual([{ interviewId: ID, questionMessageId: qid(1), segmentCount: 2, reason: 'silence' }]);
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
    h.emit('interview.providerStatus', { message: 'The AI service is not responding.', retryInMs: 30_000 });
    await vi.advanceTimersByTimeAsync(2000);
    expect(h.session.getSnapshot()).toMatchObject({ stage: 'waiting', providerMessage: 'The AI service is not responding.' });
    await vi.advanceTimersByTimeAsync(2000); // the first automatic retry, still down
    expect(ends).toBe(2);
    h.emit('interview.providerStatus', { message: null, retryInMs: null });
    await vi.advanceTimersByTimeAsync(10);
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
  });

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
