import { z } from 'zod';
import { sittingViewSchema } from './proctoring';

/**
 * What the kiosk noticed during a sitting (issue 17: every detection "shown
 * to the proctor at once"): the integrity events of the sitting's interview
 * so far, in the words the recruiter's integrity panel uses
 * (shared/copy/integrity-event-words.ts). Only the proctor sees them; the
 * candidate's screen never shows a tally.
 */

/** The newest events shown; the rest are counted. A proctor reads a screenful, the recruiter gets them all. */
export const SITTING_EVENTS_SHOWN = 25;

export const sittingEventSchema = z.object({
  occurredAt: z.string(),
  kind: z.string(),
  /** The kind in words ("Pasted text"). */
  label: z.string(),
  /** What was recorded with it, in words ("412 characters"); null when the kind says it all. */
  evidence: z.string().nullable(),
});
export type SittingEvent = z.infer<typeof sittingEventSchema>;

/** The sitting as the proctor sees it at the kiosk: its details, and what the kiosk noticed, newest first. */
export const proctorSittingViewSchema = sittingViewSchema.extend({
  integrityEvents: z.array(sittingEventSchema).max(SITTING_EVENTS_SHOWN),
  /** Older events not in the list. */
  earlierIntegrityEvents: z.number().int().min(0),
});
export type ProctorSittingView = z.infer<typeof proctorSittingViewSchema>;
