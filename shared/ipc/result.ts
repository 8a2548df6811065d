import { z } from 'zod';

/**
 * Every IPC answer is a value, never a thrown error: the renderer gets a code
 * it can branch on and a message a person can act on, and never a stack trace.
 */
export const errorCodes = [
  'invalid_input', // the payload failed its schema; nothing changed
  'too_large', // the payload is over the channel's size limit; refused before it was read
  'unauthenticated', // no live session for this window
  'forbidden', // signed in, but this role may not do this
  'untrusted_sender', // the call did not come from the app's own frame
  'unknown_channel',
  'not_found',
  'conflict', // e.g. email already registered, setup already done
  'locked', // too many wrong passwords
  'rate_limited', // too many of these calls in a short time; the message says when to try again
  'unavailable', // a dependency (keychain, database) is not reachable
  'answer_not_heard', // no words could be made out of a spoken answer: answer the question again
  'internal', // a bug: logged in main with a reference id
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const appErrorSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  /** Per-field messages for forms, keyed by input field name. */
  fields: z.record(z.string(), z.string()).optional(),
});
export type AppError = z.infer<typeof appErrorSchema>;

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppError };

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function fail(code: ErrorCode, message: string, fields?: Record<string, string>): Result<never> {
  return { ok: false, error: fields ? { code, message, fields } : { code, message } };
}
