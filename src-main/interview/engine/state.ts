import { z } from 'zod';
import { interviewPhases, roleTypes } from '../../../shared/domain/interview';
import { answerQualities } from './judgement';

/**
 * The engine's whole memory of an interview, stored as JSON in
 * interview_sessions.progression_state and validated when read back, so a
 * restarted app carries on exactly where it stopped.
 */

export const difficultySchema = z.literal([1, 2, 3, 4, 5]);
export type Difficulty = z.infer<typeof difficultySchema>;

export const questionPurposes = ['warmup', 'assess', 'probe'] as const;
export type QuestionPurpose = (typeof questionPurposes)[number];

export const recordedJudgementSchema = z.object({
  skillArea: z.string(),
  quality: z.enum(answerQualities),
  evidence: z.string(),
  struggled: z.boolean(),
  reasoning: z.string(),
  /** qualityScore(quality), kept so readers of the column need not know the mapping. */
  score: z.number().min(0).max(1),
});
export type RecordedJudgement = z.infer<typeof recordedJudgementSchema>;

export const askedQuestionSchema = z.object({
  messageId: z.string().min(1),
  phase: z.enum(interviewPhases),
  purpose: z.enum(questionPurposes),
  skillId: z.string().min(1),
  difficulty: difficultySchema,
  /** Null while the answer is still being judged. */
  judgement: recordedJudgementSchema.nullable(),
});
export type AskedQuestion = z.infer<typeof askedQuestionSchema>;

export const skillProficiencySchema = z.object({
  /** Judged answers. */
  attempts: z.number().int().min(0),
  /** Answers still being judged. */
  pending: z.number().int().min(0),
  meanScore: z.number().min(0).max(1).nullable(),
  /** 0 when nothing has been passed yet. */
  highestPassed: z.number().int().min(0).max(5),
  /** The lowest failed difficulty above highestPassed; null when none. */
  lowestFailed: difficultySchema.nullable(),
  /** The highest difficulty the candidate handles, once pinned down (0: not even the easiest); null until then. */
  boundary: z.number().int().min(0).max(5).nullable(),
});
export type SkillProficiency = z.infer<typeof skillProficiencySchema>;

export const engineStateSchema = z
  .object({
    formatVersion: z.literal(1),
    roleType: z.enum(roleTypes),
    roleVersion: z.number().int().min(1),
    promptVersion: z.string().min(1),
    startedAt: z.iso.datetime({ offset: true }),
    /** The role's skill ids in the role file's order: the planner's tie-break. */
    skillOrder: z.array(z.string().min(1)).min(1),
    /** Skill ids the resume points at, in role order: asked first. */
    focusSkills: z.array(z.string().min(1)),
    /** The phase of the latest question ('warmup' before the first). */
    phase: z.enum(interviewPhases),
    questions: z.array(askedQuestionSchema),
    /** Derived from `questions`, in skillOrder; recomputed on every change. */
    skills: z.record(z.string(), skillProficiencySchema),
  })
  .superRefine((state, ctx) => {
    const known = new Set(state.skillOrder);
    state.focusSkills.forEach((id, index) => {
      if (!known.has(id)) ctx.addIssue({ code: 'custom', path: ['focusSkills', index], message: `unknown skill "${id}"` });
    });
    const ids = new Set<string>();
    state.questions.forEach((question, index) => {
      if (!known.has(question.skillId)) ctx.addIssue({ code: 'custom', path: ['questions', index, 'skillId'], message: `unknown skill "${question.skillId}"` });
      if (ids.has(question.messageId)) ctx.addIssue({ code: 'custom', path: ['questions', index, 'messageId'], message: 'duplicate message id' });
      ids.add(question.messageId);
    });
    const keys = Object.keys(state.skills);
    if (keys.length !== state.skillOrder.length || keys.some((key) => !known.has(key))) {
      ctx.addIssue({ code: 'custom', path: ['skills'], message: 'must have exactly one entry per skill in skillOrder' });
    }
  });
export type EngineState = z.infer<typeof engineStateSchema>;

export class EngineStateError extends Error {
  override readonly name = 'EngineStateError';
}

/** Reads a stored progression_state back, with a message that says what is wrong. */
export function parseEngineState(json: unknown): EngineState {
  const parsed = engineStateSchema.safeParse(json);
  if (!parsed.success) throw new EngineStateError(`The stored interview engine state is invalid:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
