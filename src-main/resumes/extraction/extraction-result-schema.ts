import { z } from 'zod';
import { extractionFailureReasons, resumeFileTypes } from './extraction-result';

/**
 * The result crosses a thread boundary (and later IPC), so the receiving side
 * checks its shape rather than trusting whatever arrived.
 */
export const extractionResultSchema = z.discriminatedUnion('ok', [
  z.strictObject({
    ok: z.literal(true),
    fileType: z.enum(resumeFileTypes),
    text: z.string(),
    pageCount: z.number().int().nonnegative().optional(),
    wordCount: z.number().int().nonnegative(),
    characters: z.number().int().nonnegative(),
    layoutNotes: z.array(z.string()).optional(),
  }),
  z.strictObject({
    ok: z.literal(false),
    reason: z.enum(extractionFailureReasons),
    message: z.string().min(1),
  }),
]);
