import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SettingsPatch } from '../../../shared/domain/settings';
import type { InterviewView } from '../../../shared/domain/interview';
import type { ChannelName, ChannelOutput, EventName, EventPayload } from '../../../shared/ipc/contract';
import { type App, type AppOverrides } from '../../../src-main/app/create-app';
import { createLogger } from '../../../src-main/logging/logger';
import type { Sleep } from '../../../src-main/common/clock';
import { MemorySecretStore } from '../../../src-main/secrets/memory-secret-store';
import { FileSettingsBackend } from '../../../src-main/settings/file-settings-backend';
import { SettingsService } from '../../../src-main/settings/settings-service';
import type { FakeOpenAi, RecordedRequest, Reply } from '../../fixtures/fake-openai/index';
import { buildApp, appCalls, type AppCalls, FakeClock, strongPassword } from '../../support/test-app';
import { agreeToNotice } from '../../support/consent';
import { toneWav } from '../../fixtures/audio/tone-wav';

export const TEST_API_KEY = 'kiosk-interview-test-key-51c0';
export const ANSWER_SAMPLE_RATE = 16_000;

/** A 16 kHz mono 16-bit WAV of a quiet tone, shaped like the renderer's answer segments. */
export function answerWav(durationMs: number, sampleRate = ANSWER_SAMPLE_RATE, pitchHz = 220): Buffer {
  return toneWav(durationMs, { sampleRate, pitchHz });
}

export interface RecordedEvent {
  windowId: string;
  event: EventName;
  payload: unknown;
  at: number;
}

export interface HarnessOptions {
  dataDir?: string;
  clock?: FakeClock;
  provider?: NonNullable<SettingsPatch['provider']>;
  interview?: NonNullable<SettingsPatch['interview']>;
  aiResilience?: AppOverrides['aiResilience'];
  /** The display watch's monitors and timers (tests/integration/proctoring). */
  displayWatch?: AppOverrides['displayWatch'];
  /** Another resources folder (tests/integration/consent: a newer notice). */
  resourcesDir?: string;
}

export interface InterviewHarness extends AppCalls {
  app: App;
  dataDir: string;
  clock: FakeClock;
  events: RecordedEvent[];
  /** Every wait the provider layer and the interview asked for, in ms (none is really waited). */
  waits: number[];
  logLines: string[];
  eventsOf<E extends EventName>(event: E, windowId?: string): EventPayload<E>[];
  /** Registers a candidate, who then agrees to the notice (as the kiosk asks before the equipment check). */
  signUp(email: string, windowId?: string): Promise<string>;
  /** Waits for judgements and audio that carry on after calls answer. */
  idle(): Promise<void>;
  fileExists(relativePath: string): { exists: boolean; size: number };
  readFile(relativePath: string): Buffer;
  /** Closes the app but keeps its data folder (a crash, as far as the data is concerned). */
  shutDown(): void;
  close(): void;
}

export const WINDOW = 'kiosk-1';

/**
 * The real app (composition root, SQLite in a temp folder, settings, the
 * real SDK over HTTP) pointed at the fake OpenAI server. Waits between
 * retries are recorded and skipped, and each also moves the fake clock on
 * by its length, so a circuit breaker reopens as it would in real time.
 */
export function createInterviewHarness(server: FakeOpenAi, options: HarnessOptions = {}): InterviewHarness {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kiosk-interview-'));
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => logLines.push(line) });
  const settings = new SettingsService({ backend: new FileSettingsBackend(join(dataDir, 'settings.json')), machineFilePath: null, logger });
  // The fake clock runs on for abandonment, limits and retry waits while the candidate does nothing: the kiosk's idle
  // sign-out (10 minutes by default, tested on its own in the dispatcher's tests) is set as long as it goes. No
  // proctor opens sittings here (tests/integration/proctoring has them): the admin setting is off, as at an unproctored kiosk.
  settings.update({
    provider: { baseUrl: server.url, ...options.provider },
    interview: { idleSignOutMinutes: 120, requireProctorSitting: false, ...options.interview },
  });
  if (new URL(settings.get().provider.baseUrl).hostname !== '127.0.0.1') throw new Error('refusing to test against a real provider');
  const clock = options.clock ?? new FakeClock();
  const waits: number[] = [];
  const sleep: Sleep = async (ms, signal) => {
    signal?.throwIfAborted();
    waits.push(ms);
    clock.advance(ms);
    // A real turn of the event loop, so work racing the wait can move on.
    await new Promise((resolve) => setImmediate(resolve));
  };
  const app = buildApp({
    dataDir,
    settings,
    ...(options.resourcesDir ? { resourcesDir: options.resourcesDir } : {}),
    secrets: new MemorySecretStore({ 'openai-api-key': TEST_API_KEY }),
    logger,
    overrides: {
      clock,
      aiResilience: { sleep, random: () => 0.5, timeoutsMs: { chat: 3000, transcription: 3000, speech: 3000 }, ...options.aiResilience },
      ...(options.displayWatch ? { displayWatch: options.displayWatch } : {}),
    },
  });
  const events: RecordedEvent[] = [];
  app.events.subscribe((windowId, event, payload) => events.push({ windowId, event, payload, at: performance.now() }));
  let closed = false;

  const calls = appCalls(() => app, WINDOW);
  const harness: InterviewHarness = {
    app,
    dataDir,
    clock,
    events,
    waits,
    logLines,
    ...calls,
    eventsOf: (event, windowId) =>
      events.filter((e) => e.event === event && (windowId === undefined || e.windowId === windowId)).map((e) => e.payload) as never,
    async signUp(email, windowId = WINDOW) {
      const user = await harness.ok('auth.registerCandidate', { email, password: strongPassword, fullName: 'Casey Candidate' }, windowId);
      await agreeToNotice(harness, windowId);
      return user.id;
    },
    idle: () => app.services.interviews.idle(),
    fileExists(relativePath) {
      const path = join(dataDir, ...relativePath.split('/'));
      return existsSync(path) ? { exists: true, size: statSync(path).size } : { exists: false, size: 0 };
    },
    readFile: (relativePath) => readFileSync(join(dataDir, ...relativePath.split('/'))),
    shutDown() {
      if (closed) return;
      closed = true;
      app.close();
    },
    close() {
      harness.shutDown();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

// ---------------------------------------------------------------- a scripted AI

/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are whatever the SDK sent */
function isStructured(request: RecordedRequest): boolean {
  return request.json?.response_format?.type === 'json_schema';
}

function userText(request: RecordedRequest): string {
  const messages: any[] = request.json?.messages ?? [];
  return messages.map((message) => (typeof message.content === 'string' ? message.content : '')).join('\n');
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** The question number the engine asked the model for ("It will be question N."). */
export function questionNumberOf(request: RecordedRequest): number {
  return Number(/It will be question (\d+)/.exec(userText(request))?.[1] ?? 0);
}

export function questionText(n: number): string {
  return `Thanks. Question ${n}: how would you explain topic number ${n} to a colleague? Take your time.`;
}

export type Quality = 'excellent' | 'good' | 'partial' | 'poor' | 'no_answer';

export interface ScriptOptions {
  /** How each answer is judged, by the skill and difficulty the judge prompt names. */
  judge?: (skillId: string, difficulty: number) => Quality;
  question?: (n: number) => string;
  transcript?: (k: number) => string;
  /** Answers chat requests the interview script does not (e.g. scoring passes); return null to leave one to the script. */
  otherChat?: (request: RecordedRequest) => Reply | null;
}

export function isJudgeRequest(request: RecordedRequest): boolean {
  return request.endpoint === 'chat' && isStructured(request);
}

/** A judgement of the skill and difficulty the judge prompt names (the schema only admits the role's skill ids). */
export function judgementReply(request: RecordedRequest, judge: (skillId: string, difficulty: number) => Quality = upToLevelThree): Reply {
  const text = userText(request);
  const skillId = /Skill area targeted: (\S+)/.exec(text)?.[1] ?? 'unknown';
  const difficulty = Number(/Difficulty: level (\d)/.exec(text)?.[1] ?? 1);
  const quality = judge(skillId, difficulty);
  const struggled = quality === 'poor' || quality === 'no_answer';
  return { kind: 'structured', json: { skillArea: skillId, quality, evidence: `said something ${quality}`, struggled, reasoning: 'Scripted judgement.' } };
}

/** A candidate who is strong up to level 3 and struggles above it. */
export const upToLevelThree = (_skill: string, difficulty: number): Quality => (difficulty <= 3 ? 'good' : 'poor');

/**
 * The chat endpoint writes numbered questions for plain and streamed
 * requests and judgements for structured ones; speech-to-text answers
 * "Answer k ...", counting segments.
 */
export function scriptAi(server: FakeOpenAi, options: ScriptOptions = {}): { judgeRequests: () => RecordedRequest[]; questionRequests: () => RecordedRequest[] } {
  const judge = options.judge ?? upToLevelThree;
  const question = options.question ?? questionText;
  const transcript = options.transcript ?? ((k: number) => `Answer part ${k}: I would keep the state in a hook and pass callbacks down.`);
  let segments = 0;
  server.setResponder('chat', (request): Reply =>
    options.otherChat?.(request) ??
    (isStructured(request) ? judgementReply(request, judge) : { kind: 'chat', content: question(questionNumberOf(request)) }),
  );
  server.setResponder('transcriptions', () => ({ kind: 'transcription', text: transcript(++segments), confidence: 0.9 }));
  return {
    judgeRequests: () => server.requests.filter((request) => request.endpoint === 'chat' && isStructured(request)),
    questionRequests: () => server.requests.filter((request) => request.endpoint === 'chat' && !isStructured(request)),
  };
}

// ---------------------------------------------------------------- turns

export interface SegmentSpec {
  durationMs: number;
  startedAfterQuestionMs: number;
}

const defaultSegments: SegmentSpec[] = [
  { durationMs: 600, startedAfterQuestionMs: 1200 },
  { durationMs: 400, startedAfterQuestionMs: 2600 },
];

/** Sends the answer's segments, as the renderer's uploader does, one after another. */
/** Calls one channel as the candidate's window and returns its data, failing on an error. */
export type CandidateCall = <C extends ChannelName>(channel: C, input: unknown) => Promise<ChannelOutput<C>>;

/** Sends the answer's segments, as the renderer's uploader does, one after another. */
async function sendSegmentsBy(call: CandidateCall, view: InterviewView, segments: readonly SegmentSpec[]): Promise<void> {
  const question = view.currentQuestion;
  if (!question) throw new Error('no question is waiting for an answer');
  for (const [segmentIndex, segment] of segments.entries()) {
    await call('interview.answerSegment', {
      interviewId: view.id,
      questionMessageId: question.messageId,
      segmentIndex,
      audioWavBase64: answerWav(segment.durationMs, ANSWER_SAMPLE_RATE, 200 + 10 * segmentIndex + question.number).toString('base64'),
      startedAfterQuestionMs: segment.startedAfterQuestionMs,
      endedAfterQuestionMs: segment.startedAfterQuestionMs + segment.durationMs,
    });
  }
}

/** One whole answer through any transport: its segments, then the end of the answer. */
export async function answerBy(call: CandidateCall, view: InterviewView, segments: readonly SegmentSpec[] = defaultSegments): Promise<ChannelOutput<'interview.endAnswer'>> {
  await sendSegmentsBy(call, view, segments);
  return call('interview.endAnswer', { interviewId: view.id, questionMessageId: view.currentQuestion!.messageId, segmentCount: segments.length, reason: 'silence' });
}

const callAs =
  (h: InterviewHarness, windowId: string): CandidateCall =>
  (channel, input) =>
    h.ok(channel, input, windowId);

export async function sendSegments(h: InterviewHarness, view: InterviewView, segments: SegmentSpec[] = defaultSegments, windowId = WINDOW): Promise<void> {
  await sendSegmentsBy(callAs(h, windowId), view, segments);
}

/** One whole answer: its segments, then the end of the answer. */
export function answer(
  h: InterviewHarness,
  view: InterviewView,
  segments: SegmentSpec[] = defaultSegments,
  windowId = WINDOW,
): Promise<ChannelOutput<'interview.endAnswer'>> {
  return answerBy(callAs(h, windowId), view, segments);
}

export { defaultSegments };
