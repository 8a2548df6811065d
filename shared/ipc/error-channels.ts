import { z } from 'zod';
import { channel } from './channel';

/**
 * Errors IT can see (issue 20, point 6): a window reports what it did not
 * handle (window 'error' and 'unhandledrejection'). Main redacts it before
 * keeping it (no quoted text, address or number of the message survives,
 * the stack comes down to file:line), so the page sends what it has and
 * never decides what is safe. Any window may report, signed in or not
 * (the sign-in screen can fail too); main takes a few a minute per window.
 */
export const ERROR_REPORT_LIMITS = { errorClass: 100, message: 2000, stack: 8000 } as const;
/**
 * The same parts' share of the channel's limit, which is in bytes of the
 * call as JSON (UTF-8; the browser host's socket counts exactly that): a
 * page clips to both, so a message in Greek or with control characters,
 * three to six bytes a character, still fits and is not refused whole.
 */
export const ERROR_REPORT_BYTES = { errorClass: 400, message: 3000, stack: 8000 } as const;

export const rendererErrorKinds = ['error', 'unhandledrejection'] as const;

export const errorReportInputSchema = z.strictObject({
  kind: z.enum(rendererErrorKinds),
  errorClass: z.string().max(ERROR_REPORT_LIMITS.errorClass),
  message: z.string().max(ERROR_REPORT_LIMITS.message),
  stack: z.string().max(ERROR_REPORT_LIMITS.stack),
});
export type ErrorReportInput = z.infer<typeof errorReportInputSchema>;

export const errorChannels = {
  'errors.report': channel({
    summary: 'Any window: an error the page did not handle, kept redacted on this device for IT (and sent to IT’s collector when one is set). A few a minute per window; more are dropped.',
    access: 'public',
    input: errorReportInputSchema,
    output: z.object({ recorded: z.boolean() }),
    // Its three strings (ERROR_REPORT_BYTES) and their keys; an error is never a file.
    maxInputBytes: 12 * 1024,
  }),
} as const;
