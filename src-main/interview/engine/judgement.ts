import { z } from 'zod';
import type { RoleDefinition } from './role-definitions';

export const answerQualities = ['excellent', 'good', 'partial', 'poor', 'no_answer'] as const;
export type AnswerQuality = (typeof answerQualities)[number];

/*
 * Sent to the model as a strict JSON schema (OpenAI structured outputs), so
 * every field is required, nothing is optional or a union with undefined, and
 * strings carry no length limits (strict mode does not enforce them, and a
 * refused reply costs a retry); the engine trims long text when it records.
 */
const judgementShape = {
  skillArea: z.string().describe('The id of the role skill this answer gives evidence about.'),
  quality: z.enum(answerQualities).describe('How well the answer meets what this difficulty expects.'),
  evidence: z.string().describe('A short quote or close paraphrase from the answer that supports the quality.'),
  struggled: z.boolean().describe('True when the candidate could not handle this difficulty.'),
  reasoning: z.string().describe('One or two sentences explaining the judgement.'),
};

export const judgementSchema = z.object(judgementShape);
export type Judgement = z.infer<typeof judgementSchema>;

/** The same schema with skillArea limited to the role's skill ids, so the model cannot invent one. */
export function judgementSchemaFor(role: RoleDefinition) {
  const ids = role.skills.map((skill) => skill.id) as [string, ...string[]];
  return z.object({ ...judgementShape, skillArea: z.enum(ids).describe(judgementShape.skillArea.description ?? '') });
}

/*
 * Spaced evenly so a mean over answers reads as a rough percentage; the
 * scoring job weighs difficulty separately, this is only the engine's view.
 */
const qualityScores: Record<AnswerQuality, number> = {
  excellent: 1,
  good: 0.75,
  partial: 0.5,
  poor: 0.25,
  no_answer: 0,
};

export function qualityScore(quality: AnswerQuality): number {
  return qualityScores[quality];
}

/**
 * Whether the answer shows the candidate can work at the question's
 * difficulty. "Partial" does not: probing one level higher after a partial
 * answer would skip the level the candidate is still unsure at. A judge
 * saying `struggled` overrides a generous quality.
 */
export function judgementPassed(judgement: Pick<Judgement, 'quality' | 'struggled'>): boolean {
  return !judgement.struggled && (judgement.quality === 'excellent' || judgement.quality === 'good');
}
