import { readFile, stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../logging/logger-types';
import { describeError } from './describe-error';
import {
  MB,
  defaultExtractionLimits,
  failure,
  type ExtractionLimits,
  type ExtractionResult,
  type ResumeFileType,
  type ZipLimits,
} from './extraction-result';
import { checkResumeFileSize, claimedResumeFileType } from './file-type';
import { resolveWorkerScript } from './worker-script';
import { workerMessageSchema, type WorkerJob, type WorkerMessage, type WorkerStartData, type WorkerStats } from './worker-protocol';

export interface ResumeTextExtractorOptions {
  limits?: Partial<Omit<ExtractionLimits, 'zip'>> & { zip?: Partial<ZipLimits> };
  /** Wall-clock budget of one extraction, from handing the file to a worker; then the worker is ended. */
  timeoutMs?: number;
  /** V8 old-space limit of each worker; past it V8 stops the worker, not the app. */
  maxOldGenerationSizeMb?: number;
  /**
   * Buffers (decompressed PDF streams, inflated ZIP parts) live outside the
   * V8 heap and its limit, so the process's resident memory is watched too:
   * a job during which it grows by more than this is ended. With more than
   * one job at a time, every job running then is ended.
   */
  maxRssGrowthMb?: number;
  /** Keep one started, warmed-up worker waiting, so a candidate's file does not wait for pdf.js to load. */
  keepWarmWorker?: boolean;
  /** Jobs at a time; more wait their turn. A kiosk reads one resume at a time. */
  maxConcurrent?: number;
  logger?: Logger;
  /** The worker script; by default the one beside this module (see worker-script.ts). */
  workerScript?: URL;
}

export interface ExtractionReport {
  result: ExtractionResult;
  /** The real type, when the worker got as far as telling it. */
  fileType?: ResumeFileType;
  sizeBytes: number;
  /** Technical notes (library messages, why a worker was ended); for logs and support only. */
  diagnostics: string[];
  /** From the call to the answer: waiting for a free slot, starting a worker and extracting. */
  elapsedMs: number;
  /** Measured inside the worker; absent when the worker was ended or never ran. */
  worker?: WorkerStats;
}

const DEFAULTS = {
  timeoutMs: 8_000,
  maxOldGenerationSizeMb: 256,
  maxRssGrowthMb: 512,
  keepWarmWorker: true,
  maxConcurrent: 1,
};
const WATCHDOG_INTERVAL_MS = 50;
const TERMINATE_GRACE_MS = 2_000;

type JobEnd =
  | { kind: 'done'; message: Extract<WorkerMessage, { type: 'done' }> }
  | { kind: 'timeout' }
  | { kind: 'out_of_memory'; detail: string }
  | { kind: 'crashed'; detail: string; beforeReady: boolean }
  | { kind: 'closed' };

/** One worker thread, used for one job and then ended. */
class ExtractionWorker {
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private markReady!: () => void;
  private onEnd: ((end: JobEnd) => void) | undefined;
  private pendingEnd: JobEnd | undefined;
  private lastError: unknown;
  private started = false;
  alive = true;

  constructor(script: URL, start: WorkerStartData, resourceLimits: { maxOldGenerationSizeMb: number }) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.worker = new Worker(script, {
      workerData: start,
      resourceLimits: { maxOldGenerationSizeMb: resourceLimits.maxOldGenerationSizeMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
      // The script is plain JavaScript; inheriting e.g. `--import tsx` would only slow its start.
      execArgv: [],
    });
    this.worker.on('message', (raw: unknown) => {
      const parsed = workerMessageSchema.safeParse(raw);
      if (!parsed.success) {
        return this.end({ kind: 'crashed', detail: `malformed message from worker: ${parsed.error.message.slice(0, 300)}`, beforeReady: !this.started });
      }
      if (parsed.data.type === 'ready') {
        this.started = true;
        this.markReady();
      } else this.end({ kind: 'done', message: parsed.data });
    });
    this.worker.on('error', (error: Error & { code?: string }) => {
      this.lastError = error;
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') this.end({ kind: 'out_of_memory', detail: describeError(error) });
    });
    this.worker.on('exit', (code) => {
      this.alive = false;
      this.markReady();
      this.end({ kind: 'crashed', detail: this.lastError ? describeError(this.lastError) : `worker exited with code ${code}`, beforeReady: !this.started });
    });
  }

  /** A waiting worker must not keep a CLI or test process alive. */
  idle(): void {
    this.worker.unref();
  }

  /** …unless someone is waiting for it. */
  hold(): void {
    this.worker.ref();
  }

  run(bytes: Uint8Array): Promise<JobEnd> {
    this.worker.ref();
    const job: WorkerJob = { type: 'job', bytes };
    this.worker.postMessage(job, [bytes.buffer as ArrayBuffer]);
    return new Promise((resolve) => {
      if (this.pendingEnd) return resolve(this.pendingEnd);
      this.onEnd = resolve;
    });
  }

  /** The first end wins: a result, then the exit it causes, is one end. */
  end(end: JobEnd): void {
    if (this.pendingEnd) return;
    this.pendingEnd = end;
    this.onEnd?.(end);
  }

  terminate(): Promise<void> {
    this.alive = false;
    return this.worker.terminate().then(
      () => {},
      () => {},
    );
  }
}

/** Waits in line for one of `size` slots. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];
  constructor(size: number) {
    this.free = size;
  }
  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

/**
 * Extracts a resume's text off the main thread. Every file is read in a
 * worker thread of its own with a heap limit and a wall-clock budget; a
 * file that takes too long or too much memory ends its worker, never the
 * app, and the answer is always a value (ExtractionResult), never a throw.
 */
export class ResumeTextExtractor {
  readonly limits: ExtractionLimits;
  private readonly options: typeof DEFAULTS;
  private readonly slots: Slots;
  private readonly running = new Set<ExtractionWorker>();
  private readonly logger: Logger | undefined;
  private readonly script: Promise<URL>;
  /** The next job's worker, started (and warming up) ahead of time. */
  private standby: Promise<ExtractionWorker | undefined> | undefined;
  private closed = false;

  constructor(options: ResumeTextExtractorOptions = {}) {
    this.limits = {
      ...defaultExtractionLimits,
      ...options.limits,
      zip: { ...defaultExtractionLimits.zip, ...options.limits?.zip },
    };
    this.options = {
      timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
      maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? DEFAULTS.maxOldGenerationSizeMb,
      maxRssGrowthMb: options.maxRssGrowthMb ?? DEFAULTS.maxRssGrowthMb,
      keepWarmWorker: options.keepWarmWorker ?? DEFAULTS.keepWarmWorker,
      maxConcurrent: Math.max(1, options.maxConcurrent ?? DEFAULTS.maxConcurrent),
    };
    this.slots = new Slots(this.options.maxConcurrent);
    this.logger = options.logger;
    this.script = options.workerScript ? Promise.resolve(options.workerScript) : resolveWorkerScript();
    // Settled here so an unused extractor with a bad script is no unhandled rejection; extract() reports it.
    this.script.catch(() => {});
    this.prepareStandby();
  }

  async extract(bytes: Uint8Array): Promise<ExtractionResult> {
    return (await this.extractWithReport(bytes)).result;
  }

  /** Like extract(), reading the file itself; an oversized file is refused before it is read. */
  async extractFile(path: string): Promise<ExtractionReport> {
    const started = performance.now();
    const { size } = await stat(path);
    const sizeProblem = checkResumeFileSize(size, this.limits.maxFileBytes);
    if (sizeProblem) return { result: sizeProblem, sizeBytes: size, diagnostics: [], elapsedMs: performance.now() - started };
    const report = await this.extractWithReport(await readFile(path));
    return { ...report, elapsedMs: performance.now() - started };
  }

  async extractWithReport(bytes: Uint8Array): Promise<ExtractionReport> {
    if (this.closed) throw new Error('ResumeTextExtractor is closed');
    const started = performance.now();
    const sizeBytes = bytes.byteLength;
    const finish = (partial: Omit<ExtractionReport, 'elapsedMs' | 'sizeBytes'>): ExtractionReport => {
      const report = { ...partial, sizeBytes, elapsedMs: performance.now() - started };
      this.log(report);
      return report;
    };
    const sizeProblem = checkResumeFileSize(sizeBytes, this.limits.maxFileBytes);
    if (sizeProblem) return finish({ result: sizeProblem, diagnostics: [] });
    // A copy of exactly the file's bytes is transferred: the caller's buffer may be a
    // view of a larger one (Node's shared pool), which must not be detached. Not
    // bytes.slice(): on a Buffer that is a view, not a copy.
    const copy = new Uint8Array(bytes);
    const claimed = claimedResumeFileType(copy);

    await this.slots.acquire();
    let worker: ExtractionWorker | undefined;
    try {
      worker = await this.takeWorker();
      return finish(this.describeEnd(await this.runWithGuards(worker, copy), claimed));
    } catch (error) {
      // Only a broken installation gets here (e.g. the worker script is missing); say so loudly.
      this.logger?.error('resume extraction could not start a worker', { error: describeError(error) });
      throw error;
    } finally {
      const done = worker;
      // The slot is free once the worker is gone, so two workers' memory never overlaps.
      void (done ? this.retire(done) : Promise.resolve()).then(() => {
        this.slots.release();
        this.prepareStandby();
      });
    }
  }

  /** Resolves once a warmed-up worker is waiting (at once when none is kept). */
  async ready(): Promise<void> {
    this.prepareStandby();
    const standby = await this.standby;
    if (!standby) return;
    standby.hold();
    await standby.ready;
    standby.idle();
  }

  async close(): Promise<void> {
    this.closed = true;
    const pending = this.standby;
    this.standby = undefined;
    const standby = pending ? await pending : undefined;
    const workers = [...this.running, ...(standby ? [standby] : [])];
    for (const worker of workers) worker.end({ kind: 'closed' });
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private async takeWorker(): Promise<ExtractionWorker> {
    const pending = this.standby;
    this.standby = undefined;
    const standby = pending ? await pending : undefined;
    if (standby?.alive) return standby;
    if (standby) void standby.terminate();
    return this.spawn(false);
  }

  private prepareStandby(): void {
    if (!this.options.keepWarmWorker || this.closed || this.standby) return;
    this.standby = this.spawn(true).then(
      (worker) => {
        if (!this.closed) {
          worker.idle();
          return worker;
        }
        void worker.terminate();
        return undefined;
      },
      (error: unknown) => {
        this.logger?.warn('resume extraction could not start a standby worker', { error: describeError(error) });
        return undefined;
      },
    );
  }

  private async spawn(warmUp: boolean): Promise<ExtractionWorker> {
    const script = await this.script;
    const start: WorkerStartData = { limits: this.limits, warmUp };
    return new ExtractionWorker(script, start, { maxOldGenerationSizeMb: this.options.maxOldGenerationSizeMb });
  }

  private runWithGuards(worker: ExtractionWorker, bytes: Uint8Array): Promise<JobEnd> {
    this.running.add(worker);
    const baselineRss = process.memoryUsage.rss();
    const limitRss = baselineRss + this.options.maxRssGrowthMb * MB;
    const timer = setTimeout(() => worker.end({ kind: 'timeout' }), this.options.timeoutMs);
    const watchdog = setInterval(() => {
      const rss = process.memoryUsage.rss();
      if (rss > limitRss) {
        worker.end({ kind: 'out_of_memory', detail: `process memory grew by ${Math.round((rss - baselineRss) / MB)} MB during the extraction` });
      }
    }, WATCHDOG_INTERVAL_MS);
    return worker.run(bytes).finally(() => {
      clearTimeout(timer);
      clearInterval(watchdog);
      this.running.delete(worker);
    });
  }

  private describeEnd(end: JobEnd, claimed: ResumeFileType | undefined): Omit<ExtractionReport, 'elapsedMs' | 'sizeBytes'> {
    const kind = claimed ? { fileType: claimed } : {};
    switch (end.kind) {
      case 'done':
        return {
          result: end.message.result,
          ...(end.message.fileType ? { fileType: end.message.fileType } : {}),
          diagnostics: end.message.diagnostics,
          worker: end.message.stats,
        };
      case 'timeout':
        return { result: failure('timeout', { timeoutMs: this.options.timeoutMs, ...kind }), diagnostics: [`worker ended after ${this.options.timeoutMs} ms`] };
      case 'out_of_memory':
        return { result: failure('out_of_memory', kind), diagnostics: [end.detail] };
      case 'crashed':
        // A worker that dies before it could read anything has a broken installation, not a bad file:
        // that is a bug to report (the caller's "internal" answer), not a message to a candidate.
        if (end.beforeReady) throw new Error(`The resume extraction worker failed to start: ${end.detail}`);
        // A reader that brings its whole thread down was given a file it could not make sense of.
        return { result: failure('corrupt', kind), diagnostics: [end.detail] };
      case 'closed':
        return { result: failure('timeout', kind), diagnostics: ['the extractor was closed during the extraction'] };
    }
  }

  private async retire(worker: ExtractionWorker): Promise<void> {
    this.running.delete(worker);
    // terminate() waits for a native call in progress to return; a queue must not wait on that forever.
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([worker.terminate(), new Promise<void>((resolve) => (grace = setTimeout(resolve, TERMINATE_GRACE_MS)))]);
    clearTimeout(grace);
  }

  private log(report: ExtractionReport): void {
    if (!this.logger) return;
    const fields = {
      ok: report.result.ok,
      reason: report.result.ok ? undefined : report.result.reason,
      fileType: report.fileType,
      sizeBytes: report.sizeBytes,
      elapsedMs: Math.round(report.elapsedMs),
      diagnostics: report.diagnostics.slice(0, 10),
    };
    // Never the text: it is a candidate's personal data.
    if (report.result.ok || ['unsupported_type', 'too_large', 'empty', 'encrypted', 'no_text_layer'].includes(report.result.reason)) {
      this.logger.info('resume text extraction finished', fields);
    } else {
      this.logger.warn('resume text extraction failed', fields);
    }
  }
}
