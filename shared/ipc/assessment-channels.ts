import { z } from 'zod';
import { roleTypes } from '../domain/interview';
import {
  DECISION_NOTE_MAX,
  decisionKinds,
  interviewReviewSchema,
  reviewListItemSchema,
  reviewSortKeys,
  reviewStatuses,
} from '../domain/assessment';
import { reviewSections } from '../domain/review-views';
import { channel } from './channel';

/**
 * The recruiters' review of interviews: the dashboard, one interview's
 * assessment and transcript, answer audio, decisions, a retry of failed
 * scoring passes and the PDF report. Every staff role reads; recruiters and
 * admins decide and retry.
 */
const id = z.string().uuid();
const staff = ['recruiter', 'admin', 'viewer'] as const;
const deciders = ['recruiter', 'admin'] as const;
const score = z.number().min(0).max(100);

export const assessmentChannels = {
  'review.list': channel({
    summary: 'Staff: interviews with their assessment, searchable by candidate name or email, filterable by role, status and score, sortable.',
    access: staff,
    input: z.strictObject({
      search: z.string().trim().max(200).default(''),
      roleType: z.enum([...roleTypes, 'all']).default('all'),
      status: z.enum([...reviewStatuses, 'all']).default('all'),
      minScore: score.nullable().default(null),
      maxScore: score.nullable().default(null),
      sort: z.enum(reviewSortKeys).default('date'),
      direction: z.enum(['asc', 'desc']).default('desc'),
    }),
    output: z.object({ items: z.array(reviewListItemSchema) }),
  }),
  'review.get': channel({
    summary: 'Staff: one interview: its assessment (scores, skill boundaries, evidence, integrity, reasoning, recommendations), transcript, decisions, tokens and cost.',
    access: staff,
    input: z.strictObject({ interviewId: id }),
    output: interviewReviewSchema,
  }),
  'review.answerAudio': channel({
    summary: "Staff: the recorded audio of one answer (a WAV file, base64).",
    access: staff,
    input: z.strictObject({ interviewId: id, messageId: id }),
    output: z.object({ mediaType: z.literal('audio/wav'), base64: z.string() }),
  }),
  'review.viewed': channel({
    summary: 'Staff: a section of an interview’s assessment came into view (scores, transcript, integrity, reasoning); recorded once per person. Returns every section they have seen.',
    access: staff,
    input: z.strictObject({ interviewId: id, section: z.enum(reviewSections, { error: `A section is one of ${reviewSections.join(', ')}.` }) }),
    output: z.object({ seen: z.array(z.enum(reviewSections)) }),
  }),
  'review.decide': channel({
    summary:
      'Recruiter/admin: record a decision (advance, hold, reject) with a note; earlier decisions stay in the history. Refused until this person has viewed the assessment’s scores and transcript, and, when it differs from the AI’s recommendation, without a reason in the note.',
    access: deciders,
    input: z.strictObject({ interviewId: id, decision: z.enum(decisionKinds), note: z.string().trim().max(DECISION_NOTE_MAX).default('') }),
    output: interviewReviewSchema,
  }),
  'review.retryScoring': channel({
    summary: 'Recruiter/admin: run the failed scoring passes of a partial or failed assessment again; the passes that worked are kept.',
    access: deciders,
    input: z.strictObject({ interviewId: id }),
    output: interviewReviewSchema,
  }),
  'review.exportPdf': channel({
    summary: 'Staff: the assessment as a PDF report to share with a hiring manager (base64).',
    access: staff,
    input: z.strictObject({ interviewId: id }),
    output: z.object({ fileName: z.string(), base64: z.string() }),
  }),
} as const;
