import type { QuestionRef, ScoringPass } from '../../shared/domain/assessment';
import type { AssessmentPayload } from '../../shared/domain/audit';
import { canonicalPayload, sha256Hex } from '../audit/chain';
import type { PassResults, ScoredAssessment } from './assessment-scorer';
import type { ScoringInput } from './scoring-input';

/**
 * The audit entry of one scoring run (issue 18, point 3): the question bank
 * and prompt versions it rests on, the path the interview took and the
 * engine's boundary decisions, and each pass's output as a hash with the
 * questions it cites. Hashes and ids only: the output itself stays in
 * assessment_results, where retention and erasure reach it.
 */
export interface AssessmentAuditInput {
  assessmentId: string;
  status: string;
  input: ScoringInput;
  scored: ScoredAssessment;
  questionBank: AssessmentPayload['questionBank'];
  templates: AssessmentPayload['templates'];
}

/** Each pass's output and the refs it carries. */
function outputsOf(results: PassResults): Record<ScoringPass, { output: unknown; refs: QuestionRef[] } | null> {
  const { technical, integrity, reasoning, recommendations } = results;
  return {
    technical: technical && {
      output: technical,
      refs: [...technical.skills, ...technical.strengths, ...technical.weaknesses].flatMap((item) => item.refs),
    },
    integrity: integrity && { output: integrity, refs: integrity.concerns.flatMap((concern) => concern.refs) },
    reasoning: reasoning && { output: reasoning, refs: reasoning.flatMap((entry) => entry.refs) },
    recommendations: recommendations && { output: recommendations, refs: [] },
  };
}

/** Each cited question once, in transcript order. */
function evidenceOf(refs: readonly QuestionRef[]): QuestionRef[] {
  const byNumber = new Map(refs.map((ref) => [ref.number, ref]));
  return [...byNumber.values()].sort((a, b) => a.number - b.number);
}

export function assessmentAuditPayload(audit: AssessmentAuditInput): AssessmentPayload {
  const { input, scored } = audit;
  const outputs = outputsOf(scored.results);
  return {
    assessmentId: audit.assessmentId,
    status: audit.status,
    roleType: input.roleType,
    questionBank: audit.questionBank,
    templates: audit.templates,
    difficultyPath: input.questions.map((question) => ({
      number: question.number,
      messageId: question.messageId,
      phase: question.phase,
      skillId: question.skillId,
      difficulty: question.difficulty,
    })),
    boundaries: input.boundaries.map(({ skillId, questionsAsked, highestPassed, lowestFailed, boundary, label }) => ({
      skillId,
      questionsAsked,
      highestPassed,
      lowestFailed,
      boundary,
      label,
    })),
    passes: scored.outcomes.map((outcome) => {
      const produced = outcome.status === 'succeeded' ? outputs[outcome.pass] : null;
      return {
        pass: outcome.pass,
        status: outcome.status,
        outputSha256: produced ? sha256Hex(canonicalPayload(produced.output)) : null,
        evidence: produced ? evidenceOf(produced.refs) : [],
      };
    }),
  };
}
