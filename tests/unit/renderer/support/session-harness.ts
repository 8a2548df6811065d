import { vi } from 'vitest';
import type { InterviewView } from '../../../../shared/domain/interview';
import type { KioskApi } from '../../../../shared/ipc/api';
import type { ChannelName, EventName } from '../../../../shared/ipc/contract';
import type { Result } from '../../../../shared/ipc/result';
import type { KioskCall } from '../../../../src-renderer/src/kiosk-context';
import { InterviewSession, type DetectorPort } from '../../../../src-renderer/src/screens/interview/interview-session';
import { AudioStreamRouter } from '../../../../src-renderer/src/voice/audio-streams';
import type { VoiceDetectorHandlers } from '../../../../src-renderer/src/voice/voice-detector';

/*
 * An InterviewSession with everything around it faked, shared by its tests:
 * main's answers by channel, a voice detector the test speaks through, and
 * question audio that sounds at once (or when `finish` says).
 */

export const ID = 'interview-1';
export const qid = (n: number) => `question-${n}`;

export function view(n: number | null, patch: Partial<InterviewView> = {}): InterviewView {
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
    answerMode: 'spoken',
    canReask: false,
    ...patch,
  };
}

export class FakeDetector implements DetectorPort {
  constructor(private readonly redemptionMs = 600) {}
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
  /** Speech from now, reported after the detector's redemption. */
  async say(seconds = 1): Promise<void> {
    this.handlers!.onSpeechStart();
    await vi.advanceTimersByTimeAsync(seconds * 1000 + this.redemptionMs);
    this.handlers!.onSpeechEnd(new Float32Array(16_000 * seconds).fill(0.1));
  }
}

export interface HarnessOptions {
  /** When a played question finishes sounding; at once by default. */
  finish?: () => Promise<void>;
  /** The detector's redemption (the session is told the same); 600 ms unless given. */
  redemptionMs?: number;
}

export type Answer = (input: never) => Result<unknown> | Promise<Result<unknown>>;

export function harness(answers: Partial<Record<ChannelName, Answer>>, options: HarnessOptions = {}) {
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
  /** Questions started and stopped sounding. */
  const sound = { played: 0, stopped: 0 };
  /** Every mute and unmute of a playing question, in order. */
  const muting: boolean[] = [];
  const audio = new AudioStreamRouter(() => ({
    play: () => void sound.played++,
    finish: options.finish ?? (() => Promise.resolve()),
    stop: () => void sound.stopped++,
    mute: (muted: boolean) => void muting.push(muted),
  }));
  on('interview.audio', (chunk) => audio.receive(chunk));
  const redemptionMs = options.redemptionMs ?? 600;
  const detector = new FakeDetector(redemptionMs);
  // The session is told the fake detector's redemption.
  const session = new InterviewSession({
    call,
    on,
    audio,
    detector: () => Promise.resolve(detector),
    now: () => Date.now(),
    audioStartTimeoutMs: 5000,
    turnTaking: { vadRedemptionMs: redemptionMs },
  });
  const speak = (streamId: string) => {
    emit('interview.audio', { streamId, seq: 0, sampleRate: 24_000, pcmBase64: Buffer.alloc(480).toString('base64'), final: false });
    emit('interview.audio', { streamId, seq: 1, sampleRate: 24_000, pcmBase64: '', final: true });
  };
  const of = (channel: ChannelName) => calls.filter((c) => c.channel === channel).map((c) => c.input);
  return { session, detector, emit, speak, calls, of, sound, muting };
}
