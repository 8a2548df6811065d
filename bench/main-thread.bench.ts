/**
 * Main-thread stalls: how long main's event loop is blocked, and how late a
 * renderer's IPC call and a question's audio get, while a kiosk runs
 * interview turns at the same time as a sync pull and a PDF export.
 *
 * Everything main does is on one thread (Electron's main process, or the
 * browser host's Node process): IPC, the interview's audio relay, SQLite,
 * sync and the PDF report. A long synchronous piece of any of them holds up
 * all the others. Measured here on one app (the kiosk, as
 * tests/integration/sync/hosted-support.ts enrols one: real SQLite,
 * the real sync service against an embedded PostgreSQL):
 *
 *   - interview turns through the dispatcher, against the fake OpenAI server
 *     paced like the real service (as bench/turn.bench.ts paces it); the fake
 *     server runs in a worker thread, so its own work is not on the measured
 *     loop, and is spoken to over loopback HTTP;
 *   - a sync pull of the kiosk's own history (a kiosk whose disk was
 *     replaced pulls back everything it recorded): completed interviews with
 *     their sessions, messages and assessments, seeded on the server as
 *     bench:sync seeds its laptop pull (bench/sync/pull-seed.ts), with this
 *     kiosk as their origin. The first pull inserts them; the later ones pull
 *     them all again after a cursor reset (as after a re-enrolment), over the
 *     rows already there;
 *   - the PDF report of the scored interview (review.exportPdf), again and
 *     again, as a staff member at the kiosk would.
 *
 * Measured, each alone and then all together: the event-loop delay
 * (perf_hooks.monitorEventLoopDelay, 1 ms resolution; p99 and max), the
 * lateness of a 10 ms interval timer, the round trip of a cheap IPC call
 * (app.getStatus, one every 20 ms, timed from when a renderer would have
 * sent it), the gaps between a question's audio events, and each turn's
 * voice-to-voice time. One more run (all together, or one of them alone:
 * BENCH_PROFILE) is CPU-profiled (V8's sampling profiler, 0.25 ms) and each
 * stall over 50 ms is put down to the code that ran during it.
 *
 *   npm run bench:main-thread
 *   knobs: BENCH_TURNS (10 per phase), BENCH_PULL_INTERVIEWS (600, each with 20 messages), BENCH_PDFS (8),
 *          BENCH_PROFILE (all | turns | pull | pdf: which run is profiled; all three together by default)
 *
 * Prints a report, then ONE line of JSON with the figures (of the
 * all-together run, unprofiled).
 */
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { cpus, loadavg } from 'node:os';
import type { InterviewView } from '../shared/domain/interview';
import type { ChannelName, ChannelOutput } from '../shared/ipc/contract';
import { queryRows } from '../src-main/sync/hosted-db/pg-client';
import { startFakeOpenAi, type Latency, type Reply } from '../tests/fixtures/fake-openai/index';
import { scoringReply } from '../tests/fixtures/scoring-ai';
import { isJudgeRequest, judgementReply, questionNumberOf, type SegmentSpec } from '../tests/integration/interview/support';
import { toneWav } from '../tests/fixtures/audio/tone-wav';
import { enrolledDevice, hostedDatabase, type Device } from '../tests/integration/sync/hosted-support';
import { startTestPostgres, type TestPostgres } from '../tests/support/postgres-server';
import { appCalls, strongPassword } from '../tests/support/test-app';
import { percentile } from './stats';
import { knob } from './sync/harness';
import { seedCompletedInterviews, type PullSeedShape } from './sync/pull-seed';

const TURNS = knob('BENCH_TURNS', 10, 3);
/** Which run is profiled to name the stalls: all three together (the default), or one of them alone. */
const PROFILE = (['all', 'turns', 'pull', 'pdf'] as const).find((name) => name === process.env.BENCH_PROFILE) ?? 'all';
const PULL_INTERVIEWS = knob('BENCH_PULL_INTERVIEWS', 600, 1);
/** bench:sync's laptop pull, smaller: a kiosk's history of a few months. */
const PULL_SHAPE: PullSeedShape = {
  candidates: Math.max(1, Math.round(PULL_INTERVIEWS / 5)),
  interviews: PULL_INTERVIEWS,
  memoryTurns: 10,
  messages: 20,
  randomIds: false,
  parentsLast: false,
};
const PDFS = knob('BENCH_PDFS', 8, 1);

/** What a renderer notices: the brief's line between "held up" and not. */
const HELD_UP_MS = 50;
/** Shorter stalls are not kept for naming: a frame's worth of work is not news. */
const STALL_NOTED_MS = 20;
const PROBE_EVERY_MS = 20;
const MIN_PHASE_MS = 2000;
const TIMER_EVERY_MS = 10;
const PROFILE_SAMPLE_US = 250;

// The provider's pace, as bench/turn.bench.ts sets it (the real service's typical times).
const STT_MS = 400;
const LLM_FIRST_TOKEN_MS = 350;
const LLM_TOKENS_PER_SECOND = 80;
const TTS_FIRST_BYTE_MS = 300;
const TTS_BYTES_PER_SECOND = 24_000 * 2 * 10;
const JUDGEMENT_MS = 1200;

/** Different answers made up front; more than all the phases' turns together. */
const ANSWER_VARIANTS = 120;

const CANDIDATE = 'kiosk-candidate';
const STAFF = 'kiosk-staff';
const PROBE = 'kiosk-probe';
const API_KEY = 'bench-key-not-a-secret';

/** A 5 s answer in two segments, as the voice detector closes them. */
const SEGMENTS: SegmentSpec[] = [
  { durationMs: 3000, startedAfterQuestionMs: 800 },
  { durationMs: 2000, startedAfterQuestionMs: 4500 },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round1 = (value: number) => Math.round(value * 10) / 10;
const hrMs = () => Number(process.hrtime.bigint()) / 1e6;

// ---------------------------------------------------------------- the fake provider, on its own thread

type ToProvider = { pace: boolean } | 'close';

/**
 * In a worker thread: the fake OpenAI server answering as an interview and
 * scoring need. Its HTTP, JSON and audio synthesis then run on the worker's
 * loop, as the real service's run on OpenAI's machines, not on main's.
 */
async function serveFakeProvider(): Promise<void> {
  const server = await startFakeOpenAi();
  let paced = false;
  let asked = 0;
  const pace = (reply: Reply, latency: Latency): Reply => (paced ? ({ ...reply, latency } as Reply) : reply);
  server.setResponder('chat', (request) => {
    const scoring = scoringReply(request, { wordsPerText: 60 });
    if (scoring) return scoring;
    if (isJudgeRequest(request)) return pace(judgementReply(request), { firstByteMs: JUDGEMENT_MS });
    // A new sentence every time, so the speech cache never answers for the provider.
    const text = `Thank you, that is noted as answer ${++asked}. Question ${questionNumberOf(request)}: how would you find out why a dashboard re-renders on every keystroke, and what would you change first?`;
    return pace({ kind: 'chat', content: text }, { firstByteMs: LLM_FIRST_TOKEN_MS, tokensPerSecond: LLM_TOKENS_PER_SECOND });
  });
  // About what a candidate says in a segment of a few seconds, so the report's transcript is as long as a real one.
  const said =
    'I would profile first with the React profiler to see which components render on each keystroke and why, ' +
    'then move the search state down next to the input, memoise the expensive list, and debounce the query ' +
    'so the list only filters after a short pause instead of on every key.';
  server.setResponder('transcriptions', () => pace({ kind: 'transcription', text: said }, { firstByteMs: STT_MS }));
  server.setResponder('speech', () => pace({ kind: 'speech' }, { firstByteMs: TTS_FIRST_BYTE_MS, bytesPerSecond: TTS_BYTES_PER_SECOND }));
  parentPort!.on('message', (message: ToProvider) => {
    if (message === 'close') void server.close().then(() => parentPort!.close());
    else paced = message.pace;
  });
  parentPort!.postMessage({ url: server.url });
}

interface FakeProvider {
  url: string;
  pace(on: boolean): void;
  close(): Promise<void>;
}

async function startFakeProvider(): Promise<FakeProvider> {
  const worker = new Worker(new URL(import.meta.url));
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('message', (message: { url: string }) => resolve(message.url));
    worker.once('error', reject);
  });
  const send = (message: ToProvider) => worker.postMessage(message);
  return {
    url,
    pace: (on) => send({ pace: on }),
    close: async () => {
      send('close');
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}

// ---------------------------------------------------------------- watching the loop

interface Stall {
  /** hrtime, ms: the previous tick and the late one; what blocked the loop ran in between. */
  from: number;
  to: number;
  lateMs: number;
}

interface PhaseFigures {
  name: string;
  seconds: number;
  loopP99: number;
  loopMax: number;
  timerLateMax: number;
  timerLateP99: number;
  stallsOver50: number;
  ipcP50: number;
  ipcP99: number;
  ipcMax: number;
  ipcOver50: number;
  probes: number;
  audioGapMax: number | null;
  audioGapP99: number | null;
  turnP50: number | null;
  turnMax: number | null;
  turns: number;
  pullPages: number;
  /** Calls of applyPage: one per page, or several when a page is applied in slices. */
  pullTransactions: number;
  pullTransactionMax: number | null;
  pullTransactionP50: number | null;
  pullRows: number;
  pullMs: number | null;
  pdfMax: number | null;
  pdfP50: number | null;
  pdfs: number;
  stalls: Stall[];
}

/**
 * The three clocks on main's loop: V8's event-loop delay histogram, a 10 ms
 * timer's lateness, and an IPC call a renderer sends every 20 ms (timed from
 * when the renderer sent it: a renderer keeps sending while main is stuck).
 */
class LoopWatch {
  private readonly histogram = monitorEventLoopDelay({ resolution: 1 });
  private timer: NodeJS.Timeout | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  private readonly lateness: number[] = [];
  readonly stalls: Stall[] = [];
  private readonly probeDelays: number[] = [];
  private readonly probesInFlight = new Set<Promise<void>>();
  private startedAt = 0;

  constructor(private readonly device: Device) {}

  start(): void {
    this.startedAt = performance.now();
    this.histogram.reset();
    this.histogram.enable();
    let previous = hrMs();
    this.timer = setInterval(() => {
      const now = hrMs();
      const late = Math.max(0, now - previous - TIMER_EVERY_MS);
      this.lateness.push(late);
      if (late >= STALL_NOTED_MS) this.stalls.push({ from: previous, to: now, lateMs: late });
      previous = now;
    }, TIMER_EVERY_MS);
    let sent = 0;
    const origin = performance.now();
    this.probeTimer = setInterval(() => {
      // Every call a renderer would have sent by now, each timed from its own send time.
      const due = Math.floor((performance.now() - origin) / PROBE_EVERY_MS);
      for (; sent < due; sent++) {
        const sentAt = origin + (sent + 1) * PROBE_EVERY_MS;
        const probe = this.device.app.dispatch('app.getStatus', {}, { windowId: PROBE, trustedSender: true }).then((result) => {
          if (!result.ok) throw new Error(`probe: ${result.error.message}`);
          this.probeDelays.push(performance.now() - sentAt);
        });
        this.probesInFlight.add(probe);
        void probe.finally(() => this.probesInFlight.delete(probe));
      }
    }, PROBE_EVERY_MS);
  }

  async stop(): Promise<{ seconds: number; loopP99: number; loopMax: number; timerLateMax: number; timerLateP99: number; ipc: number[]; stalls: Stall[] }> {
    clearInterval(this.timer!);
    clearInterval(this.probeTimer!);
    this.histogram.disable();
    await Promise.all(this.probesInFlight);
    return {
      seconds: (performance.now() - this.startedAt) / 1000,
      // The histogram's delay counts from the 1 ms the timer asked for: the same "late by" as the interval timer's.
      loopP99: this.histogram.percentile(99) / 1e6,
      loopMax: this.histogram.max / 1e6,
      timerLateMax: Math.max(0, ...this.lateness),
      timerLateP99: this.lateness.length > 0 ? percentile(this.lateness, 99) : 0,
      ipc: this.probeDelays,
      stalls: this.stalls,
    };
  }
}

// ---------------------------------------------------------------- the kiosk

interface Kiosk {
  device: Device;
  call<C extends ChannelName>(channel: C, input: unknown, windowId?: string): Promise<ChannelOutput<C>>;
  /** Times of each audio event with PCM, per stream. */
  audio: Map<string, number[]>;
}

/** One candidate, turn after turn; a new candidate and interview whenever one ends. */
class Candidate {
  private view: InterviewView | null = null;
  private registered = 0;
  private answered = 0;
  private readonly audioByPitch = new Map<number, string[]>();

  constructor(private readonly kiosk: Kiosk) {}

  /** Answers the current question; the time from the end of the answer to the next question's first audio, or null when the interview ended. */
  async turn(): Promise<number | null> {
    if (!this.view?.currentQuestion) await this.newInterview();
    const view = this.view!;
    // The candidate hears the question out before answering: its audio and judgements settle first.
    await this.kiosk.device.app.services.interviews.idle();
    const question = view.currentQuestion!;
    const audio = this.nextAnswerAudio();
    for (const [segmentIndex, segment] of SEGMENTS.entries()) {
      await this.kiosk.call(
        'interview.answerSegment',
        {
          interviewId: view.id,
          questionMessageId: question.messageId,
          segmentIndex,
          audioWavBase64: audio[segmentIndex],
          startedAfterQuestionMs: segment.startedAfterQuestionMs,
          endedAfterQuestionMs: segment.startedAfterQuestionMs + segment.durationMs,
        },
        CANDIDATE,
      );
    }
    const endedAt = performance.now();
    const { interview } = await this.kiosk.call(
      'interview.endAnswer',
      { interviewId: view.id, questionMessageId: question.messageId, segmentCount: SEGMENTS.length, reason: 'silence' },
      CANDIDATE,
    );
    this.view = interview;
    const next = interview.currentQuestion;
    if (!next) return null;
    for (let i = 0; i < 5000 && !this.kiosk.audio.has(next.messageId); i++) await sleep(2);
    const heard = this.kiosk.audio.get(next.messageId)?.[0];
    if (heard === undefined) throw new Error(`no audio arrived for question ${next.number}`);
    return heard - endedAt;
  }

  /** Ends the interview under way, if any (submitted and scored, as at the end of a real one). */
  async finish(): Promise<string | null> {
    if (!this.view) return null;
    const id = this.view.id;
    while (this.view.currentQuestion) await this.turn();
    await this.kiosk.device.app.services.interviews.idle();
    await this.kiosk.call('interview.submit', { interviewId: id }, CANDIDATE);
    this.view = null;
    return id;
  }

  /**
   * The answer's segments as base64 WAV. The renderer records and encodes them, not main, so they are
   * made before the phases start (making a tone on the measured loop showed up in its stalls); each
   * answer is different, as real ones are (the content store keeps one copy of identical files).
   */
  private nextAnswerAudio(): string[] {
    const pitch = 150 + (this.answered++ % ANSWER_VARIANTS);
    let audio = this.audioByPitch.get(pitch);
    if (!audio) {
      audio = SEGMENTS.map((segment, index) => toneWav(segment.durationMs, { pitchHz: pitch + index / 2, amplitude: 2000 }).toString('base64'));
      this.audioByPitch.set(pitch, audio);
    }
    return audio;
  }

  /** Makes the answers of the next `count` turns now, off the measured stretch. */
  prepareAnswers(count: number): void {
    const answered = this.answered;
    for (let i = 0; i < count; i++) this.nextAnswerAudio();
    this.answered = answered;
  }

  private async newInterview(): Promise<void> {
    await this.kiosk.device.app.services.interviews.idle();
    if (this.registered > 0) await this.kiosk.call('auth.signOut', {}, CANDIDATE);
    const email = `kiosk.candidate.${++this.registered}@example.com`;
    await this.kiosk.call('auth.registerCandidate', { email, password: strongPassword, fullName: 'Bench Candidate' }, CANDIDATE);
    this.view = await this.kiosk.call('interview.start', { roleType: 'react' }, CANDIDATE);
  }
}

async function waitForAssessment(kiosk: Kiosk, interviewId: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const review = await kiosk.call('review.get', { interviewId }, STAFF);
    if (review.scoring.state === 'idle' && review.assessment) {
      if (review.assessment.status !== 'complete') throw new Error(`scoring ended ${review.assessment.status}`);
      return;
    }
    await sleep(100);
  }
  throw new Error('scoring did not finish');
}

// ---------------------------------------------------------------- the phases

interface Work {
  turns?: number;
  pull?: boolean;
  pdfs?: number;
}

const PROFILED_WORK: Record<typeof PROFILE, Work> = {
  all: { turns: TURNS, pull: true, pdfs: PDFS },
  turns: { turns: TURNS },
  pull: { pull: true },
  pdf: { pdfs: PDFS },
};

async function runPhase(kiosk: Kiosk, candidate: Candidate, reportId: string, name: string, work: Work): Promise<PhaseFigures> {
  const applier = kiosk.device.app.services.sync.applier;
  const transactionMs: number[] = [];
  let pulledRows = 0;
  let pages = 0;
  // applyPage is synchronous from start to end: its wall time is time main's loop was blocked.
  const applyPage = applier.applyPage;
  applier.applyPage = (changes, cursor) => {
    const started = performance.now();
    try {
      return applyPage.call(applier, changes, cursor);
    } finally {
      transactionMs.push(performance.now() - started);
      pulledRows += changes.length;
      // Only a page's last (or only) transaction stores its cursor.
      if (cursor) pages++;
    }
  };
  const firstAudioBefore = new Set(kiosk.audio.keys());
  const watch = new LoopWatch(kiosk.device);
  const turnMs: number[] = [];
  const pdfMs: number[] = [];
  let pullMs: number | null = null;
  const phaseStarted = performance.now();
  watch.start();
  // The delay histogram counts from its second tick: give it one before the work starts.
  await sleep(20);
  try {
    let pullDone = !work.pull;
    let pdfsDone = !work.pdfs;
    const jobs: Promise<void>[] = [];
    if (work.pull) {
      jobs.push(
        (async () => {
          const started = performance.now();
          const status = await kiosk.device.app.services.sync.syncNow();
          pullMs = performance.now() - started;
          if (status.state !== 'idle') throw new Error(`the pull ended ${status.state}: ${status.lastError}`);
          pullDone = true;
        })(),
      );
    }
    if (work.pdfs) {
      jobs.push(
        (async () => {
          // Together with a pull: exports keep coming, a second apart, until the pull is over.
          for (let n = 0; n < work.pdfs! || (work.pull && !pullDone); n++) {
            const started = performance.now();
            const pdf = await kiosk.call('review.exportPdf', { interviewId: reportId }, STAFF);
            pdfMs.push(performance.now() - started);
            if (!pdf.base64.startsWith('JVBERi0')) throw new Error('the export is not a PDF');
            if (work.pull || work.turns) await sleep(1000);
          }
          pdfsDone = true;
        })(),
      );
    }
    if (work.turns) {
      jobs.push(
        (async () => {
          for (let n = 0; n < work.turns! || !pullDone || !pdfsDone; n++) {
            const ms = await candidate.turn();
            if (ms !== null) turnMs.push(ms);
          }
          await kiosk.device.app.services.interviews.idle();
        })(),
      );
    }
    await Promise.all(jobs);
    // Every phase runs long enough for a hundred probes, so its figures are never from a handful.
    const left = MIN_PHASE_MS - (performance.now() - phaseStarted);
    if (left > 0) await sleep(left);
  } finally {
    applier.applyPage = applyPage;
  }
  const loop = await watch.stop();
  const gaps: number[] = [];
  for (const [streamId, times] of kiosk.audio) {
    if (firstAudioBefore.has(streamId)) continue;
    for (let i = 1; i < times.length; i++) gaps.push(times[i]! - times[i - 1]!);
  }
  const p = (values: number[], q: number) => (values.length > 0 ? percentile(values, q) : null);
  return {
    name,
    seconds: loop.seconds,
    loopP99: loop.loopP99,
    loopMax: loop.loopMax,
    timerLateMax: loop.timerLateMax,
    timerLateP99: loop.timerLateP99,
    stallsOver50: loop.stalls.filter((stall) => stall.lateMs > HELD_UP_MS).length,
    ipcP50: percentile(loop.ipc, 50),
    ipcP99: percentile(loop.ipc, 99),
    ipcMax: Math.max(...loop.ipc),
    ipcOver50: loop.ipc.filter((ms) => ms > HELD_UP_MS).length,
    probes: loop.ipc.length,
    audioGapMax: gaps.length > 0 ? Math.max(...gaps) : null,
    audioGapP99: p(gaps, 99),
    turnP50: p(turnMs, 50),
    turnMax: turnMs.length > 0 ? Math.max(...turnMs) : null,
    turns: turnMs.length,
    pullPages: pages,
    pullTransactions: transactionMs.length,
    pullTransactionMax: transactionMs.length > 0 ? Math.max(...transactionMs) : null,
    pullTransactionP50: p(transactionMs, 50),
    pullRows: pulledRows,
    pullMs,
    pdfMax: pdfMs.length > 0 ? Math.max(...pdfMs) : null,
    pdfP50: p(pdfMs, 50),
    pdfs: pdfMs.length,
    stalls: loop.stalls,
  };
}

// ---------------------------------------------------------------- what the stalls were

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const ROOT_URL = new URL('..', import.meta.url).href;

/** Which operation a stack belongs to: the outermost frame of our own code names it. */
function operationOf(stack: ProfileNode[]): string {
  const ours = stack.filter((node) => node.callFrame.url.startsWith(ROOT_URL) && !node.callFrame.url.includes('/node_modules/'));
  const files = ours.map((node) => node.callFrame.url.slice(ROOT_URL.length));
  const has = (part: string) => files.some((file) => file.includes(part));
  if (has('sync/pull-applier')) return 'sync pull: applying a page in SQLite';
  if (has('assessment/report/')) return 'PDF export: laying out and writing the report';
  if (has('src-main/sync/')) return 'sync: other (push, reading replies, status)';
  if (has('review-service')) return 'PDF export: loading the review';
  if (has('src-main/interview/') || has('src-main/providers/')) return 'interview turn';
  if (has('src-main/ipc/')) return 'IPC dispatch';
  if (has('bench/') || has('tests/')) return 'the benchmark itself';
  const leaf = stack[0]?.callFrame;
  if (!leaf) return 'unknown';
  if (leaf.functionName === '(garbage collector)') return 'garbage collection';
  const library = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(stack.map((node) => node.callFrame.url).find((url) => url.includes('node_modules')) ?? '')?.[1];
  return library ? `library: ${library}` : `node: ${leaf.functionName || '(anonymous)'}`;
}

/** The deepest frame of our own code: the function to look at. */
function hotFunctionOf(stack: ProfileNode[]): string | null {
  const ours = stack.find((node) => node.callFrame.url.startsWith(ROOT_URL) && !node.callFrame.url.includes('/node_modules/'));
  if (!ours) return null;
  // tsx's output does not keep the source's line numbers: the function and file say enough.
  return `${ours.callFrame.functionName || '(anonymous)'} (${ours.callFrame.url.slice(ROOT_URL.length)})`;
}

interface Attribution {
  lateMs: number;
  operations: [string, number][];
  functions: [string, number][];
}

function attribute(profile: Profile, startHrMs: number, stalls: Stall[]): Attribution[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const stackOf = (id: number): ProfileNode[] => {
    const stack: ProfileNode[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) stack.push(byId.get(at)!);
    return stack;
  };
  // Sample times on hrtime's clock: the profile's own start lines up with the moment it was started.
  const times: number[] = [];
  let t = profile.startTime;
  for (const delta of profile.timeDeltas) times.push(((t += delta) - profile.startTime) / 1000 + startHrMs);
  return stalls.map((stall) => {
    const operations = new Map<string, number>();
    const functions = new Map<string, number>();
    let samples = 0;
    for (let i = 0; i < profile.samples.length; i++) {
      if (times[i]! < stall.from || times[i]! > stall.to) continue;
      const stack = stackOf(profile.samples[i]!);
      const leaf = stack[0]?.callFrame.functionName;
      if (leaf === '(idle)' || leaf === '(program)' || leaf === '(root)') continue;
      samples++;
      const operation = operationOf(stack);
      operations.set(operation, (operations.get(operation) ?? 0) + 1);
      const hot = hotFunctionOf(stack);
      if (hot) functions.set(hot, (functions.get(hot) ?? 0) + 1);
    }
    const share = (map: Map<string, number>) =>
      [...map].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([name, n]): [string, number] => [name, Math.round((n / Math.max(1, samples)) * 100)]);
    return { lateMs: stall.lateMs, operations: share(operations), functions: share(functions) };
  });
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const benchStarted = performance.now();
  const provider = await startFakeProvider();
  let postgres: TestPostgres | undefined;
  let device: Device | undefined;
  try {
    postgres = await startTestPostgres();
    const url = await hostedDatabase(() => postgres!.createDatabase());
    device = await enrolledDevice(url, 'kiosk', { name: 'bench kiosk' });
    await device.app.services.settings.update({ provider: { baseUrl: provider.url } });
    await device.app.services.secrets.set('openai-api-key', API_KEY);
    const calls = appCalls(() => device!.app, CANDIDATE);
    const kiosk: Kiosk = { device, call: (channel, input, windowId = CANDIDATE) => calls.ok(channel, input, windowId), audio: new Map() };
    device.app.events.subscribe((_windowId, event, payload) => {
      if (event !== 'interview.audio') return;
      const chunk = payload as { streamId: string; pcmBase64: string };
      if (chunk.pcmBase64.length === 0) return;
      const times = kiosk.audio.get(chunk.streamId) ?? [];
      times.push(performance.now());
      kiosk.audio.set(chunk.streamId, times);
    });

    // ------------------------------------------------------------ set-up: one real interview, scored and pushed
    const setupStarted = performance.now();
    await kiosk.call('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' }, STAFF);
    const candidate = new Candidate(kiosk);
    await candidate.turn();
    const reportId = (await candidate.finish())!;
    await waitForAssessment(kiosk, reportId);
    const pushed = await device.app.services.sync.syncNow();
    if (pushed.state !== 'idle' || pushed.pendingChanges > 0) throw new Error(`the set-up push ended ${pushed.state} with ${pushed.pendingChanges} changes left: ${pushed.lastError}`);
    const perInterview = await queryRows<{ table_name: string; n: number }>(
      url,
      `SELECT table_name, count(*)::int AS n FROM sync.changes GROUP BY table_name ORDER BY table_name`,
    );
    const report = await kiosk.call('review.get', { interviewId: reportId }, STAFF);
    const pdf = await kiosk.call('review.exportPdf', { interviewId: reportId }, STAFF);
    provider.pace(true);

    console.log('Main-thread stalls on a kiosk: interview turns, a sync pull and PDF exports on one event loop');
    // Other processes competing for the CPU show up as stalls too: the load says how busy the machine was.
    console.log(
      `  Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg()[0]!.toFixed(1)}; ` +
        'fake provider on its own thread, paced like the real service',
    );
    console.log(
      `  set-up in ${(performance.now() - setupStarted).toFixed(0)} ms: one interview of ${report.transcript.length} questions, scored; ` +
        `its rows on the server: ${perInterview.map((row) => `${row.table_name} ${row.n}`).join(', ')}`,
    );
    await seedCompletedInterviews(url, device.deviceId, PULL_SHAPE);
    const [seeded] = await queryRows<{ n: number }>(url, 'SELECT count(*)::int AS n FROM sync.changes');
    console.log(
      `  the PDF report: ${Math.round((pdf.base64.length * 3) / 4 / 1024)} KiB; the kiosk's history on the server: ${PULL_INTERVIEWS} interviews ` +
        `(each with its session of ${PULL_SHAPE.memoryTurns} remembered turns, ${PULL_SHAPE.messages} messages and its assessment), ${seeded!.n.toLocaleString('en')} rows in all`,
    );
    console.log('');

    // ------------------------------------------------------------ each alone, then all together
    // After the first pull, each pull starts from no cursor again, as after a re-enrolment: the same rows, over the ones there.
    const pullAgain = () => device!.app.services.sync.applier.resetCursor();
    candidate.prepareAnswers(ANSWER_VARIANTS);
    const phases: PhaseFigures[] = [];
    phases.push(await runPhase(kiosk, candidate, reportId, 'idle (the probes alone)', {}));
    phases.push(await runPhase(kiosk, candidate, reportId, 'interview turns alone', { turns: TURNS }));
    phases.push(await runPhase(kiosk, candidate, reportId, 'sync pull alone', { pull: true }));
    phases.push(await runPhase(kiosk, candidate, reportId, 'PDF exports alone', { pdfs: PDFS }));
    pullAgain();
    const together = await runPhase(kiosk, candidate, reportId, 'all three together', { turns: TURNS, pull: true, pdfs: PDFS });
    phases.push(together);

    // ------------------------------------------------------------ the same again, profiled, to name the stalls
    pullAgain();
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: PROFILE_SAMPLE_US });
    const profileStartHr = hrMs();
    await session.post('Profiler.start');
    const profiledWork = PROFILED_WORK[PROFILE];
    const profiled = await runPhase(kiosk, candidate, reportId, `${PROFILE === 'all' ? 'all together' : `${PROFILE} alone`}, profiled`, profiledWork);
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
    session.disconnect();
    const heldUp = profiled.stalls.filter((stall) => stall.lateMs > HELD_UP_MS);
    const named = attribute(profile, profileStartHr, heldUp.length > 0 ? heldUp : [...profiled.stalls].sort((a, b) => b.lateMs - a.lateMs).slice(0, 5));

    // ------------------------------------------------------------ the report
    const f = (value: number | null, digits = 0) => (value === null ? '–' : value.toFixed(digits));
    console.log(`Phases (ms; loop = event-loop delay at 1 ms resolution, timer = a 10 ms timer's lateness, IPC = app.getStatus every ${PROBE_EVERY_MS} ms)`);
    console.log(
      `  ${'phase'.padEnd(26)} ${'loop p99'.padStart(8)} ${'max'.padStart(6)} ${'timer max'.padStart(9)} ${'IPC p50'.padStart(7)} ${'p99'.padStart(6)} ${'max'.padStart(6)} ${'>50'.padStart(4)} ` +
        `${'audio gap max'.padStart(13)} ${'turn p50'.padStart(8)} ${'max'.padStart(6)}`,
    );
    for (const phase of [...phases, profiled]) {
      console.log(
        `  ${phase.name.padEnd(26)} ${f(phase.loopP99, 1).padStart(8)} ${f(phase.loopMax).padStart(6)} ${f(phase.timerLateMax).padStart(9)} ` +
          `${f(phase.ipcP50, 1).padStart(7)} ${f(phase.ipcP99).padStart(6)} ${f(phase.ipcMax).padStart(6)} ${String(phase.ipcOver50).padStart(4)} ` +
          `${f(phase.audioGapMax).padStart(13)} ${f(phase.turnP50).padStart(8)} ${f(phase.turnMax).padStart(6)}`,
      );
    }
    console.log('');
    const pullAlone = phases[2]!;
    const pdfAlone = phases[3]!;
    console.log(
      `  pull alone (the first): ${pullAlone.pullRows.toLocaleString('en')} rows in ${pullAlone.pullPages} pages, ${f(pullAlone.pullMs)} ms; ` +
        `applied in ${pullAlone.pullTransactions} transactions, each holding the loop ${f(pullAlone.pullTransactionP50)} ms (p50), ${f(pullAlone.pullTransactionMax)} ms (max)`,
    );
    console.log(
      `  together (pulled again): ${together.pullPages} pages in ${together.pullTransactions} transactions of ${f(together.pullTransactionP50)} ms (p50), ${f(together.pullTransactionMax)} ms (max); ` +
        `${together.pdfs} PDF exports, ${f(together.pdfP50)} ms each (p50; alone ${f(pdfAlone.pdfP50)} ms); ${together.turns} turns`,
    );
    console.log(`  IPC calls held up more than ${HELD_UP_MS} ms together: ${together.ipcOver50} of ${together.probes}; timer stalls over ${HELD_UP_MS} ms: ${together.stallsOver50}`);
    console.log('');
    console.log(
      heldUp.length > 0
        ? `What ran during each stall over ${HELD_UP_MS} ms in the profiled run (share of the stall's CPU samples):`
        : named.length > 0
          ? `No stall over ${HELD_UP_MS} ms in the profiled run; its ${named.length} longest stalls:`
          : `No stall over ${STALL_NOTED_MS} ms in the profiled run.`,
    );
    const totals = new Map<string, number>();
    for (const stall of named) {
      const top = stall.operations.map(([name, pct]) => `${name} ${pct}%`).join(', ') || 'no samples';
      console.log(`  ${stall.lateMs.toFixed(0).padStart(5)} ms  ${top}`);
      if (stall.functions.length > 0) console.log(`           in ${stall.functions.map(([name, pct]) => `${name} ${pct}%`).join('; ')}`);
      const main_ = stall.operations[0]?.[0];
      if (main_) totals.set(main_, (totals.get(main_) ?? 0) + 1);
    }
    if (totals.size > 0) console.log(`  mostly: ${[...totals].sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name} (${n})`).join(', ')}`);

    const figures = {
      turns_per_phase: TURNS,
      pull_rows: together.pullRows,
      pull_pages: together.pullPages,
      pull_transactions: together.pullTransactions,
      pdf_exports: together.pdfs,
      idle_stall_max_ms: round1(phases[0]!.loopMax),
      turns_alone_stall_max_ms: round1(phases[1]!.loopMax),
      pull_alone_stall_max_ms: round1(pullAlone.loopMax),
      pdf_alone_stall_max_ms: round1(pdfAlone.loopMax),
      stall_p99_ms: round1(together.loopP99),
      stall_max_ms: round1(together.loopMax),
      timer_late_max_ms: round1(together.timerLateMax),
      stalls_over_50ms: together.stallsOver50,
      ipc_delay_p50_ms: round1(together.ipcP50),
      ipc_delay_p99_ms: round1(together.ipcP99),
      ipc_delay_max_ms: round1(together.ipcMax),
      ipc_calls_over_50ms: together.ipcOver50,
      audio_gap_max_ms: together.audioGapMax === null ? null : round1(together.audioGapMax),
      audio_gap_alone_max_ms: phases[1]!.audioGapMax === null ? null : round1(phases[1]!.audioGapMax),
      turn_p50_ms: together.turnP50 === null ? null : round1(together.turnP50),
      turn_alone_p50_ms: phases[1]!.turnP50 === null ? null : round1(phases[1]!.turnP50),
      pull_apply_max_ms: together.pullTransactionMax === null ? null : round1(together.pullTransactionMax),
      pull_apply_p50_ms: together.pullTransactionP50 === null ? null : round1(together.pullTransactionP50),
      pdf_export_p50_ms: together.pdfP50 === null ? null : round1(together.pdfP50),
      load_average_1m: round1(loadavg()[0]!),
      bench_total_ms: Math.round(performance.now() - benchStarted),
    };
    console.log(JSON.stringify(figures));
  } catch (error) {
    // An `internal` answer names only a reference: the app's own log says what went wrong.
    for (const line of device?.logLines ?? []) if (line.includes('"level":"error"')) console.error(line);
    throw error;
  } finally {
    device?.close();
    await postgres?.stop();
    await provider.close();
  }
}

if (isMainThread) {
  await main();
} else {
  await serveFakeProvider();
}
