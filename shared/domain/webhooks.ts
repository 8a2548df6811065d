import { z } from 'zod';

/**
 * Webhooks to employers' hiring systems (issue 21): what an admin
 * subscribes to, and what each event carries. Names follow the Standard
 * Webhooks specification's advice (full-stop delimited, [a-z_] parts), and
 * a type's payload keeps one shape, so a receiver can rely on it.
 */
export const webhookEventTypes = ['interview.completed', 'assessment.ready', 'decision.recorded', 'resume.parsed', 'feedback.sent', 'candidate.erased'] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** Sent only when an admin asks ("Send a test event"), to whichever events the subscription takes. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';
export type AnyWebhookEventType = WebhookEventType | typeof WEBHOOK_TEST_EVENT;

export const webhookEventLabels: Record<WebhookEventType, { label: string; description: string }> = {
  'interview.completed': { label: 'Interview completed', description: 'A candidate submitted an interview, or it ended at its time limit.' },
  'assessment.ready': { label: 'Assessment ready', description: 'Scoring finished: the scores and the AI’s recommendation (complete, or partial when a scoring pass failed).' },
  'decision.recorded': { label: 'Decision recorded', description: 'A recruiter advanced, held or rejected a candidate.' },
  'resume.parsed': { label: 'Resume parsed', description: 'A candidate’s resume was read into skills and experience.' },
  'feedback.sent': { label: 'Resume feedback sent', description: 'Approved feedback on a resume was emailed to the candidate.' },
  'candidate.erased': { label: 'Candidate erased', description: 'A candidate’s data was erased on request: delete your copy too.' },
};

/** The people an event is about, as a hiring system matches them: by email, with the app's own id alongside. */
export const webhookCandidateSchema = z.object({ id: z.string(), fullName: z.string(), email: z.string() });
export type WebhookCandidate = z.infer<typeof webhookCandidateSchema>;

/**
 * The body of every delivery: the specification's recommended shape
 * (`type`, `timestamp`, `data`) and the event id, which is also the
 * `webhook-id` header, the same on every retry.
 */
export const webhookBodySchema = z.object({
  id: z.string(),
  type: z.string(),
  /** When the event happened (not when this attempt was made: that is the webhook-timestamp header). */
  timestamp: z.string(),
  data: z.record(z.string(), z.json()),
});
export type WebhookBody = z.infer<typeof webhookBodySchema>;
