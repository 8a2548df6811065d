import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventName } from '../../../shared/ipc/contract';
import type { KioskApi } from '../../../shared/ipc/api';
import type { KioskCall } from '../../../src-renderer/src/kiosk-context';
import { InterviewSession, messages, type DetectorPort, type SessionSnapshot, type Stage } from '../../../src-renderer/src/screens/interview/interview-session';
import { AudioStreamRouter } from '../../../src-renderer/src/voice/audio-streams';
import type { VoiceDetectorHandlers } from '../../../src-renderer/src/voice/voice-detector';
import { startFakeOpenAi, type FakeOpenAi } from '../../fixtures/fake-openai/index';
import { createInterviewHarness, scriptAi, WINDOW, type InterviewHarness } from '../interview/support';

/**
 * The kiosk page's interview session (src-renderer) against the real main
 * process: the real app's dispatcher and events, SQLite, and the fake OpenAI
 * server over HTTP, wired as the browser host wires them. The unit tests
 * script main's answers; here main is real, so renderer and main must agree
 * on what "hear the question again", "start my answer again" and carrying on
 * after a reload do to the stored answer. Only the microphone's voice
 * detector and the speaker are stand-ins (there are none in Node).
 */

/** The voice detector, played by the test: it hears what the test says. */
class Microphone implements DetectorPort {
  private handlers: VoiceDetectorHandlers | null = null;
  listening = false;
  listen(): Promise<void> {
    this.listening = true;
    return Promise.resolve();
  }
  pause(): Promise<void> {
    this.listening = false;
    return Promise.resolve();
  }
  setHandlers(handlers: VoiceDetectorHandlers | null): void {
    this.handlers = handlers;
  }
  /** A stretch of speech, closed by the detector as one segment (16 kHz samples). */
  say(seconds: number): void {
    if (!this.listening || !this.handlers) throw new Error('the session is not listening');
    this.handlers.onSpeechStart();
    this.handlers.onSpeechEnd(Float32Array.from({ length: 16_000 * seconds }, (_, i) => 0.2 * Math.sin(i / 8)));
  }
}

let server: FakeOpenAi;
let h: InterviewHarness;
const sessions: InterviewSession[] = [];

beforeAll(async () => {
  server = await startFakeOpenAi();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  for (const session of sessions.splice(0)) session.dispose();
  h?.close();
});

/** A page's session on the candidate's window, as the page builds it over window.kiosk. */
function openPage(): { session: InterviewSession; microphone: Microphone } {
  const call: KioskCall = (channel, input) => h.app.dispatch(channel, input, { windowId: WINDOW, trustedSender: true }) as never;
  const on = ((event: EventName, listener: (payload: unknown) => void) =>
    h.app.events.subscribe((windowId, name, payload) => {
      if (windowId === WINDOW && name === event) listener(payload);
    })) as KioskApi['on'];
  // A speaker that has played everything as soon as it is given it.
  const audio = new AudioStreamRouter(() => ({ play: () => undefined, finish: () => Promise.resolve(), stop: () => undefined }));
  on('interview.audio', (chunk) => audio.receive(chunk));
  const microphone = new Microphone();
  const session = new InterviewSession({ call, on, audio, detector: () => Promise.resolve(microphone), audioStartTimeoutMs: 10_000 });
  sessions.push(session);
  return { session, microphone };
}

async function reach(session: InterviewSession, stage: Stage, what = ''): Promise<SessionSnapshot> {
  for (let i = 0; i < 500; i++) {
    const snapshot = session.getSnapshot();
    if (snapshot.stage === stage && (stage !== 'listening' || snapshot.question)) return snapshot;
    if (snapshot.stage === 'failed') throw new Error(`the session failed: ${snapshot.problem?.message}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the session never reached ${stage} ${what}; it is ${session.getSnapshot().stage}`);
}

/** Until every segment said so far is stored in main. */
async function saved(session: InterviewSession, count: number): Promise<void> {
  for (let i = 0; i < 500 && !(session.getSnapshot().segmentsSaved === count && session.getSnapshot().segmentsWaiting === 0); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(session.getSnapshot()).toMatchObject({ segmentsSaved: count, segmentsWaiting: 0 });
}

/** What main stored as the candidate's answers, in order. */
function storedAnswers(): string[] {
  return h.rows<{ content_text: string }>("SELECT content_text FROM interview_messages WHERE message_type = 'candidate_response' ORDER BY sequence_number").map((row) => row.content_text);
}

async function begin(): Promise<{ session: InterviewSession; microphone: Microphone }> {
  h = createInterviewHarness(server);
  scriptAi(server, { transcript: (k) => `Take ${k}: I would keep the state in a reducer.` });
  await h.signUp('casey@example.com');
  const page = openPage();
  await page.session.start('react');
  await reach(page.session, 'listening', 'after the first question');
  return page;
}

describe('the interview page against the real main', () => {
  it('plays each question, stores the answer said, and moves on to the next question', async () => {
    const { session, microphone } = await begin();
    expect(session.getSnapshot().question).toMatchObject({ number: 1 });
    microphone.say(1);
    await saved(session, 1);
    session.finish();
    await reach(session, 'finishing');
    const next = await reach(session, 'listening', 'after the first answer');
    expect(next.question).toMatchObject({ number: 2 });
    expect(storedAnswers()).toEqual(['Take 1: I would keep the state in a reducer.']);
    // "I'm finished" before a word was said: main is not asked, the page asks for an answer.
    session.finish();
    const reminded = await reach(session, 'listening', 'after finishing without an answer');
    expect(reminded.notice).toBe(messages.noAnswerYet);
    expect(storedAnswers()).toHaveLength(1);
  });

  it('"Start my answer again" clears what main stored, and only the new answer is kept', async () => {
    const { session, microphone } = await begin();
    microphone.say(2);
    microphone.say(1);
    await saved(session, 2);
    await session.reRecord();
    const cleared = await reach(session, 'listening', 'after re-recording');
    expect(cleared).toMatchObject({ notice: messages.cleared, segmentsSaved: 0 });

    microphone.say(1);
    await saved(session, 1);
    session.finish();
    await reach(session, 'finishing');
    await reach(session, 'listening', 'after the new answer');
    // The third segment said was the only one kept: numbered 0 again, and main took it.
    expect(storedAnswers()).toEqual(['Take 3: I would keep the state in a reducer.']);
  });

  it('"Hear the question again" has main speak it again and listens afresh, keeping what was said', async () => {
    const { session, microphone } = await begin();
    microphone.say(1);
    await saved(session, 1);
    const streams = () => new Set(h.eventsOf('interview.audio', WINDOW).map((chunk) => chunk.streamId)).size;
    const streamsBefore = streams();
    session.replay();
    await reach(session, 'asking');
    await reach(session, 'listening', 'after the replay');
    // A new audio stream of the same question (from main's speech cache: the provider is not asked twice).
    expect(streams()).toBe(streamsBefore + 1);
    expect(session.getSnapshot().question).toMatchObject({ number: 1 });
    microphone.say(1);
    await saved(session, 2);
    session.finish();
    await reach(session, 'finishing');
    await reach(session, 'listening', 'after the answer');
    expect(storedAnswers()).toEqual(['Take 1: I would keep the state in a reducer. Take 2: I would keep the state in a reducer.']);
  });

  it('after a reload, carries on with the same question, keeping what was said before, and answers it whole', async () => {
    const first = await begin();
    first.microphone.say(1);
    await saved(first.session, 1);
    // The page reloads: the old session goes, a new one finds the interview in progress, its answer so far kept.
    first.session.dispose();
    const current = await h.ok('interview.getCurrent', {});
    expect(current.interview?.currentQuestion).toMatchObject({ number: 1, answerSoFar: { segments: 1 } });
    const again = openPage();
    await again.session.resume(current.interview!);
    const resumed = await reach(again.session, 'listening', 'after resuming');
    expect(resumed.question).toMatchObject({ number: 1 });
    again.microphone.say(1);
    // The new part is numbered after the kept one.
    await saved(again.session, 2);
    again.session.finish();
    await reach(again.session, 'finishing');
    await reach(again.session, 'listening', 'after the answer');
    expect(storedAnswers()).toEqual([expect.stringMatching(/^Take 1: .*Take 2: I would keep the state in a reducer\.$/)]);
  });
});
