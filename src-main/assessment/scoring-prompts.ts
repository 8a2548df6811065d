import { z } from 'zod';
import { integritySeverities } from '../../shared/domain/assessment';
import type { IntegrityFlag } from '../../shared/domain/assessment';
import type { StructuredRequest } from '../providers/ai/types';
import { loadPromptTemplate, promptMessages, type PromptTemplate } from '../resources/prompt-templates';
import type { ScoredQuestion, ScoringInput } from './scoring-input';

/*
 * The replies of the scoring calls, sent to the model as strict JSON schemas
 * (every field required, no string limits: strict mode does not enforce
 * them). The model cites questions by their transcript number; code maps
 * the numbers to message ids and drops any that do not exist, so a cited
 * question is always one that was asked.
 *
 * Technical scoring is one call per skill, over that skill's questions
 * only, and reasoning one call per score: the calls of a pass run side by
 * side, so a pass takes as long as one short reply instead of one long one
 * (see bench/scoring.bench.ts), and each judgement looks at one thing.
 */

/** Names the model sees for each call's schema; the fake OpenAI server in tests answers by these. */
export const SCORING_SCHEMA_NAMES = {
  skill: 'assessment_skill',
  integrity: 'assessment_integrity',
  reasoning: 'assessment_reasoning',
  recommendations: 'assessment_recommendations',
} as const;

const questionNumbers = z.array(z.number().int()).describe('Transcript numbers (Q1, Q2, ...) of the questions and answers this rests on.');

const findingShape = z.object({
  description: z.string().describe('One or two sentences, specific to what the candidate said.'),
  questionNumbers,
});

export const skillReplySchema = z.object({
  score: z.number().int().min(0).max(100).describe('0..100 for this skill, from these answers alone.'),
  summary: z.string().describe('One or two sentences: what the answers show about this skill.'),
  questionNumbers,
  strengths: z.array(findingShape).describe('What the candidate does well in this skill; may be empty.'),
  weaknesses: z.array(findingShape).describe('Where the candidate falls short in this skill; may be empty.'),
});
export type SkillReply = z.infer<typeof skillReplySchema>;

export const modelConcernTypes = ['answer_inconsistency', 'suspected_outside_help'] as const;

export const integrityReplySchema = z.object({
  summary: z.string().describe('Two or three sentences: the overall integrity picture, including whether the measured signals look innocent.'),
  concerns: z.array(
    z.object({
      type: z.enum(modelConcernTypes),
      severity: z.enum(integritySeverities),
      confidence: z.number().min(0).max(1).describe('0..1'),
      evidence: z.string().describe('What in the answers shows it, citing the questions.'),
      questionNumbers,
    }),
  ),
});
export type IntegrityReply = z.infer<typeof integrityReplySchema>;

export const reasoningReplySchema = z.object({
  explanation: z.string().describe('Why the score is what it is, in two to four sentences citing specific answers.'),
  confidence: z.number().min(0).max(1).describe('0..1: how well the answers support the score.'),
  questionNumbers,
});
export type ReasoningReply = z.infer<typeof reasoningReplySchema>;

export const recommendationsReplySchema = z.object({
  actions: z
    .array(
      z.object({
        action: z.string().describe('One concrete next step for the recruiter.'),
        rationale: z.string().describe('Why, from the assessment.'),
        priority: z.enum(['high', 'medium', 'low']),
      }),
    )
    .min(1),
});
export type RecommendationsReply = z.infer<typeof recommendationsReplySchema>;

// ---------------------------------------------------------------- prompts

/** The four passes' wordings, from resources/prompts/scoring/v1/ (the reply schemas above stay in code). */
export interface ScoringPrompts {
  skill: PromptTemplate;
  integrity: PromptTemplate;
  reasoning: PromptTemplate;
  recommendations: PromptTemplate;
}

export function loadScoringPrompts(resourcesDir: string): ScoringPrompts {
  return {
    skill: loadPromptTemplate(resourcesDir, 'scoring/v1/skill', ['roleTitle', 'skillId', 'skillName', 'skillDescription', 'transcript']),
    integrity: loadPromptTemplate(resourcesDir, 'scoring/v1/integrity', ['signals', 'transcript']),
    reasoning: loadPromptTemplate(resourcesDir, 'scoring/v1/reasoning', ['subject', 'title', 'score', 'scores', 'transcript']),
    recommendations: loadPromptTemplate(resourcesDir, 'scoring/v1/recommendations', ['roleTitle', 'scores', 'strengths', 'weaknesses']),
  };
}

function describeQuestion(question: ScoredQuestion): string {
  const level = question.difficulty === null ? '' : `, difficulty ${question.difficulty} of 5`;
  const head = `Q${question.number} [${question.phase}, skill ${question.skillId} (${question.skillName})${level}]: ${question.text}`;
  if (!question.answer) return `${head}\nA${question.number}: (no answer)`;
  const timing: string[] = question.answer.typed ? ['typed'] : [];
  const began = question.answer.typed ? 'started typing' : 'started speaking';
  if (question.answer.responseTimeMs !== null) timing.push(`${began} after ${(question.answer.responseTimeMs / 1000).toFixed(1)} s`);
  if (question.answer.speechMs !== null) timing.push(`spoke for ${(question.answer.speechMs / 1000).toFixed(1)} s`);
  const measured = timing.length > 0 ? ` (${timing.join(', ')})` : '';
  return `${head}\nA${question.number}${measured}: ${question.answer.text}`;
}

export function transcriptOf(questions: readonly ScoredQuestion[]): string {
  return questions.map(describeQuestion).join('\n\n');
}

export interface ScoresForPrompt {
  overallScore: number;
  skills: { skillId: string; name: string; score: number; summary: string }[];
  integrityScore: number;
  flags: readonly IntegrityFlag[];
}

function scoreLines(scores: ScoresForPrompt): string {
  const skills = scores.skills.map((skill) => `- ${skill.skillId} (${skill.name}): ${skill.score} — ${skill.summary}`).join('\n');
  const flags = scores.flags.length === 0 ? '(none)' : scores.flags.map((flag) => `- ${flag.type} (${flag.severity}, confidence ${flag.confidence}): ${flag.evidence}`).join('\n');
  return `Overall score: ${scores.overallScore}\nSkill scores:\n${skills}\nIntegrity score: ${scores.integrityScore}\nIntegrity flags:\n${flags}`;
}

/** What one reasoning call explains: the overall score, the integrity score or one skill's score. */
export interface ReasoningSubject {
  subject: string;
  title: string;
  score: number;
  /** The questions it rests on: one skill's, or all of them. */
  questions: readonly ScoredQuestion[];
}

type Prompt = ReturnType<typeof promptMessages>;

/** Every scoring call: temperature 0 (ignored for reasoning models, which refuse it), never refused by the interview budget. */
function scoringRequest<T>(schema: z.ZodType<T>, schemaName: string, prompt: Prompt, interviewId?: string): StructuredRequest<T> {
  return { schema, schemaName, ...prompt, task: 'scoring', temperature: 0, ...(interviewId ? { interviewId } : {}) };
}

function bullets(lines: readonly string[]): string {
  return lines.map((line) => `- ${line}`).join('\n') || '(none)';
}

/** The four passes' requests, as the scorer sends them (and `provider check` tries them). */
export const scoringRequests = {
  skill: (prompts: ScoringPrompts, input: ScoringInput, skill: ScoringInput['skills'][number]) =>
    scoringRequest(
      skillReplySchema,
      SCORING_SCHEMA_NAMES.skill,
      promptMessages(prompts.skill, {
        roleTitle: input.roleTitle,
        skillId: skill.id,
        skillName: skill.name,
        skillDescription: skill.description,
        transcript: transcriptOf(input.questions.filter((question) => question.skillId === skill.id)),
      }),
      input.interviewId,
    ),
  integrity: (prompts: ScoringPrompts, input: ScoringInput, measured: readonly IntegrityFlag[]) =>
    scoringRequest(
      integrityReplySchema,
      SCORING_SCHEMA_NAMES.integrity,
      promptMessages(prompts.integrity, {
        signals: measured.length === 0 ? '(none)' : measured.map((flag) => `- ${flag.type} (${flag.severity}): ${flag.evidence}`).join('\n'),
        transcript: transcriptOf(input.questions),
      }),
      input.interviewId,
    ),
  reasoning: (prompts: ScoringPrompts, input: Pick<ScoringInput, 'interviewId'>, scores: ScoresForPrompt, about: ReasoningSubject) =>
    scoringRequest(
      reasoningReplySchema,
      SCORING_SCHEMA_NAMES.reasoning,
      promptMessages(prompts.reasoning, { subject: about.subject, title: about.title, score: about.score, scores: scoreLines(scores), transcript: transcriptOf(about.questions) }),
      input.interviewId,
    ),
  recommendations: (prompts: ScoringPrompts, input: ScoringInput, scores: ScoresForPrompt, findings: { strengths: string[]; weaknesses: string[] }) =>
    scoringRequest(
      recommendationsReplySchema,
      SCORING_SCHEMA_NAMES.recommendations,
      promptMessages(prompts.recommendations, { roleTitle: input.roleTitle, scores: scoreLines(scores), strengths: bullets(findings.strengths), weaknesses: bullets(findings.weaknesses) }),
      input.interviewId,
    ),
};
