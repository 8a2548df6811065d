import { describeRecommendation, overridesRecommendation } from '../../../shared/domain/ai-recommendation';
import type { InterviewReview, TranscriptEntry } from '../../../shared/domain/assessment';
import type { AuditEntryView } from '../../../shared/domain/audit';
import { EXPLANATION_PACK_FORMAT, type ExplanationPack, type PackSkill } from '../../../shared/domain/explanation-pack';
import { canonicalJson } from '../../common/canonical-json';
import { sha256Hex } from '../../audit/chain';
import { skillWeight } from '../overall-score';
import { modelUses, versionsUsed } from './model-uses';
import { outcomeChanges } from './outcome-changes';

/** The rubric of a skill, as the role's definition (resources/roles) words it. */
export interface RubricSkill {
  id: string;
  name: string;
  description: string;
}

export interface PackSources {
  review: InterviewReview;
  rubric: readonly RubricSkill[];
  /** The interview's AI audit trail: which models and prompt versions produced what. */
  auditEntries: readonly AuditEntryView[];
  generatedAt: Date;
  approval: ExplanationPack['approval'];
}

export const OVERALL_METHOD =
  'The overall score is not asked of the AI: it is the mean of the skill scores, each counted once per question of that skill you answered (at least once), rounded to one decimal.';

const AI_STATEMENTS = [
  'An AI interviewer wrote the questions and spoke them. Which skill and how hard each next question was followed fixed rules, from the AI’s judgement of your previous answer.',
  'A speech-to-text model turned your spoken answers into the transcript below; the scoring read that transcript.',
  'An AI model scored each skill from the transcript against the rubric below and cited the answers it relied on. Its scores are a recommendation, never a decision.',
  'The AI did not analyse your face, emotions or voice; of the audio, only the timing of your answers was measured. Integrity signals are shown to the recruiter and never change a score.',
];

const PEOPLE_STATEMENTS = [
  'A named recruiter decides whether you advance. They must open the scores and the transcript first, and give a reason when they decide differently from the AI’s recommendation.',
  'A named recruiter or admin read and approved this pack before it was sent to you.',
];

/** The pack, from the review and the audit trail; the same sources always give the same contentSha256. */
export function buildExplanationPack(sources: PackSources): ExplanationPack {
  const { review } = sources;
  const content = {
    format: EXPLANATION_PACK_FORMAT,
    candidate: { name: review.candidateName, email: review.candidateEmail },
    interview: {
      id: review.interviewId,
      roleType: review.roleType,
      roleTitle: review.roleTitle,
      status: review.interviewStatus,
      startedAt: review.startedAt,
      completedAt: review.completedAt,
      durationSeconds: review.durationSeconds,
    },
    assessment: review.assessment
      ? { status: review.assessment.status, overallScore: review.assessment.overallScore, scoredAt: review.assessment.generatedAt, method: OVERALL_METHOD }
      : null,
    recommendation: review.aiRecommendation ? { ...review.aiRecommendation, words: describeRecommendation(review.aiRecommendation) } : null,
    ...skillsAndChanges(review, sources.rubric),
    integrityFlags: (review.assessment?.integrityFlags ?? []).map(({ type, severity, evidence, source }) => ({ type, severity, evidence, source })),
    transcript: review.transcript.map((entry) => ({
      ...quoted(entry),
      phase: entry.question.phase,
      skillName: entry.question.skillName,
      difficulty: entry.question.difficulty,
      typed: entry.answer?.typed ?? false,
    })),
    aiPart: { statements: AI_STATEMENTS, models: modelUses(sources.auditEntries), versions: versionsUsed(sources.auditEntries) },
    peoplePart: {
      statements: PEOPLE_STATEMENTS,
      decisions: review.decisions.map((decision) => ({
        decision: decision.decision,
        decidedBy: decision.decidedByName,
        decidedAt: decision.decidedAt,
        aiRecommendation: decision.aiRecommendation,
        overrodeAi: overridesRecommendation(decision.decision, decision.aiRecommendation),
        reason: decision.note,
      })),
      proctors: review.sittings.map((sitting) => ({
        name: sitting.openedBy.fullName,
        openedAt: sitting.openedAt,
        identityConfirmedAt: sitting.identityConfirmedAt,
        accommodations: [...sitting.accommodations],
      })),
    },
    recordings: review.transcript.filter((entry) => entry.answer?.hasAudio).map((entry) => ({ number: entry.number, fileName: recordingFileName(entry.number) })),
  };
  return { ...content, contentSha256: sha256Hex(canonicalJson(content)), generatedAt: sources.generatedAt.toISOString(), approval: sources.approval };
}

/** "recording-q03.wav": the same name in the email, the staff's zip and the JSON. */
export function recordingFileName(questionNumber: number): string {
  return `recording-q${String(questionNumber).padStart(2, '0')}.wav`;
}

function quoted(entry: TranscriptEntry): { number: number; question: string; answer: string | null } {
  return { number: entry.number, question: entry.question.text, answer: entry.answer ? entry.answer.text : null };
}

function skillsAndChanges(review: InterviewReview, rubric: readonly RubricSkill[]): Pick<ExplanationPack, 'skills' | 'whatWouldHaveChanged'> {
  const assessment = review.assessment;
  if (!assessment) return { skills: [], whatWouldHaveChanged: [] };
  const byNumber = new Map(review.transcript.map((entry) => [entry.number, entry]));
  const skills: PackSkill[] = assessment.skillScores.map((skill) => {
    const answered = review.transcript.filter((entry) => entry.question.skillId === skill.skillId && entry.answer !== null).length;
    const numbers = [...new Set(skill.refs.map((ref) => ref.number))].sort((a, b) => a - b);
    return {
      skillId: skill.skillId,
      name: skill.name,
      rubric: rubric.find((definition) => definition.id === skill.skillId)?.description ?? 'Not in the role’s current definition.',
      score: skill.score,
      weight: skillWeight(answered),
      summary: skill.summary,
      evidence: numbers.flatMap((number) => {
        const entry = byNumber.get(number);
        return entry ? [quoted(entry)] : [];
      }),
      highestLevelPassed: assessment.skillBoundaries.find((boundary) => boundary.skillId === skill.skillId)?.highestPassed ?? null,
    };
  });
  const bands = review.aiRecommendation?.bands;
  return { skills, whatWouldHaveChanged: bands ? outcomeChanges(skills, bands) : [] };
}
