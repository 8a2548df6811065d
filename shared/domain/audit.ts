import { z } from 'zod';

/**
 * The audit trail of every AI output (issue 18, point 3): what each entry
 * says, as stored (canonical JSON in audit_entries.payload) and as staff see
 * it. Only hashes, ids, model names and counts: never what a candidate said.
 */

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const promptTemplateRefSchema = z.object({ id: z.string(), version: sha256 });

/** One provider call: what was asked of which model, with what, and how it went. */
export const aiCallPayloadSchema = z.object({
  /** The feature that called (the usage row's task): interview, resumeParsing, scoring. */
  purpose: z.string(),
  endpoint: z.enum(['chat', 'transcription', 'speech']),
  provider: z.literal('openai'),
  /** The model asked for (device settings). */
  model: z.string(),
  /** The model snapshot the service says answered; null with a note when it says none. */
  snapshot: z.string().nullable(),
  snapshotNote: z.string().nullable(),
  /** The prompt template and its version; null for calls built from no template (speech of a question's text). */
  template: promptTemplateRefSchema.nullable(),
  inputSha256: sha256,
  outputSha256: sha256.nullable(),
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  audioSeconds: z.number().nullable(),
  characters: z.number().int().nullable(),
  latencyMs: z.number().int().nonnegative(),
  outcome: z.enum(['ok', 'error']),
  errorKind: z.string().nullable(),
  /** The ai_usage row of the same call. */
  usageId: z.string(),
});
export type AiCallPayload = z.infer<typeof aiCallPayloadSchema>;

/** A cited question: its transcript number and the ids of the question and answer messages. */
const evidenceSchema = z.object({ number: z.number().int(), questionMessageId: z.string(), answerMessageId: z.string().nullable() });

/** One scoring pass: whether it produced output, the output's hash, and the questions that output cites. */
export const assessmentPassSchema = z.object({
  pass: z.string(),
  status: z.string(),
  outputSha256: sha256.nullable(),
  evidence: z.array(evidenceSchema),
});

/** One finished scoring run: the versions it rests on, the path the interview took, and each pass's output. */
export const assessmentPayloadSchema = z.object({
  assessmentId: z.string(),
  status: z.string(),
  roleType: z.string(),
  /** The role definition (question bank and its rubric): its own version number and the SHA-256 of its file. */
  questionBank: z.object({ version: z.number().int(), sha256 }),
  /** The scoring prompt templates the passes were asked with. */
  templates: z.array(promptTemplateRefSchema),
  /** Each question in order: its phase, skill and difficulty, the path the engine took. */
  difficultyPath: z.array(z.object({ number: z.number().int(), messageId: z.string(), phase: z.string(), skillId: z.string(), difficulty: z.number().nullable() })),
  /** The engine's boundary decision per skill. */
  boundaries: z.array(
    z.object({ skillId: z.string(), questionsAsked: z.number().int(), highestPassed: z.number().int(), lowestFailed: z.number().int().nullable(), boundary: z.number().int().nullable(), label: z.string().nullable() }),
  ),
  passes: z.array(assessmentPassSchema),
});
export type AssessmentPayload = z.infer<typeof assessmentPayloadSchema>;

/** One entry as staff see it: the chain fields and the payload, already parsed. */
export const auditEntryViewSchema = z.object({
  id: z.string(),
  deviceId: z.string(),
  sequence: z.number().int(),
  kind: z.string(),
  createdAt: z.string(),
  entryHash: sha256,
  prevHash: sha256,
  /** The stored canonical payload, parsed; unknown kinds pass through as plain JSON. */
  payload: z.record(z.string(), z.unknown()),
});
export type AuditEntryView = z.infer<typeof auditEntryViewSchema>;

export const interviewAuditTrailSchema = z.object({
  interviewId: z.string(),
  entries: z.array(auditEntryViewSchema),
  /** Whether the chains these entries belong to verify on this device: a changed or missing entry shows here. */
  chains: z.array(z.object({ deviceId: z.string(), intact: z.boolean(), detail: z.string() })),
});
export type InterviewAuditTrail = z.infer<typeof interviewAuditTrailSchema>;
