/**
 * Resume text extraction: time and memory for a 2-page and a 20-page PDF
 * (and a .docx), through ResumeTextExtractor exactly as the app uses it.
 *
 *   cold: a new worker per file, nothing started ahead: the time includes
 *         starting the worker thread and loading pdf.js (the first file
 *         after the app starts, or any file with keepWarmWorker: false);
 *   warm: the app's default, a standby worker started and warmed up ahead
 *         of the file (the bench waits for it between files, as the gap
 *         between two candidates would).
 *
 * CPU is the process's CPU time during each call, all threads: unlike the
 * wall-clock time it hardly changes when other work shares the machine.
 *
 * Memory is the worker's own peak (V8 heap committed plus buffers outside
 * it, sampled inside the worker every 5 ms); the whole process's peak RSS
 * (main thread, tsx, every worker) is reported beside it.
 *
 *   npm run bench:resume            (BENCH_RUNS=15 for more runs; default 9)
 *
 * Prints a report, then ONE line of JSON with the figures.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ResumeTextExtractor, type ExtractionReport } from '../src-main/resumes/extraction';
import { MB } from '../src-main/resumes/extraction/extraction-result';
import { makeResumeFixtures } from '../tests/fixtures/resumes/make-resumes';
import { percentile } from './stats';

const RUNS = Math.max(5, Number.parseInt(process.env.BENCH_RUNS ?? '9', 10) || 9);
const TARGET_PDF20_MS = 300;
const TARGET_PDF20_PEAK_MB = 150;

const round = (value: number) => Math.round(value * 10) / 10;

interface Series {
  ms: number[];
  /** CPU time of the whole process (all threads) during the call: what the file cost, whatever else the machine was doing. */
  cpuMs: number[];
  heapPeakMb: number[];
}

async function measure(series: Series, label: string, run: () => Promise<ExtractionReport>): Promise<void> {
  const cpu = process.cpuUsage();
  const report = await run();
  const used = process.cpuUsage(cpu);
  if (!report.result.ok) throw new Error(`${label}: extraction failed (${report.result.reason}): ${report.diagnostics.join('; ')}`);
  series.ms.push(report.elapsedMs);
  series.cpuMs.push((used.user + used.system) / 1000);
  series.heapPeakMb.push(report.worker?.heapPeakMb ?? Number.NaN);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-resume-bench-'));
  try {
    const files = await makeResumeFixtures(dir);
    const inputs = {
      pdf2: new Uint8Array(readFileSync(files['two-page.pdf'])),
      pdf20: new Uint8Array(readFileSync(files['twenty-page.pdf'])),
      docx: new Uint8Array(readFileSync(files['resume.docx'])),
    };
    const kinds = Object.keys(inputs) as (keyof typeof inputs)[];
    const empty = (): Series => ({ ms: [], cpuMs: [], heapPeakMb: [] });
    const cold = { pdf2: empty(), pdf20: empty(), docx: empty() };
    const warm = { pdf2: empty(), pdf20: empty(), docx: empty() };

    // One untimed run first, so the source-mode worker bundle (esbuild) and the OS file cache are ready.
    const coldExtractor = new ResumeTextExtractor({ keepWarmWorker: false });
    await coldExtractor.extract(inputs.pdf2);
    const warmExtractor = new ResumeTextExtractor();
    try {
      for (let run = 0; run < RUNS; run++) {
        // Rotate the order, so no kind always runs right after another.
        for (let k = 0; k < kinds.length; k++) {
          const kind = kinds[(run + k) % kinds.length]!;
          await measure(cold[kind], `cold ${kind}`, () => coldExtractor.extractWithReport(inputs[kind]));
          await warmExtractor.ready();
          await measure(warm[kind], `warm ${kind}`, () => warmExtractor.extractWithReport(inputs[kind]));
        }
      }
    } finally {
      await coldExtractor.close();
      await warmExtractor.close();
    }

    const processMaxRssMb = (process.resourceUsage().maxRSS * 1024) / MB;
    const figures = {
      runs: RUNS,
      pdf2_ms: round(percentile(cold.pdf2.ms, 50)),
      pdf20_ms: round(percentile(cold.pdf20.ms, 50)),
      docx_ms: round(percentile(cold.docx.ms, 50)),
      pdf2_warm_ms: round(percentile(warm.pdf2.ms, 50)),
      pdf20_warm_ms: round(percentile(warm.pdf20.ms, 50)),
      docx_warm_ms: round(percentile(warm.docx.ms, 50)),
      pdf2_cpu_ms: round(percentile(cold.pdf2.cpuMs, 50)),
      pdf20_cpu_ms: round(percentile(cold.pdf20.cpuMs, 50)),
      pdf20_warm_cpu_ms: round(percentile(warm.pdf20.cpuMs, 50)),
      pdf20_p95_ms: round(percentile(cold.pdf20.ms, 95)),
      pdf20_warm_p95_ms: round(percentile(warm.pdf20.ms, 95)),
      pdf2_peak_mb: round(Math.max(...cold.pdf2.heapPeakMb, ...warm.pdf2.heapPeakMb)),
      pdf20_peak_mb: round(Math.max(...cold.pdf20.heapPeakMb, ...warm.pdf20.heapPeakMb)),
      process_max_rss_mb: round(processMaxRssMb),
      load_average_1m: round(loadavg()[0]!),
      target_pdf20_ms: TARGET_PDF20_MS,
      target_pdf20_peak_mb: TARGET_PDF20_PEAK_MB,
    };

    const row = (label: string, series: Series) =>
      console.log(
        `  ${label.padEnd(30)} ${percentile(series.ms, 50).toFixed(0).padStart(8)} ${percentile(series.ms, 95).toFixed(0).padStart(8)}` +
          `${percentile(series.cpuMs, 50).toFixed(0).padStart(10)} ${Math.max(...series.heapPeakMb).toFixed(1).padStart(10)}`,
      );
    console.log('Resume text extraction through ResumeTextExtractor (worker thread per file)');
    console.log(`  ${RUNS} runs per row; times in ms from the call to the result; memory is the worker's own peak`);
    console.log('');
    console.log(`  ${''.padEnd(30)} ${'p50'.padStart(8)} ${'p95'.padStart(8)}${'CPU p50'.padStart(10)} ${'peak MB'.padStart(10)}`);
    row('2-page PDF, cold worker', cold.pdf2);
    row('20-page PDF, cold worker', cold.pdf20);
    row('.docx, cold worker', cold.docx);
    row('2-page PDF, warm standby', warm.pdf2);
    row('20-page PDF, warm standby', warm.pdf20);
    row('.docx, warm standby', warm.docx);
    console.log('');
    console.log(`  Whole process peak RSS (main thread, tsx, all workers): ${processMaxRssMb.toFixed(0)} MB`);
    console.log(`  CPU: process CPU time (all threads) during the call. Load average now: ${loadavg()[0]!.toFixed(2)} on ${availableParallelism()} cores.`);
    const verdict = (value: number, target: number) => (value < target ? 'within' : 'over');
    console.log(
      `  20 pages: cold p50 ${figures.pdf20_ms} ms (${verdict(figures.pdf20_ms, TARGET_PDF20_MS)} the ${TARGET_PDF20_MS} ms target), ` +
        `warm p50 ${figures.pdf20_warm_ms} ms (${verdict(figures.pdf20_warm_ms, TARGET_PDF20_MS)}); ` +
        `peak ${figures.pdf20_peak_mb} MB (${verdict(figures.pdf20_peak_mb, TARGET_PDF20_PEAK_MB)} the ${TARGET_PDF20_PEAK_MB} MB target).`,
    );
    console.log(JSON.stringify(figures));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
