import { z } from 'zod';
import { feedbackFailureSchema, feedbackItemSchema, feedbackStatuses, RESUME_MAX_BYTES, resumeReviewItemSchema, resumeViewSchema } from '../domain/resume';
import { fileNameSchema, multiLineText } from '../domain/safe-text';
import { channel } from './channel';

/**
 * Resumes and the AI-written feedback on them. A candidate uploads at the
 * kiosk and watches it being processed (poll `resume.listMine`); staff see
 * the feedback queue; recruiters and admins edit and approve; viewers read.
 */
const id = z.string().uuid();
const staff = ['recruiter', 'admin', 'viewer'] as const;
const approvers = ['recruiter', 'admin'] as const;

/**
 * Uploads per candidate: each is stored, synced and parsed by the AI (paid).
 * A candidate uploads once, or a few times to fix a wrong file; five in ten
 * minutes leaves room for that.
 */
export const RESUME_UPLOAD_LIMIT = { count: 5, windowMs: 10 * 60_000 } as const;

export const resumeChannels = {
  'resume.upload': channel({
    summary: `Candidate: upload a PDF or DOCX resume (at most 10 MB, ${RESUME_UPLOAD_LIMIT.count} uploads in ${RESUME_UPLOAD_LIMIT.windowMs / 60_000} minutes); it is checked by its bytes, stored, and queued for extraction and parsing.`,
    access: ['candidate'],
    /** The file's largest base64 plus room for its name. */
    maxInputBytes: Math.ceil((RESUME_MAX_BYTES * 4) / 3) + 4 + 64 * 1024,
    input: z.strictObject({
      /** As shown to staff: NFC, one line, no hidden or direction-changing characters (safe-text.ts). */
      fileName: fileNameSchema(255),
      /** base64 of the file; 10 MB of bytes is at most ~13.4 million characters. */
      fileBase64: z.string().min(1).max(Math.ceil((RESUME_MAX_BYTES * 4) / 3) + 4),
    }),
    output: resumeViewSchema,
  }),
  'resume.listMine': channel({
    summary: 'Candidate: my resumes, newest first, with their processing status and parsed summary.',
    access: ['candidate'],
    input: z.strictObject({}),
    output: z.object({ resumes: z.array(resumeViewSchema) }),
  }),
  'resume.listForReview': channel({
    summary: 'Staff: resumes by parsing status (failed ones need a person), newest first.',
    access: staff,
    input: z.strictObject({ status: z.enum(['all', 'failed', 'pending', 'processing', 'completed']).default('all') }),
    output: z.object({ resumes: z.array(resumeReviewItemSchema) }),
  }),
  'feedback.list': channel({
    summary: 'Staff: AI-written resume feedback, by status; the approval queue is pending_approval, soonest auto-send first.',
    access: staff,
    input: z.strictObject({ status: z.enum([...feedbackStatuses, 'all']).default('pending_approval') }),
    output: z.object({ items: z.array(feedbackItemSchema) }),
  }),
  'feedback.update': channel({
    summary: 'Recruiter/admin: edit the email body of feedback still pending approval.',
    access: approvers,
    /** Up to 4 × 20,000 characters before normalisation (multiLineText), each up to 3 bytes as UTF-8. */
    maxInputBytes: 256 * 1024,
    input: z.strictObject({
      feedbackId: id,
      feedbackContent: multiLineText({ label: 'Feedback', min: 20, max: 20_000 }),
    }),
    output: feedbackItemSchema,
  }),
  'feedback.approve': channel({
    summary: 'Recruiter/admin: approve feedback and queue its email (sent once; approving something already sent is refused).',
    access: approvers,
    input: z.strictObject({ feedbackId: id }),
    output: feedbackItemSchema,
  }),
  'feedback.listFailed': channel({
    summary: 'Staff: resumes whose feedback the AI could not write after its tries, with the reason in plain words.',
    access: staff,
    input: z.strictObject({}),
    output: z.object({ items: z.array(feedbackFailureSchema) }),
  }),
  'feedback.retry': channel({
    summary:
      'Recruiter/admin: queue the writing of feedback that failed once more (refused while it is queued or running, or once the feedback exists).',
    access: approvers,
    input: z.strictObject({ resumeId: id }),
    output: feedbackFailureSchema,
  }),
} as const;
