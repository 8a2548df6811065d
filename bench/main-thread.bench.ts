/**
 * Main-thread stalls: how long main's event loop is blocked, and how late a
 * renderer's IPC call and a question's audio get, while a kiosk runs
 * interview turns at the same time as a sync pull and a PDF export.
 *
 * Measured twice, on the same work:
 *
 *   1. the core on the measured loop, as before issue 15 (and as the browser
 *      host still runs it): IPC, the interview's audio relay, SQLite, sync
 *      and the PDF report all on one thread, so a long synchronous piece of
 *      any of them holds up all the others;
 *   2. the core in a process of its own, as the Electron shell now runs it
 *      (a utility process): the measured loop plays Electron's main, which
 *      relays each call and event through the core client
 *      (src-main/ipc/core-client.ts) to the product's serveCore in a forked
 *      child (bench/main-thread/core-child.ts). The core's own loop is
 *      watched too ("core loop").
 *
 * The kiosk is enrolled as tests/integration/sync/hosted-support.ts enrols
 * one (real SQLite, the real sync service against an embedded PostgreSQL):
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
 * The pieces are in bench/main-thread/: the provider's thread, the loop
 * watch, the candidate, one phase, the stall attribution and the report.
 *
 *   npm run bench:main-thread
 *   knobs: BENCH_TURNS (10 per phase), BENCH_PULL_INTERVIEWS (600, each with 20 messages), BENCH_PDFS (8),
 *          BENCH_PROFILE (all | turns | pull | pdf: which run is profiled; all three together by default)
 *
 * Prints a report, then ONE line of JSON with the figures of the
 * all-together run (unprofiled): the core apart unprefixed, the core on the
 * measured loop prefixed `in_process_`.
 */
import { Session } from 'node:inspector/promises';
import { cpus, loadavg } from 'node:os';
import { queryRows } from '../src-main/sync/hosted-db/pg-client';
import { hostedDatabase } from '../tests/integration/sync/hosted-support';
import { startTestPostgres, type TestPostgres } from '../tests/support/postgres-server';
import { strongPassword } from '../tests/support/test-app';
import { ANSWER_VARIANTS, Candidate, Kiosk, STAFF, waitForAssessment } from './main-thread/candidate';
import { apartDriver } from './main-thread/core-apart';
import { kioskDevice } from './main-thread/kiosk-device';
import { localDriver, type KioskDriver } from './main-thread/kiosk-driver';
import { hrMs } from './main-thread/loop-watch';
import { HELD_UP_MS, runPhase, type PhaseFigures, type Work } from './main-thread/phase';
import { startFakeProvider, type FakeProvider } from './main-thread/provider-thread';
import { figuresOf, printAttribution, printPhases, printWork } from './main-thread/report';
import { attribute, type Profile } from './main-thread/stall-attribution';
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
const PROFILE_SAMPLE_US = 250;

const PROFILED_WORK: Record<typeof PROFILE, Work> = {
  all: { turns: TURNS, pull: true, pdfs: PDFS },
  turns: { turns: TURNS },
  pull: { pull: true },
  pdf: { pdfs: PDFS },
};

/** Where the kiosk's core runs, and how the benchmark reaches it. */
interface Arrangement {
  title: string;
  /** The core on the measured loop can be profiled there; one apart cannot. */
  profiled: boolean;
  open(databaseUrl: string, providerUrl: string): Promise<{ driver: KioskDriver; deviceId: string }>;
}

const inProcess: Arrangement = {
  title: 'the core on the measured loop (the app as the browser host runs it)',
  profiled: true,
  async open(databaseUrl, providerUrl) {
    const device = await kioskDevice(databaseUrl, providerUrl);
    return { driver: localDriver(device), deviceId: device.deviceId };
  },
};

const coreApart: Arrangement = {
  title: 'the core in a process of its own (as the Electron shell runs it, in a utility process)',
  profiled: false,
  open: apartDriver,
};

/** Set-up, the phases (each alone, then together), and, when profiled, the same again to name the stalls. */
async function measure(arrangement: Arrangement, postgres: TestPostgres, provider: FakeProvider): Promise<PhaseFigures[]> {
  provider.pace(false);
  const url = await hostedDatabase(() => postgres.createDatabase());
  const { driver, deviceId } = await arrangement.open(url, provider.url);
  try {
    const kiosk = new Kiosk(driver);
    // ------------------------------------------------------------ set-up: one real interview, scored and pushed
    const setupStarted = performance.now();
    await kiosk.call('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' }, STAFF);
    const candidate = new Candidate(kiosk);
    await candidate.turn();
    const reportId = (await candidate.finish())!;
    await waitForAssessment(kiosk, reportId);
    const pushed = await driver.syncNow();
    if (pushed.state !== 'idle' || pushed.pendingChanges > 0) throw new Error(`the set-up push ended ${pushed.state} with ${pushed.pendingChanges} changes left: ${pushed.lastError}`);
    const perInterview = await queryRows<{ table_name: string; n: number }>(
      url,
      `SELECT table_name, count(*)::int AS n FROM sync.changes GROUP BY table_name ORDER BY table_name`,
    );
    const report = await kiosk.call('review.get', { interviewId: reportId }, STAFF);
    const pdf = await kiosk.call('review.exportPdf', { interviewId: reportId }, STAFF);
    provider.pace(true);
    console.log(`Main-thread stalls with ${arrangement.title}`);
    // Other processes competing for the CPU show up as stalls too: the load says how busy the machine was.
    console.log(
      `  Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg()[0]!.toFixed(1)}; ` +
        'fake provider on its own thread, paced like the real service',
    );
    console.log(
      `  set-up in ${(performance.now() - setupStarted).toFixed(0)} ms: one interview of ${report.transcript.length} questions, scored; ` +
        `its rows on the server: ${perInterview.map((row) => `${row.table_name} ${row.n}`).join(', ')}`,
    );
    await seedCompletedInterviews(url, deviceId, PULL_SHAPE);
    const [seeded] = await queryRows<{ n: number }>(url, 'SELECT count(*)::int AS n FROM sync.changes');
    console.log(
      `  the PDF report: ${Math.round((pdf.base64.length * 3) / 4 / 1024)} KiB; the kiosk's history on the server: ${PULL_INTERVIEWS} interviews ` +
        `(each with its session of ${PULL_SHAPE.memoryTurns} remembered turns, ${PULL_SHAPE.messages} messages and its assessment), ${seeded!.n.toLocaleString('en')} rows in all`,
    );
    console.log('');

    // ------------------------------------------------------------ each alone, then all together
    candidate.prepareAnswers(ANSWER_VARIANTS);
    const phases: PhaseFigures[] = [];
    phases.push(await runPhase(kiosk, candidate, reportId, 'idle (the probes alone)', {}));
    phases.push(await runPhase(kiosk, candidate, reportId, 'interview turns alone', { turns: TURNS }));
    phases.push(await runPhase(kiosk, candidate, reportId, 'sync pull alone', { pull: true }));
    phases.push(await runPhase(kiosk, candidate, reportId, 'PDF exports alone', { pdfs: PDFS }));
    await driver.resetPullCursor();
    phases.push(await runPhase(kiosk, candidate, reportId, 'all three together', { turns: TURNS, pull: true, pdfs: PDFS }));
    if (!arrangement.profiled) {
      printPhases(phases);
      console.log('');
      printWork(phases[2]!, phases[3]!, phases[4]!);
      console.log('');
      return phases;
    }

    // ------------------------------------------------------------ the same again, profiled, to name the stalls
    await driver.resetPullCursor();
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: PROFILE_SAMPLE_US });
    const profileStartHr = hrMs();
    await session.post('Profiler.start');
    const profiledName = `${PROFILE === 'all' ? 'all together' : `${PROFILE} alone`}, profiled`;
    const profiled = await runPhase(kiosk, candidate, reportId, profiledName, PROFILED_WORK[PROFILE]);
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
    session.disconnect();
    const heldUp = profiled.stalls.filter((stall) => stall.lateMs > HELD_UP_MS);
    const named = attribute(profile, profileStartHr, heldUp.length > 0 ? heldUp : [...profiled.stalls].sort((a, b) => b.lateMs - a.lateMs).slice(0, 5));
    printPhases([...phases, profiled]);
    console.log('');
    printWork(phases[2]!, phases[3]!, phases[4]!);
    console.log('');
    printAttribution(named, heldUp.length > 0);
    console.log('');
    return phases;
  } catch (error) {
    // An `internal` answer names only a reference: the app's own log says what went wrong.
    for (const line of await driver.errorLines()) console.error(line);
    throw error;
  } finally {
    await driver.close();
  }
}

async function main(): Promise<void> {
  const benchStarted = performance.now();
  const provider = await startFakeProvider();
  let postgres: TestPostgres | undefined;
  try {
    postgres = await startTestPostgres();
    const before = await measure(inProcess, postgres, provider);
    const phases = await measure(coreApart, postgres, provider);
    const together = phases[4]!;
    console.log(
      JSON.stringify({
        turns_per_phase: TURNS,
        pull_rows: together.pullRows,
        pull_pages: together.pullPages,
        pull_transactions: together.pullTransactions,
        pdf_exports: together.pdfs,
        ...figuresOf(phases),
        ...figuresOf(before, 'in_process_'),
        load_average_1m: Math.round(loadavg()[0]! * 10) / 10,
        bench_total_ms: Math.round(performance.now() - benchStarted),
      }),
    );
  } finally {
    await postgres?.stop();
    await provider.close();
  }
}

await main();
