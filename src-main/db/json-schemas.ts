import { z } from 'zod';
import { integritySeverities, passOutcomeSchema } from '../../shared/domain/assessment';
import { interviewPhases, roleTypes } from '../../shared/domain/interview';
import { sittingNoteSchema } from '../../shared/domain/proctoring';
import { parsedResumeSchema } from '../../shared/domain/resume';

/**
 * Shapes of the JSON text columns (JSONB in the specification). The
 * specification gives examples rather than contracts for most of them, so
 * these pin down what the examples show and let anything else through, as
 * long as it is plain JSON (`z.json()` refuses Dates, undefined, NaN, which
 * JSON.stringify would silently change). Named fields keep the
 * specification's snake_case because the same JSON goes to Postgres as JSONB.
 */

const jsonObject = z.record(z.string(), z.json());
const label = z.string().min(1).max(500);
const evidenceText = z.string().max(10_000);
const score0to100 = z.number().min(0).max(100);
const confidence = z.number().min(0).max(1);

/** An object with some known fields; unknown fields must still be JSON. */
function openObject<S extends z.ZodRawShape>(shape: S) {
  return z.object(shape).catchall(z.json());
}

// resumes.parsed_data: what the resume parser stores (shared/domain/resume.ts,
// camelCase because the renderer reads the same object); every field is
// optional so rows written before the parser existed still read.
export const parsedDataSchema = parsedResumeSchema.partial().catchall(z.json());
export type ParsedData = z.infer<typeof parsedDataSchema>;

/** A finding is a short label or an object that at least names its area. */
const finding = z.union([
  label,
  openObject({
    area: label.optional(),
    description: evidenceText.optional(),
    evidence: evidenceText.optional(),
  }),
]);

// resume_feedback.identified_gaps
export const identifiedGapsSchema = z.array(finding);
export type IdentifiedGaps = z.infer<typeof identifiedGapsSchema>;

// resume_feedback.recommended_resources: the feedback generator writes
// { title, url (null when it has none), reason }.
export const recommendedResourcesSchema = z.array(
  z.union([
    label,
    openObject({
      title: label,
      url: z.string().max(2048).nullable().optional(),
      reason: evidenceText.optional(),
    }),
  ]),
);
export type RecommendedResources = z.infer<typeof recommendedResourcesSchema>;

// interview_sessions.conversation_memory: the interview engine's memory. One
// schema with one name, the engine's (it also admits the specification's
// example shape and keeps fields it does not know).
export { conversationMemorySchema, type ConversationMemory } from '../interview/engine/memory';

// interview_sessions.skill_boundaries_identified: skill → level reached
// ("proficient", "intermediate", "boundary_reached", ...); the engine writes
// skillBoundaryLabels() here.
export const skillBoundariesIdentifiedSchema = z.record(z.string().min(1), z.string().min(1).max(100));
export type SkillBoundariesIdentified = z.infer<typeof skillBoundariesIdentifiedSchema>;

// interview_sessions.progression_state: owned by the interview engine, which
// validates the whole state (engineStateSchema) when it reads it back; the
// column checks the top-level fields without depending on the engine.
export const progressionStateSchema = openObject({
  formatVersion: z.number().int().min(1).optional(),
  roleType: z.enum(roleTypes).optional(),
  promptVersion: label.optional(),
  phase: z.enum(interviewPhases).optional(),
  questions: z.array(jsonObject).optional(),
});
export type ProgressionState = z.infer<typeof progressionStateSchema>;

// interview_messages.audio_metadata
export const audioMetadataSchema = openObject({
  sample_rate: z.number().int().positive().optional(),
  codec: z.string().max(100).optional(),
  file_size_bytes: z.number().int().min(0).optional(),
  whisper_processing_time_ms: z.number().min(0).optional(),
  confidence_score: confidence.optional(),
});
export type AudioMetadata = z.infer<typeof audioMetadataSchema>;

// interview_messages.metadata: hesitation markers, speech patterns, ...
export const messageMetadataSchema = jsonObject;
export type MessageMetadata = z.infer<typeof messageMetadataSchema>;

// assessment_results.skill_scores: skill → 0..100
export const skillScoresSchema = z.record(z.string().min(1), score0to100);
export type SkillScores = z.infer<typeof skillScoresSchema>;

// assessment_results.skill_boundary_map: visualisation data
export const skillBoundaryMapSchema = jsonObject;
export type SkillBoundaryMap = z.infer<typeof skillBoundaryMapSchema>;

// assessment_results.strengths / weaknesses: "array ... with evidence"
export const strengthsSchema = z.array(finding);
export type Strengths = z.infer<typeof strengthsSchema>;
export const weaknessesSchema = z.array(finding);
export type Weaknesses = z.infer<typeof weaknessesSchema>;

// assessment_results.integrity_flags
export const integrityFlagsSchema = z.array(
  openObject({
    type: label,
    severity: z.enum(integritySeverities),
    evidence: evidenceText,
    confidence: confidence.optional(),
  }),
);
export type IntegrityFlags = z.infer<typeof integrityFlagsSchema>;

// assessment_results.ai_reasoning: prose, or structured per-score reasoning
export const aiReasoningSchema = z.union([z.string(), jsonObject]);
export type AiReasoning = z.infer<typeof aiReasoningSchema>;

// assessment_results.recommended_actions: suggestions for the recruiter
export const recommendedActionsSchema = z.array(finding);
export type RecommendedActions = z.infer<typeof recommendedActionsSchema>;

// assessment_results.pass_outcomes: per scoring pass, whether it is stored.
// The domain's PassOutcome, loosened as the columns here are: any pass name,
// and extra fields as long as they are plain JSON.
export const passOutcomesSchema = z.array(passOutcomeSchema.extend({ pass: label, error: evidenceText.nullable() }).catchall(z.json()));
export type PassOutcomes = z.infer<typeof passOutcomesSchema>;

// integration_webhooks.event_types: e.g. ["interview_complete"]
export const eventTypesSchema = z.array(z.string().min(1).max(100)).min(1);
export type EventTypes = z.infer<typeof eventTypesSchema>;

// jobs.payload: each job kind's handler validates its own fields
export const jobPayloadSchema = jsonObject;
export type JobPayload = z.infer<typeof jobPayloadSchema>;

// integrity_events.details: e.g. { displays: 2 } or { accelerator: "Alt+Tab" }
export const integrityDetailsSchema = jsonObject;
export type IntegrityDetails = z.infer<typeof integrityDetailsSchema>;

// sync_outbox.payload: keyed by SQL column name; the full row, or for a named operation the id and its own columns
export const outboxPayloadSchema = jsonObject;
export type OutboxPayload = z.infer<typeof outboxPayloadSchema>;

// proctor_sittings.notes: the proctor's incident notes, oldest first (shared/domain/proctoring.ts).
export const sittingNotesSchema = z.array(sittingNoteSchema);

// proctor_sittings.accommodations: what the proctor granted (issue 17, point 6); names only for now.
export const accommodationsSchema = z.array(z.string().min(1).max(100));

/**
 * interview_configurations.configuration and approved_configurations.configuration:
 * the canonical summary of src-main/configuration/configuration-key.ts. Any
 * JSON object: a newer app may add settings, and an older row must still read.
 */
export const configurationSummarySchema = jsonObject;
export type ConfigurationSummary = z.infer<typeof configurationSummarySchema>;
