import { z } from 'zod';
import { roleTypes, type AnswerMode } from './interview';

/**
 * Proctored sittings at a kiosk (issue 17): a proctor identifies the
 * candidate, opens a sitting for one role and hands the kiosk over; the
 * candidate can start an interview only inside an open sitting. The proctor
 * comes back with an exit sequence and their PIN to pause, note, resume or
 * end it.
 */

/** `paused` covers both a proctor's pause and the app's lock after a serious violation (`lockReason` set). */
export const sittingStatuses = ['open', 'paused', 'ended'] as const;
export type SittingStatus = (typeof sittingStatuses)[number];

/** How a sitting ended: the proctor ended it, or the candidate submitted their interview. */
export const sittingEndReasons = ['proctor', 'interview-submitted'] as const;
export type SittingEndReason = (typeof sittingEndReasons)[number];

/**
 * What a proctor may grant a candidate who needs it (issue 17, point 6),
 * recorded on the sitting and shown to the recruiter; none touches a score.
 * `practice_question`: one unscored question before the interview (shared/
 * copy/interview-messages.ts), answered and heard back; nothing of it is
 * kept. `extra_time`: the end-of-answer silence and the idle time before an
 * interview is abandoned both EXTRA_TIME_FACTOR longer. `typed_answers`:
 * answers typed instead of spoken, stored and scored like spoken ones
 * (pastes are still recorded). `reask`: once in the interview
 * (REASKS_PER_INTERVIEW), the question on screen asked again in other
 * words. `larger_text`: the candidate's screens in larger text with higher
 * contrast.
 */
export const accommodationKinds = ['practice_question', 'extra_time', 'typed_answers', 'reask', 'larger_text'] as const;
export type Accommodation = (typeof accommodationKinds)[number];
export const EXTRA_TIME_FACTOR = 1.5;
/** How many questions a candidate granted `reask` may have asked again in other words, in one interview. */
export const REASKS_PER_INTERVIEW = 1;

export const accommodationLabels: Record<Accommodation, { label: string; hint: string }> = {
  practice_question: { label: 'Practice question', hint: 'One unscored question before the interview, to try answering; nothing of it is kept.' },
  extra_time: { label: 'Extra time', hint: 'Half as long again to pause within an answer, and before an idle interview is abandoned.' },
  typed_answers: { label: 'Typed answers', hint: 'For a candidate who cannot speak their answers: they type them; stored and scored like spoken answers.' },
  reask: { label: 'One re-ask', hint: 'Once in the interview, the candidate may have the question on screen asked again in other words.' },
  larger_text: { label: 'Larger text and high contrast', hint: 'The candidate’s screens in larger, darker text on white.' },
};

export const PIN_MIN_DIGITS = 6;
export const PIN_MAX_DIGITS = 12;
/** Wrong PINs at one kiosk before it stops taking PINs for PIN_LOCKOUT_MINUTES. */
export const PIN_WRONG_TRIES = 5;
export const PIN_LOCKOUT_MINUTES = 15;
/** How long a correct PIN hands the kiosk's controls to the proctor (or until they close the panel). */
export const PROCTOR_CONTROL_MINUTES = 10;

export const PIN_RULE = `A proctor PIN is ${PIN_MIN_DIGITS} to ${PIN_MAX_DIGITS} digits.`;
/** Checked for shape only where it is typed; a wrong PIN is told apart in main, a badly shaped one never reaches bcrypt. */
export const pinSchema = z
  .string({ error: PIN_RULE })
  .max(64, { error: PIN_RULE })
  .regex(new RegExp(`^[0-9]{${PIN_MIN_DIGITS},${PIN_MAX_DIGITS}}$`), { error: PIN_RULE });

export const NOTE_MAX_CHARS = 2000;
export const IDENTITY_CHECK_MAX_CHARS = 200;

export const identityCheckSchema = z
  .string({ error: 'Say which identity document you checked.' })
  .trim()
  .min(2, { error: 'Say which identity document you checked (for example "passport" or "driving licence").' })
  .max(IDENTITY_CHECK_MAX_CHARS, { error: `The identity check can be at most ${IDENTITY_CHECK_MAX_CHARS} characters.` });

export const noteTextSchema = z
  .string({ error: 'Write the note first.' })
  .trim()
  .min(1, { error: 'Write the note first.' })
  .max(NOTE_MAX_CHARS, { error: `A note can be at most ${NOTE_MAX_CHARS} characters.` });

/** A proctor's incident note, kept on the sitting (synced, with the interview it belongs to). */
export const sittingNoteSchema = z.object({
  at: z.string(),
  proctorId: z.string(),
  proctorName: z.string(),
  text: z.string().max(NOTE_MAX_CHARS),
});
export type SittingNote = z.infer<typeof sittingNoteSchema>;

/** The sitting as the proctor sees it. */
export const sittingViewSchema = z.object({
  id: z.string(),
  status: z.enum(sittingStatuses),
  candidate: z.object({ id: z.string(), fullName: z.string(), email: z.string() }),
  openedBy: z.object({ id: z.string(), fullName: z.string() }),
  roleType: z.enum(roleTypes),
  identityCheck: z.string(),
  identityConfirmedAt: z.string(),
  /** What the proctor granted, in the order of accommodationKinds. */
  accommodations: z.array(z.enum(accommodationKinds)),
  openedAt: z.string(),
  pausedAt: z.string().nullable(),
  /** Time spent paused so far, not counting a pause still running. */
  pausedMs: z.number().int().min(0),
  /** Set while the app holds the sitting paused after a serious violation: the integrity event's kind. */
  lockReason: z.string().nullable(),
  interviewId: z.string().nullable(),
  notes: z.array(sittingNoteSchema),
  endedAt: z.string().nullable(),
  endReason: z.enum(sittingEndReasons).nullable(),
});
export type SittingView = z.infer<typeof sittingViewSchema>;

/** What anyone at the kiosk may see of the sitting in progress: enough to sign in, and to know it is paused or locked. */
export const kioskSittingSchema = z.object({
  id: z.string(),
  status: z.enum(sittingStatuses),
  candidateName: z.string(),
  candidateEmail: z.string(),
  roleType: z.enum(roleTypes),
  lockReason: z.string().nullable(),
  /** What the proctor granted the candidate: the screens follow `larger_text`. */
  accommodations: z.array(z.enum(accommodationKinds)),
  /** This window holds the proctor's controls until then (after their PIN); null when it does not. */
  proctorControlUntil: z.string().nullable(),
});
export type KioskSitting = z.infer<typeof kioskSittingSchema>;

/** The stored list as the app knows it: kinds it does not know (a newer device's) are left out, each known one once, in order. */
export function knownAccommodations(stored: readonly string[]): Accommodation[] {
  return accommodationKinds.filter((kind) => stored.includes(kind));
}

/** A time limit the candidate lives with (the end-of-answer silence, the idle time before abandonment), as their accommodations set it. */
export function withExtraTime(ms: number, accommodations: readonly Accommodation[]): number {
  return accommodations.includes('extra_time') ? Math.round(ms * EXTRA_TIME_FACTOR) : ms;
}

/** Answers are typed only where the proctor granted it; spoken everywhere else. */
export function answerModeOf(accommodations: readonly Accommodation[]): AnswerMode {
  return accommodations.includes('typed_answers') ? 'typed' : 'spoken';
}
