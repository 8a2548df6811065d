import { percentile } from '../stats';
import { realSleep as sleep } from '../../src-main/common/clock';
import { Candidate, Kiosk, PROBE, STAFF } from './candidate';
import { LoopWatch, type Stall } from './loop-watch';

/** What a renderer notices: the brief's line between "held up" and not. */
export const HELD_UP_MS = 50;
const MIN_PHASE_MS = 2000;

export interface Work {
  turns?: number;
  pull?: boolean;
  pdfs?: number;
}

export interface PhaseFigures {
  name: string;
  seconds: number;
  loopP99: number;
  loopMax: number;
  timerLateMax: number;
  stallsOver50: number;
  ipcP50: number;
  ipcP99: number;
  ipcMax: number;
  ipcOver50: number;
  probes: number;
  audioGapMax: number | null;
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
  pdfP50: number | null;
  pdfs: number;
  /** The core's own loop, when it runs apart from the measured one (null when they are the same loop). */
  coreLoopMax: number | null;
  coreLoopP99: number | null;
  stalls: Stall[];
}

/**
 * One stretch of work on the kiosk, with the measured loop watched
 * throughout: each kind of work keeps going until the others are done, so
 * "together" means together from start to end.
 */
export async function runPhase(kiosk: Kiosk, candidate: Candidate, reportId: string, name: string, work: Work): Promise<PhaseFigures> {
  const driver = kiosk.driver;
  await driver.watchPull();
  await driver.watchCoreLoop?.();
  const firstAudioBefore = new Set(kiosk.audio.keys());
  const watch = new LoopWatch(async () => {
    const result = await driver.dispatch('app.getStatus', {}, PROBE);
    if (!result.ok) throw new Error(`probe: ${result.error.message}`);
  });
  const turnMs: number[] = [];
  const pdfMs: number[] = [];
  let pullMs: number | null = null;
  const phaseStarted = performance.now();
  watch.start();
  // The delay histogram counts from its second tick: give it one before the work starts.
  await sleep(20);
  let pullDone = !work.pull;
  let pdfsDone = !work.pdfs;
  const jobs: Promise<void>[] = [];
  if (work.pull) {
    jobs.push(
      (async () => {
        const started = performance.now();
        const status = await driver.syncNow();
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
        await driver.idle();
      })(),
    );
  }
  await Promise.all(jobs);
  // Every phase runs long enough for a hundred probes, so its figures are never from a handful.
  const left = MIN_PHASE_MS - (performance.now() - phaseStarted);
  if (left > 0) await sleep(left);
  const loop = await watch.stop();
  const pull = await driver.pullFigures();
  const core = (await driver.coreLoopFigures?.()) ?? null;
  const gaps: number[] = [];
  for (const [streamId, times] of kiosk.audio) {
    if (firstAudioBefore.has(streamId)) continue;
    for (let i = 1; i < times.length; i++) gaps.push(times[i]! - times[i - 1]!);
  }
  const p = (values: number[], q: number) => (values.length > 0 ? percentile(values, q) : null);
  const max = (values: number[]) => (values.length > 0 ? Math.max(...values) : null);
  return {
    name,
    seconds: loop.seconds,
    loopP99: loop.loopP99,
    loopMax: loop.loopMax,
    timerLateMax: loop.timerLateMax,
    stallsOver50: loop.stalls.filter((stall) => stall.lateMs > HELD_UP_MS).length,
    ipcP50: percentile(loop.ipc, 50),
    ipcP99: percentile(loop.ipc, 99),
    ipcMax: Math.max(...loop.ipc),
    ipcOver50: loop.ipc.filter((ms) => ms > HELD_UP_MS).length,
    probes: loop.ipc.length,
    audioGapMax: max(gaps),
    turnP50: p(turnMs, 50),
    turnMax: max(turnMs),
    turns: turnMs.length,
    pullPages: pull.pages,
    pullTransactions: pull.transactionMs.length,
    pullTransactionMax: max(pull.transactionMs),
    pullTransactionP50: p(pull.transactionMs, 50),
    pullRows: pull.rows,
    pullMs,
    pdfP50: p(pdfMs, 50),
    pdfs: pdfMs.length,
    coreLoopMax: core?.loopMax ?? null,
    coreLoopP99: core?.loopP99 ?? null,
    stalls: loop.stalls,
  };
}
