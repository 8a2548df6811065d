import type { Finding, IntegrityFlag, PassOutcome, ReasoningEntry, Recommendation, ScoringPass, SkillScore } from '../../shared/domain/assessment';
import type { Clock } from '../common/clock';
import { nowIso } from '../db/ids';
import type { Logger } from '../logging/logger-types';
import { meansServiceUnavailable, ProviderError } from '../providers/ai/errors';
import type { LanguageModel, StructuredRequest } from '../providers/ai/types';
import { integrityScoreFrom } from './integrity-score';
import { measureIntegrity } from './integrity-signals';
import { overallScoreFrom } from './overall-score';
import { refsFor } from './question-refs';
import type { ScoringInput } from './scoring-input';
import { scoringRequests, type ReasoningSubject, type ScoresForPrompt, type ScoringPrompts } from './scoring-prompts';

/** What each pass produced; null when it has not (yet) succeeded. */
export interface PassResults {
  technical: { skills: SkillScore[]; strengths: Finding[]; weaknesses: Finding[] } | null;
  integrity: { concerns: IntegrityFlag[]; summary: string } | null;
  reasoning: ReasoningEntry[] | null;
  recommendations: Recommendation[] | null;
}

export const NO_RESULTS: PassResults = { technical: null, integrity: null, reasoning: null, recommendations: null };

/** A stored assessment's passes, when failed ones are retried. */
export interface PreviousScoring {
  results: PassResults;
  outcomes: PassOutcome[];
}

/** The assessment as scoring leaves it: pass results plus what code derives from them. */
export interface ScoredAssessment {
  results: PassResults;
  outcomes: PassOutcome[];
  /** Measured by code on every run, plus the model's concerns when its pass succeeded. */
  flags: IntegrityFlag[];
  integrityScore: number;
  overallScore: number | null;
  /** A pass failed because the AI service could not be used (an outage, no network, no credit): scoring again later will do (issue 19). */
  serviceUnavailable: boolean;
}

export interface AssessmentScorerDeps {
  languageModel: LanguageModel;
  /** The passes' versioned wordings (resources/prompts/scoring/). */
  prompts: ScoringPrompts;
  clock: Clock;
  logger: Logger;
}

const SKIPPED_WITHOUT_SCORES = 'Needs the technical scores, which failed; it runs again when scoring is retried.';

/**
 * The four passes of Workflow 3. Technical scoring and integrity analysis
 * do not depend on each other and run together; reasoning and
 * recommendations both need the scores and run together after them.
 * Technical scoring and reasoning are each several calls side by side (one
 * per skill, one per score). Passes
 * that already succeeded (a retry) are kept, not asked again. A failing pass
 * never takes the others down: it is recorded with its reason.
 */
export class AssessmentScorer {
  constructor(private readonly deps: AssessmentScorerDeps) {}

  /** The templates the passes are asked with, for the assessment's audit entry. */
  templates(): { id: string; version: string }[] {
    return Object.values(this.deps.prompts).map((template) => ({ id: template.id, version: template.version }));
  }

  async score(input: ScoringInput, previous: PreviousScoring = { results: NO_RESULTS, outcomes: [] }, signal?: AbortSignal): Promise<ScoredAssessment> {
    const outcomes = new Map<ScoringPass, PassOutcome>();
    let serviceUnavailable = false;
    const run = async <T>(pass: ScoringPass, kept: T | null, work: () => Promise<T>): Promise<T | null> => {
      if (kept !== null) {
        const before = previous.outcomes.find((outcome) => outcome.pass === pass);
        outcomes.set(pass, before ?? { pass, status: 'succeeded', error: null, completedAt: null });
        return kept;
      }
      try {
        const value = await work();
        outcomes.set(pass, { pass, status: 'succeeded', error: null, completedAt: nowIso(this.deps.clock) });
        return value;
      } catch (error) {
        signal?.throwIfAborted();
        if (meansServiceUnavailable(error)) serviceUnavailable = true;
        outcomes.set(pass, { pass, status: 'failed', error: this.describeFailure(pass, input.interviewId, error), completedAt: null });
        return null;
      }
    };

    const measured = measureIntegrity(input);
    const [technical, integrity] = await Promise.all([
      run('technical', previous.results.technical, () => this.technical(input, signal)),
      run('integrity', previous.results.integrity, () => this.integrity(input, measured, signal)),
    ]);
    const flags = [...measured, ...(integrity?.concerns ?? [])];
    const integrityScore = integrityScoreFrom(flags);

    let reasoning: ReasoningEntry[] | null = null;
    let recommendations: Recommendation[] | null = null;
    let overallScore: number | null = null;
    if (technical) {
      overallScore = overallScoreFrom(technical.skills, input.questions);
      const scores: ScoresForPrompt = { overallScore, skills: technical.skills, integrityScore, flags };
      [reasoning, recommendations] = await Promise.all([
        run('reasoning', previous.results.reasoning, () => this.reasoning(input, scores, signal)),
        run('recommendations', previous.results.recommendations, () => this.recommendations(input, scores, technical, signal)),
      ]);
    } else {
      for (const pass of ['reasoning', 'recommendations'] as const) {
        outcomes.set(pass, { pass, status: 'skipped', error: SKIPPED_WITHOUT_SCORES, completedAt: null });
      }
    }

    return {
      results: { technical, integrity, reasoning, recommendations },
      outcomes: (['technical', 'integrity', 'reasoning', 'recommendations'] as const).map((pass) => outcomes.get(pass)!),
      flags,
      integrityScore,
      overallScore,
      serviceUnavailable,
    };
  }

  private ask<T>(request: StructuredRequest<T>, signal?: AbortSignal) {
    return this.deps.languageModel.structured({ ...request, ...(signal ? { signal } : {}) });
  }

  /** One call per skill asked about, side by side; the pass stands only when every skill was scored. */
  private async technical(input: ScoringInput, signal?: AbortSignal): Promise<NonNullable<PassResults['technical']>> {
    const asked = input.skills.filter((skill) => input.questions.some((question) => question.skillId === skill.id));
    if (asked.length === 0) throw new Error('The model had no skill to score: the interview asked no questions.');
    const replies = await Promise.all(
      asked.map(async (skill) => {
        const reply = await this.ask(scoringRequests.skill(this.deps.prompts, input, skill), signal);
        return { skill, value: reply.value };
      }),
    );
    const finding = (area: string, item: { description: string; questionNumbers: number[] }): Finding => ({
      area,
      description: item.description.trim(),
      refs: refsFor(input, item.questionNumbers),
    });
    return {
      skills: replies.map(({ skill, value }) => ({
        skillId: skill.id,
        name: skill.name,
        score: value.score,
        summary: value.summary.trim(),
        refs: refsFor(input, value.questionNumbers),
      })),
      strengths: replies.flatMap(({ skill, value }) => value.strengths.map((item) => finding(skill.name, item))),
      weaknesses: replies.flatMap(({ skill, value }) => value.weaknesses.map((item) => finding(skill.name, item))),
    };
  }

  private async integrity(input: ScoringInput, measured: readonly IntegrityFlag[], signal?: AbortSignal): Promise<NonNullable<PassResults['integrity']>> {
    const reply = await this.ask(scoringRequests.integrity(this.deps.prompts, input, measured), signal);
    const concerns = reply.value.concerns.map(
      (concern): IntegrityFlag => ({
        type: concern.type,
        severity: concern.severity,
        confidence: concern.confidence,
        evidence: concern.evidence.trim(),
        source: 'model',
        refs: refsFor(input, concern.questionNumbers),
        measurements: {},
      }),
    );
    return { concerns, summary: reply.value.summary.trim() };
  }

  /** One call per score (overall, integrity, each skill), side by side. */
  private async reasoning(input: ScoringInput, scores: ScoresForPrompt, signal?: AbortSignal): Promise<ReasoningEntry[]> {
    const subjects: ReasoningSubject[] = [
      { subject: 'overall', title: 'Overall score', score: scores.overallScore, questions: input.questions },
      { subject: 'integrity', title: 'Integrity', score: scores.integrityScore, questions: input.questions },
      ...scores.skills.map((skill) => ({
        subject: skill.skillId,
        title: skill.name,
        score: skill.score,
        questions: input.questions.filter((question) => question.skillId === skill.skillId),
      })),
    ];
    return Promise.all(
      subjects.map(async (about) => {
        const reply = await this.ask(scoringRequests.reasoning(this.deps.prompts, input, scores, about), signal);
        return {
          subject: about.subject,
          title: about.title,
          explanation: reply.value.explanation.trim(),
          confidence: reply.value.confidence,
          refs: refsFor(input, reply.value.questionNumbers),
        };
      }),
    );
  }

  private async recommendations(
    input: ScoringInput,
    scores: ScoresForPrompt,
    technical: NonNullable<PassResults['technical']>,
    signal?: AbortSignal,
  ): Promise<Recommendation[]> {
    const describe = (finding: Finding) => `${finding.area}: ${finding.description}`;
    const reply = await this.ask(
      scoringRequests.recommendations(this.deps.prompts, input, scores, { strengths: technical.strengths.map(describe), weaknesses: technical.weaknesses.map(describe) }),
      signal,
    );
    return reply.value.actions.map((action) => ({ action: action.action.trim(), rationale: action.rationale.trim(), priority: action.priority }));
  }

  private describeFailure(pass: ScoringPass, interviewId: string, error: unknown): string {
    if (error instanceof ProviderError) {
      this.deps.logger.warn('scoring pass failed', { interviewId, pass, kind: error.kind, status: error.status });
      return error.message;
    }
    this.deps.logger.error('scoring pass failed unexpectedly', { interviewId, pass, error: error instanceof Error ? error.message : String(error) });
    return error instanceof Error && error.message.startsWith('The model') ? error.message : 'An unexpected error stopped this pass; the app log has the details.';
  }
}
