import { z } from 'zod';
import { resumeFileTypes, type ExtractionLimits } from './extraction-result';
import { extractionResultSchema } from './extraction-result-schema';

/** Given to each worker at start. */
export interface WorkerStartData {
  limits: ExtractionLimits;
  /** Read a tiny built-in PDF before saying ready, so a standby worker has pdf.js loaded and warm. */
  warmUp: boolean;
}

/** The one message a worker receives; its bytes are transferred, not copied. */
export interface WorkerJob {
  type: 'job';
  bytes: Uint8Array;
}

export const workerStatsSchema = z.strictObject({
  /** From receiving the job to posting the result, inside the worker. */
  elapsedMs: z.number().nonnegative(),
  /** The worker's own peak: V8 heap committed plus memory outside it (buffers), sampled while it worked. */
  heapPeakMb: z.number().nonnegative(),
  /** The whole process's peak resident set so far (threads share one process). */
  processMaxRssMb: z.number().nonnegative(),
});
export type WorkerStats = z.infer<typeof workerStatsSchema>;

export const workerMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({
    type: z.literal('done'),
    result: extractionResultSchema,
    fileType: z.enum(resumeFileTypes).optional(),
    diagnostics: z.array(z.string()),
    stats: workerStatsSchema,
  }),
]);
export type WorkerMessage = z.infer<typeof workerMessageSchema>;
