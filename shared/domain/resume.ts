import { z } from 'zod';

export const RESUME_MAX_BYTES = 10 * 1024 * 1024;
/** Feedback nobody reviews is sent this long after it was generated. */
export const FEEDBACK_AUTO_SEND_HOURS = 4;

export const parsingStatuses = ['pending', 'processing', 'completed', 'failed'] as const;
export type ParsingStatus = (typeof parsingStatuses)[number];

export const feedbackStatuses = ['draft', 'pending_approval', 'approved', 'sent'] as const;
export type FeedbackStatus = (typeof feedbackStatuses)[number];

export const domainLevels = ['beginner', 'intermediate', 'advanced', 'expert'] as const;

/**
 * What the language model extracts from a resume's text (stored in
 * resumes.parsed_data). Every field is required so it works as an OpenAI
 * strict structured-output schema; "unknown" is an empty list or null.
 */
export const parsedResumeSchema = z.object({
  skills: z.array(z.string().max(100)).max(100),
  yearsOfExperience: z.number().min(0).max(80).nullable(),
  education: z.array(z.object({ institution: z.string().max(200), qualification: z.string().max(200), year: z.number().int().nullable() })).max(20),
  previousRoles: z.array(z.object({ title: z.string().max(200), organisation: z.string().max(200), years: z.number().min(0).max(80).nullable() })).max(30),
  technicalDomains: z.array(z.object({ domain: z.string().max(100), level: z.enum(domainLevels) })).max(30),
  summary: z.string().max(2000),
});
export type ParsedResume = z.infer<typeof parsedResumeSchema>;

export const resumeViewSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  fileSize: z.number().int(),
  parsingStatus: z.enum(parsingStatuses),
  uploadedAt: z.string(),
  parsedAt: z.string().nullable(),
  /** Why extraction or parsing failed, in words a person understands; null otherwise. */
  failureReason: z.string().nullable(),
  parsed: parsedResumeSchema.nullable(),
});
export type ResumeView = z.infer<typeof resumeViewSchema>;

export const deliveryStatuses = ['not_queued', 'queued', 'sending', 'delivered', 'failed'] as const;

export const feedbackItemSchema = z.object({
  id: z.string(),
  resumeId: z.string(),
  candidateName: z.string(),
  candidateEmail: z.string(),
  status: z.enum(feedbackStatuses),
  feedbackContent: z.string(),
  identifiedGaps: z.array(z.string()),
  recommendedResources: z.array(z.object({ title: z.string(), url: z.string().nullable(), reason: z.string() })),
  generatedAt: z.string(),
  autoSendAt: z.string().nullable(),
  approvedAt: z.string().nullable(),
  approvedByName: z.string().nullable(),
  sentAt: z.string().nullable(),
  delivery: z.enum(deliveryStatuses),
  /** The last delivery error, for staff (never shown to candidates). */
  deliveryError: z.string().nullable(),
});
export type FeedbackItem = z.infer<typeof feedbackItemSchema>;

export const resumeReviewItemSchema = resumeViewSchema.extend({ candidateName: z.string(), candidateEmail: z.string() });
export type ResumeReviewItem = z.infer<typeof resumeReviewItemSchema>;

/**
 * Feedback the AI could not write after its tries, for staff: which resume,
 * why (in a recruiter's words, never a provider's error text), and whether a
 * retry is already queued. 'failed' until someone selects Try again.
 */
export const feedbackFailureSchema = z.object({
  resumeId: z.string(),
  candidateName: z.string(),
  candidateEmail: z.string(),
  fileName: z.string(),
  uploadedAt: z.string(),
  reason: z.string(),
  status: z.enum(['failed', 'queued']),
});
export type FeedbackFailure = z.infer<typeof feedbackFailureSchema>;
