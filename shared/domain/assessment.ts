import { z } from 'zod';
import { answerEndDecidedBy, interviewPhases, interviewStatuses, roleTypes } from './interview';
import { sittingViewSchema } from './proctoring';
import { configurationProofSchema } from './configuration-proof';
import { recommendationBandsSchema } from './ai-recommendation';

/**
 * The assessment of a submitted interview (the specification's
 * AssessmentResult) as main computes it and the review screens show it.
 * Scoring runs four passes (technical, integrity, reasoning,
 * recommendations); each one can fail on its own, so every section says
 * whether it is there.
 */

export const scoringPasses = ['technical', 'integrity', 'reasoning', 'recommendations'] as const;
export type ScoringPass = (typeof scoringPasses)[number];

/** complete: every pass stored; partial: the scores are there, some other pass failed; failed: no scores (the technical pass failed). */
export const assessmentStatuses = ['complete', 'partial', 'failed'] as const;
export type AssessmentStatus = (typeof assessmentStatuses)[number];

/** What the dashboard shows per interview: the stored status, or where scoring is when nothing is stored yet. */
export const reviewStatuses = ['in_progress', 'abandoned', 'scoring', ...assessmentStatuses] as const;
export type ReviewStatus = (typeof reviewStatuses)[number];

export const decisionKinds = ['advance', 'hold', 'reject'] as const;
export type DecisionKind = (typeof decisionKinds)[number];

export const integritySeverities = ['low', 'medium', 'high'] as const;
export type IntegritySeverity = (typeof integritySeverities)[number];

/**
 * Flag types. The first five are measured by code from timings and kiosk
 * events (src-main/assessment/integrity-signals.ts); the last two come from
 * the model reading the answers.
 */
export const integrityFlagTypes = [
  'response_timing_anomaly',
  'silence_then_fluent_answer',
  'speaking_rate_anomaly',
  'focus_loss',
  'paste_event',
  'answer_inconsistency',
  'suspected_outside_help',
] as const;
export type IntegrityFlagType = (typeof integrityFlagTypes)[number];

/** A pointer to one question of the interview and the answer given to it. */
export const questionRefSchema = z.object({
  /** 1-based question number, as the transcript shows it. */
  number: z.number().int().min(1),
  questionMessageId: z.string(),
  /** Null when the question was never answered. */
  answerMessageId: z.string().nullable(),
});
export type QuestionRef = z.infer<typeof questionRefSchema>;

export const integrityFlagSchema = z.object({
  type: z.enum(integrityFlagTypes),
  severity: z.enum(integritySeverities),
  /** 0..1: how sure the rule or the model is that this is a real concern. */
  confidence: z.number().min(0).max(1),
  /** One or two sentences a recruiter reads, naming what was measured or seen. */
  evidence: z.string(),
  source: z.enum(['measured', 'model']),
  refs: z.array(questionRefSchema),
  /** What was measured, units in the names (e.g. responseTimeMs, wordsPerMinute). */
  measurements: z.record(z.string(), z.number()),
});
export type IntegrityFlag = z.infer<typeof integrityFlagSchema>;

export const findingSchema = z.object({
  area: z.string(),
  description: z.string(),
  refs: z.array(questionRefSchema),
});
export type Finding = z.infer<typeof findingSchema>;

export const skillScoreSchema = z.object({
  skillId: z.string(),
  name: z.string(),
  score: z.number().min(0).max(100),
  summary: z.string(),
  refs: z.array(questionRefSchema),
});
export type SkillScore = z.infer<typeof skillScoreSchema>;

/** Where the candidate's skill boundary lies per area, from the interview engine's record (difficulty 1..5). */
export const skillBoundarySchema = z.object({
  skillId: z.string(),
  name: z.string(),
  questionsAsked: z.number().int().min(0),
  /** Highest difficulty answered well; 0 when none. */
  highestPassed: z.number().int().min(0).max(5),
  /** Lowest difficulty above highestPassed that was not answered well; null when none. */
  lowestFailed: z.number().int().min(1).max(5).nullable(),
  /** The level the engine settled on; null when the interview ended before it was pinned down. */
  boundary: z.number().int().min(0).max(5).nullable(),
  /** The engine's label: proficient, boundary_reached, ... */
  label: z.string().nullable(),
});
export type SkillBoundary = z.infer<typeof skillBoundarySchema>;

export const reasoningEntrySchema = z.object({
  /** What the reasoning explains: "overall", "integrity" or a skill id. */
  subject: z.string(),
  /** The subject's display name. */
  title: z.string(),
  explanation: z.string(),
  confidence: z.number().min(0).max(1),
  refs: z.array(questionRefSchema),
});
export type ReasoningEntry = z.infer<typeof reasoningEntrySchema>;

export const recommendationSchema = z.object({
  action: z.string(),
  rationale: z.string(),
  priority: z.enum(['high', 'medium', 'low']),
});
export type Recommendation = z.infer<typeof recommendationSchema>;

export const passOutcomeSchema = z.object({
  pass: z.enum(scoringPasses),
  status: z.enum(['succeeded', 'failed', 'skipped']),
  /** Why it failed or was skipped, in words for a recruiter. */
  error: z.string().nullable(),
  completedAt: z.string().nullable(),
});
export type PassOutcome = z.infer<typeof passOutcomeSchema>;

export const assessmentViewSchema = z.object({
  id: z.string(),
  status: z.enum(assessmentStatuses),
  /** Null only when the technical pass failed. */
  overallScore: z.number().min(0).max(100).nullable(),
  skillScores: z.array(skillScoreSchema),
  skillBoundaries: z.array(skillBoundarySchema),
  strengths: z.array(findingSchema),
  weaknesses: z.array(findingSchema),
  integrityScore: z.number().min(0).max(100).nullable(),
  integrityFlags: z.array(integrityFlagSchema),
  /** The model's overall view of integrity; null when its pass failed (measured flags are still listed). */
  integritySummary: z.string().nullable(),
  reasoning: z.array(reasoningEntrySchema),
  recommendations: z.array(recommendationSchema),
  passes: z.array(passOutcomeSchema),
  generatedAt: z.string(),
});
export type AssessmentView = z.infer<typeof assessmentViewSchema>;

export const scoringStateSchema = z.object({
  /** not_submitted: the interview never reached scoring; queued/running: a scoring job is waiting or working; idle: nothing to do. */
  state: z.enum(['not_submitted', 'queued', 'running', 'idle']),
  /** The last scoring job's error, if it failed outright. */
  lastError: z.string().nullable(),
});
export type ScoringState = z.infer<typeof scoringStateSchema>;

export const transcriptEntrySchema = z.object({
  number: z.number().int().min(1),
  question: z.object({
    messageId: z.string(),
    text: z.string(),
    phase: z.enum(interviewPhases),
    skillId: z.string(),
    skillName: z.string(),
    difficulty: z.number().int().min(1).max(5).nullable(),
    askedAt: z.string(),
    /** The wording it replaced, when the candidate had it asked again in other words (the `reask` accommodation). */
    firstAskedAs: z.string().nullable(),
    /** Asked from the question bank because the AI service could not write it (issue 19). */
    fromBank: z.boolean().optional(),
  }),
  answer: z
    .object({
      messageId: z.string(),
      text: z.string(),
      hasAudio: z.boolean(),
      /** Typed under the `typed_answers` accommodation, not spoken. */
      typed: z.boolean(),
      audioDurationSeconds: z.number().nullable(),
      responseTimeSeconds: z.number().nullable(),
      answeredAt: z.string(),
      /** Times the candidate carried on after the interviewer had begun the next question: one answer, spoken in parts. */
      continued: z.number().int().min(0),
      /** How the kiosk decided the answer was over; null for answers recorded before it said. */
      endedBy: z.enum(answerEndDecidedBy).nullable(),
      /**
       * 'live': transcribed as it was spoken; 'pending': recorded while the AI
       * service was away, words to come; 'later': transcribed after the
       * interview; 'failed': could not be transcribed (the audio is kept).
       * Absent in older data: live.
       */
      transcription: z.enum(['live', 'pending', 'later', 'failed']).optional(),
    })
    .nullable(),
});
export type TranscriptEntry = z.infer<typeof transcriptEntrySchema>;

export const aiRecommendationSchema = z.object({
  decision: z.enum(decisionKinds),
  overallScore: z.number(),
  bands: recommendationBandsSchema,
});

export const decisionViewSchema = z.object({
  id: z.string(),
  decision: z.enum(decisionKinds),
  /** What the AI recommended when this was decided; null when it had no scores, or the decision predates recommendations. */
  aiRecommendation: z.enum(decisionKinds).nullable(),
  /** The reason, when the decision overrides the AI's recommendation. */
  note: z.string(),
  decidedByName: z.string(),
  decidedAt: z.string(),
});
export type DecisionView = z.infer<typeof decisionViewSchema>;

export const reviewListItemSchema = z.object({
  interviewId: z.string(),
  candidateName: z.string(),
  candidateEmail: z.string(),
  roleType: z.enum(roleTypes),
  interviewStatus: z.enum(interviewStatuses),
  reviewStatus: z.enum(reviewStatuses),
  /** When the interview was completed, or started when it never was. */
  date: z.string(),
  overallScore: z.number().nullable(),
  integrityScore: z.number().nullable(),
  flagCount: z.number().int().min(0),
  highestSeverity: z.enum(integritySeverities).nullable(),
  /** The latest decision; null when none was recorded. */
  decision: z.enum(decisionKinds).nullable(),
});
export type ReviewListItem = z.infer<typeof reviewListItemSchema>;

export const interviewReviewSchema = z.object({
  interviewId: z.string(),
  candidateName: z.string(),
  candidateEmail: z.string(),
  roleType: z.enum(roleTypes),
  roleTitle: z.string(),
  interviewStatus: z.enum(interviewStatuses),
  reviewStatus: z.enum(reviewStatuses),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  durationSeconds: z.number().nullable(),
  totalTokensUsed: z.number().int().min(0),
  /** The priced calls only; show it with describeAiCost (shared/domain/ai-cost.ts), never alone. */
  costUsd: z.number().min(0),
  /** Calls whose model had no price: their cost is unknown, and not in costUsd. */
  unpricedCalls: z.number().int().min(0),
  /** Those calls' models, each once. */
  unpricedModels: z.array(z.string()),
  assessment: assessmentViewSchema.nullable(),
  scoring: scoringStateSchema,
  transcript: z.array(transcriptEntrySchema),
  integrityEvents: z.array(z.object({ kind: z.string(), occurredAt: z.string(), questionNumber: z.number().int().nullable() })),
  /** The AI's advance/hold/reject from the overall score and the role's bands (shared/domain/ai-recommendation.ts); null with no scores. */
  aiRecommendation: aiRecommendationSchema.nullable(),
  /** Newest first. */
  decisions: z.array(decisionViewSchema),
  /** The proctored sittings the interview was taken in, oldest first (who opened each, the identity check, pauses, notes); none at an unproctored kiosk. */
  sittings: z.array(sittingViewSchema),
  /**
   * The proof of configuration. The review service always sets it; optional
   * so the PDF report's inputs and the renderer's fixtures, which do not show
   * it, need not invent one.
   */
  configuration: configurationProofSchema.optional(),
});
export type InterviewReview = z.infer<typeof interviewReviewSchema>;

export const reviewSortKeys = ['date', 'candidate', 'overallScore', 'integrityScore'] as const;
export type ReviewSortKey = (typeof reviewSortKeys)[number];

export const DECISION_NOTE_MAX = 2000;
