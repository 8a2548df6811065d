import { z } from 'zod';
import {
  findingSchema,
  integrityFlagSchema,
  passOutcomeSchema,
  reasoningEntrySchema,
  recommendationSchema,
  scoringPasses,
  skillBoundarySchema,
  skillScoreSchema,
  type AssessmentView,
  type IntegrityFlag,
  type PassOutcome,
  type SkillBoundary,
} from '../../shared/domain/assessment';
import type { WebhookCandidate } from '../../shared/domain/webhooks';
import type { AssessmentContent, AssessmentRecord, ReviewRow } from '../repositories/assessment-repository';
import type { PassResults, PreviousScoring, ScoredAssessment } from './assessment-scorer';

/*
 * How an assessment sits in the specification's columns:
 *   skill_scores        { skillId: score }, the specification's shape
 *   ai_reasoning        { skills: SkillScore[] (the technical pass's per-skill summary and evidence),
 *                         entries: ReasoningEntry[] (the reasoning pass) }
 *   skill_boundary_map  { skills: SkillBoundary[] } from the interview engine
 *   strengths, weaknesses, integrity_flags, recommended_actions: arrays of the domain types
 *   pass_outcomes       which passes are stored; a section whose pass failed is empty
 * Reading back validates every column with the domain schemas, so a row
 * written by an older or foreign writer shows as missing sections rather
 * than breaking the screen.
 */

const storedReasoningSchema = z.object({ skills: z.array(skillScoreSchema), entries: z.array(reasoningEntrySchema).nullable() });
const storedBoundariesSchema = z.object({ skills: z.array(skillBoundarySchema) });

function parsed<T>(schema: z.ZodType<T>, value: unknown, fallback: T): T {
  const result = schema.safeParse(value);
  return result.success ? result.data : fallback;
}

export function toAssessmentContent(
  interviewId: string,
  scored: ScoredAssessment,
  boundaries: readonly SkillBoundary[],
  generatedAt: string,
): AssessmentContent {
  const { results, outcomes } = scored;
  const failed = outcomes.some((outcome) => outcome.status !== 'succeeded');
  return {
    interviewId,
    status: !results.technical ? 'failed' : failed ? 'partial' : 'complete',
    overallScore: scored.overallScore,
    skillScores: Object.fromEntries((results.technical?.skills ?? []).map((skill) => [skill.skillId, skill.score])),
    skillBoundaryMap: { skills: [...boundaries] },
    strengths: results.technical?.strengths ?? [],
    weaknesses: results.technical?.weaknesses ?? [],
    integrityScore: scored.integrityScore,
    integrityFlags: scored.flags,
    integritySummary: results.integrity?.summary ?? null,
    aiReasoning: { skills: results.technical?.skills ?? [], entries: results.reasoning },
    recommendedActions: results.recommendations ?? [],
    passOutcomes: outcomes,
    generatedAt,
  };
}

function outcomesOf(record: AssessmentRecord): PassOutcome[] {
  const stored = parsed(z.array(passOutcomeSchema), record.passOutcomes, []);
  return scoringPasses.map(
    (pass) => stored.find((outcome) => outcome.pass === pass) ?? { pass, status: 'failed', error: 'No record of this pass.', completedAt: null },
  );
}

/** The passes a stored assessment already has, so a retry asks only for the rest. */
export function previousScoring(record: AssessmentRecord | null): PreviousScoring {
  if (!record) return { results: { technical: null, integrity: null, reasoning: null, recommendations: null }, outcomes: [] };
  const outcomes = outcomesOf(record);
  const ok = (pass: string) => outcomes.some((outcome) => outcome.pass === pass && outcome.status === 'succeeded');
  const reasoning = parsed(storedReasoningSchema, record.aiReasoning, null);
  const flags = integrityFlagsOf(record);
  const results: PassResults = {
    technical:
      ok('technical') && reasoning
        ? { skills: reasoning.skills, strengths: parsed(z.array(findingSchema), record.strengths, []), weaknesses: parsed(z.array(findingSchema), record.weaknesses, []) }
        : null,
    integrity: ok('integrity') ? { concerns: flags.filter((flag) => flag.source === 'model'), summary: record.integritySummary ?? '' } : null,
    reasoning: ok('reasoning') ? (reasoning?.entries ?? null) : null,
    recommendations: ok('recommendations') ? parsed(z.array(recommendationSchema), record.recommendedActions, null) : null,
  };
  return { results, outcomes };
}

export function integrityFlagsOf(record: AssessmentRecord): IntegrityFlag[] {
  return parsed(z.array(integrityFlagSchema), record.integrityFlags, []);
}

export function toAssessmentView(record: AssessmentRecord): AssessmentView {
  const reasoning = parsed(storedReasoningSchema, record.aiReasoning, { skills: [], entries: [] });
  return {
    id: record.id,
    status: record.status,
    overallScore: record.overallScore,
    skillScores: reasoning.skills,
    skillBoundaries: parsed(storedBoundariesSchema, record.skillBoundaryMap, { skills: [] }).skills,
    strengths: parsed(z.array(findingSchema), record.strengths, []),
    weaknesses: parsed(z.array(findingSchema), record.weaknesses, []),
    integrityScore: record.integrityScore,
    integrityFlags: integrityFlagsOf(record),
    integritySummary: record.integritySummary,
    reasoning: reasoning.entries ?? [],
    recommendations: parsed(z.array(recommendationSchema), record.recommendedActions, []),
    passes: outcomesOf(record),
    generatedAt: record.generatedAt,
  };
}

/** The interview's candidate as a hiring system knows them (webhook events, issue 21). */
export function reviewedCandidate(row: ReviewRow): WebhookCandidate {
  return { id: row.interview.candidateId, fullName: row.candidateName, email: row.candidateEmail };
}
