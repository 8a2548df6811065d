import { z } from 'zod';
import { channel } from './channel';

/**
 * The pre-sitting self-check (issue 17, point 5): what IT or the proctor
 * looks at before a sitting, one line per thing that must work, each green
 * or saying what to fix. Main checks what only it can see (the keychain,
 * the AI provider, sync, disk, clock, and what the Electron shell reports:
 * sandbox, displays, the OS's kiosk lock, and how much of the question
 * bank's audio is ready); the page adds the microphone and speakers, which
 * only it can reach.
 */

/** ok: fine. warn: a sitting can run, but fix it soon. fail: fix it before a sitting. unknown: could not be checked here. */
export const selfCheckStatuses = ['ok', 'warn', 'fail', 'unknown'] as const;
export type SelfCheckStatus = (typeof selfCheckStatuses)[number];

/** The checks main makes, in no particular order (the screen puts them in its own). */
export const kioskCheckIds = ['keychain', 'os-kiosk', 'sandbox', 'displays', 'disk', 'clock', 'provider', 'sync', 'bank-audio', 'network', 'updates'] as const;
export type KioskCheckId = (typeof kioskCheckIds)[number];

/** Long enough for a provider's or the sync server's explanation; main cuts anything longer. */
export const SELF_CHECK_TEXT_MAX = 2000;

export const kioskCheckSchema = z.strictObject({
  id: z.enum(kioskCheckIds),
  /** What was checked, as a heading: "AI provider". */
  label: z.string().min(1).max(100),
  status: z.enum(selfCheckStatuses),
  /** What was found, in plain words. */
  detail: z.string().min(1).max(SELF_CHECK_TEXT_MAX),
  /** What IT (or the proctor) does about it; null when there is nothing to do. */
  fix: z.string().min(1).max(SELF_CHECK_TEXT_MAX).nullable(),
});
export type KioskCheck = z.infer<typeof kioskCheckSchema>;

export const selfCheckReportSchema = z.strictObject({
  /** When main ran the checks (its clock). */
  checkedAt: z.string().max(40),
  checks: z.array(kioskCheckSchema).max(kioskCheckIds.length),
});
export type SelfCheckReport = z.infer<typeof selfCheckReportSchema>;

/**
 * The question bank's audio, synthesised ahead of time into the speech
 * cache so a question from the bank is spoken without the AI service
 * (issue 19, point 2). waiting: not begun yet; preparing: synthesising now;
 * paused: an interview is in progress here; retrying: the last try failed
 * (`problem`), the next is at `nextTryAt`; complete: every question is
 * ready; off: not prepared on this device (recruiter mode); unavailable: the
 * bank's files could not be read (`problem`).
 */
export const bankAudioStates = ['waiting', 'preparing', 'paused', 'retrying', 'complete', 'off', 'unavailable'] as const;
export type BankAudioState = (typeof bankAudioStates)[number];

const count = z.number().int().min(0);
export const bankAudioProgressSchema = z.strictObject({
  state: z.enum(bankAudioStates),
  /** Questions of every role whose every spoken part is in the cache, in the current voice. */
  questionsReady: count,
  questions: count,
  /** The distinct sentences those questions are spoken in: what is synthesised, one request each. */
  partsReady: count,
  parts: count,
  problem: z.string().min(1).max(SELF_CHECK_TEXT_MAX).nullable(),
  nextTryAt: z.string().max(40).nullable(),
});
export type BankAudioProgress = z.infer<typeof bankAudioProgressSchema>;

export const kioskChannels = {
  'kiosk.selfCheck': channel({
    summary:
      'Proctor/admin: check this device before a sitting (keychain, OS kiosk lock, sandbox, displays, disk space, clock, AI provider, sync); each check says what it found and what to fix. Makes one small call to the AI provider.',
    access: ['proctor', 'admin'],
    input: z.strictObject({}),
    output: selfCheckReportSchema,
  }),
  'kiosk.bankAudio': channel({
    summary:
      'Admin: how much of the question bank’s audio is ready on this device for an interview without the AI service ("212 of 360"), and what the background preparation is doing. Read-only; calls nothing.',
    access: ['admin'],
    input: z.strictObject({}),
    output: bankAudioProgressSchema,
  }),
} as const;
