/**
 * The extraction worker's entry: one job per worker. It receives a file's
 * bytes, extracts the text and posts the result; the main side then ends
 * it. The main side also ends it on a timeout or when memory runs away, so
 * nothing here needs to guard against a slow or hostile file itself.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { MB } from './extraction-result';
import { extractDocument } from './extract-document';
import { warmUpPdf } from './warm-up-pdf';
import type { WorkerJob, WorkerMessage, WorkerStartData } from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('extraction-worker must run as a worker thread');
const start = workerData as WorkerStartData;

// pdf.js and mammoth report problems on the console; the worker shares the
// process's stdout, and the CLI's stdout must stay clean JSON.
for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) console[method] = () => {};

function post(message: WorkerMessage): void {
  port!.postMessage(message);
}

let heapPeakBytes = 0;
function sampleMemory(): void {
  const usage = process.memoryUsage();
  heapPeakBytes = Math.max(heapPeakBytes, usage.heapTotal + usage.external);
}

async function run(job: WorkerJob): Promise<void> {
  const started = performance.now();
  heapPeakBytes = 0;
  sampleMemory();
  // pdf.js works page by page with awaits in between, so the timer gets its turns.
  const sampler = setInterval(sampleMemory, 5);
  try {
    const extraction = await extractDocument(job.bytes, start.limits);
    sampleMemory();
    post({
      type: 'done',
      result: extraction.result,
      ...(extraction.fileType ? { fileType: extraction.fileType } : {}),
      diagnostics: extraction.diagnostics,
      stats: {
        elapsedMs: performance.now() - started,
        heapPeakMb: heapPeakBytes / MB,
        processMaxRssMb: (process.resourceUsage().maxRSS * 1024) / MB,
      },
    });
  } finally {
    clearInterval(sampler);
  }
}

if (start.warmUp) {
  await extractDocument(warmUpPdf(), start.limits);
  // The .docx reader too, so neither kind of file waits for a module to load.
  await import('mammoth');
}
// A job that arrived during the warm-up waited in the port's queue until now.
port.once('message', (job: WorkerJob) => {
  void run(job);
});
post({ type: 'ready' });
