import { z } from 'zod';
import { assessmentStatuses, decisionKinds, integrityFlagSchema } from './assessment';
import { recommendationBandsSchema } from './ai-recommendation';
import { interviewPhases, interviewStatuses, roleTypes } from './interview';

/**
 * The access and explanation pack (issue 18, point 5): what a candidate
 * receives about their interview once a named recruiter or admin approved
 * it. The same model is the JSON file, the PDF's content and the preview on
 * the review screen, so the three cannot disagree.
 */

export const EXPLANATION_PACK_FORMAT = 'teamified-explanation-pack/1' as const;

const quotedAnswerSchema = z.object({
  number: z.number().int().min(1),
  question: z.string(),
  /** Null when the question was not answered. */
  answer: z.string().nullable(),
});

export const packSkillSchema = z.object({
  skillId: z.string(),
  name: z.string(),
  /** The rubric: what the role's definition says this skill covers. */
  rubric: z.string(),
  score: z.number().min(0).max(100),
  /** How much it counts in the overall score: its answered questions, at least 1. */
  weight: z.number().int().min(1),
  summary: z.string(),
  /** The answers the score cites, quoted. */
  evidence: z.array(quotedAnswerSchema),
  /** The highest difficulty (1..5) answered well; 0 when none; null when the engine kept no record. */
  highestLevelPassed: z.number().int().min(0).max(5).nullable(),
});
export type PackSkill = z.infer<typeof packSkillSchema>;

export const packOutcomeChangeSchema = z.object({
  skillId: z.string(),
  name: z.string(),
  score: z.number(),
  neededScore: z.number(),
  recommendation: z.enum(decisionKinds),
  sentence: z.string(),
});

/** One kind of work the AI did, with each model and prompt version that did it. */
export const packModelUseSchema = z.object({
  /** "Writing the questions", "Transcribing the spoken answers", ... */
  task: z.string(),
  model: z.string(),
  /** The snapshot the provider reported; null when it reported none. */
  snapshot: z.string().nullable(),
  /** The prompt template and the SHA-256 of its version; null for calls made from no template (speech). */
  template: z.string().nullable(),
  templateVersion: z.string().nullable(),
  calls: z.number().int().min(1),
});
export type PackModelUse = z.infer<typeof packModelUseSchema>;

export const packRecordingSchema = z.object({
  number: z.number().int().min(1),
  fileName: z.string(),
});

export const explanationPackSchema = z.object({
  format: z.literal(EXPLANATION_PACK_FORMAT),
  /** SHA-256 of the content (everything but generatedAt and approval): what a recruiter approves is what is sent. */
  contentSha256: z.string().regex(/^[0-9a-f]{64}$/),
  generatedAt: z.string(),
  candidate: z.object({ name: z.string(), email: z.string() }),
  interview: z.object({
    id: z.string(),
    roleType: z.enum(roleTypes),
    roleTitle: z.string(),
    status: z.enum(interviewStatuses),
    startedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    durationSeconds: z.number().nullable(),
  }),
  assessment: z
    .object({
      status: z.enum(assessmentStatuses),
      overallScore: z.number().nullable(),
      scoredAt: z.string(),
      /** How the overall score is made from the skill scores, in words. */
      method: z.string(),
    })
    .nullable(),
  recommendation: z.object({ decision: z.enum(decisionKinds), overallScore: z.number(), bands: recommendationBandsSchema, words: z.string() }).nullable(),
  skills: z.array(packSkillSchema),
  /** The skills and levels that decided the recommendation: the smallest change to one skill's score that would have changed it. */
  whatWouldHaveChanged: z.array(packOutcomeChangeSchema),
  integrityFlags: z.array(integrityFlagSchema.pick({ type: true, severity: true, evidence: true, source: true })),
  transcript: z.array(
    quotedAnswerSchema.extend({
      phase: z.enum(interviewPhases),
      skillName: z.string(),
      difficulty: z.number().int().nullable(),
      typed: z.boolean(),
    }),
  ),
  aiPart: z.object({
    /** What the AI did and did not do, in sentences. */
    statements: z.array(z.string()),
    models: z.array(packModelUseSchema),
    /** The role definition (question bank and rubric) and the scoring prompts the assessment rests on. */
    versions: z.array(z.object({ what: z.string(), version: z.string() })),
  }),
  peoplePart: z.object({
    statements: z.array(z.string()),
    decisions: z.array(
      z.object({ decision: z.enum(decisionKinds), decidedBy: z.string(), decidedAt: z.string(), aiRecommendation: z.enum(decisionKinds).nullable(), overrodeAi: z.boolean(), reason: z.string() }),
    ),
    proctors: z.array(z.object({ name: z.string(), openedAt: z.string(), identityConfirmedAt: z.string(), accommodations: z.array(z.string()) })),
  }),
  recordings: z.array(packRecordingSchema),
  /** Who approved sending it; null in a preview. */
  approval: z.object({ approvedBy: z.string(), approvedAt: z.string() }).nullable(),
});
export type ExplanationPack = z.infer<typeof explanationPackSchema>;

/**
 * Where a pack is: not approved (nothing recorded), approved and queued,
 * being sent, sent, or failed (the email's last error says why). Only
 * forward: a sent pack stays sent.
 */
export const packDeliveryStates = ['not_approved', 'queued', 'sending', 'sent', 'failed'] as const;
export type PackDeliveryState = (typeof packDeliveryStates)[number];

export const packStatusSchema = z.object({
  interviewId: z.string(),
  state: z.enum(packDeliveryStates),
  /** The content that was approved (a newer pack with other content needs its own approval). */
  contentSha256: z.string().nullable(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  error: z.string().nullable(),
});
export type PackStatus = z.infer<typeof packStatusSchema>;

/** Attached to the email up to this total; above it the email says the recordings are available on request. */
export const RECORDINGS_ATTACH_CAP_BYTES = 20 * 1024 * 1024;
