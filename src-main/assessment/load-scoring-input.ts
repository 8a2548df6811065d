import type { SkillBoundary } from '../../shared/domain/assessment';
import { answerEndDecidedBy, type AnswerEndDecidedBy } from '../../shared/domain/interview';
import { reaskedQuestionIds, skillBoundaryLabels, type RoleDefinition } from '../interview/engine/index';
import { parseEngineState, type EngineState } from '../interview/engine/state';
import type { IntegrityEventRecord } from '../repositories/integrity-event-repository';
import type { InterviewRecord, MessageRecord, SessionRecord } from '../repositories/interview-repository';
import type { ScoredAnswer, ScoredQuestion, ScoringInput } from './scoring-input';

export interface StoredInterview {
  interview: InterviewRecord;
  session: SessionRecord | null;
  messages: MessageRecord[];
  events: IntegrityEventRecord[];
  role: RoleDefinition;
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function toAnswer(message: MessageRecord): ScoredAnswer {
  const metadata = message.metadata ?? {};
  return {
    messageId: message.id,
    text: message.contentText,
    answeredAt: message.createdAt,
    audioDurationSeconds: message.audioDurationSeconds,
    responseTimeMs: numberOrNull(metadata['responseTimeMs']) ?? (message.responseTimeSeconds === null ? null : message.responseTimeSeconds * 1000),
    speechMs: numberOrNull(metadata['speechMs']),
    pauseMs: numberOrNull(metadata['pauseMs']),
    segmentCount: numberOrNull(metadata['segmentCount']),
    continued: numberOrNull(metadata['continued']) ?? 0,
    endedBy: endedByOf(message.audioMetadata?.['endOfTurn']),
    audioUrl: message.contentAudioUrl,
    typed: metadata['answerMode'] === 'typed',
    ...(transcriptionStates.includes(metadata['transcription'] as never) ? { transcription: metadata['transcription'] as ScoredAnswer['transcription'] } : {}),
  };
}

const transcriptionStates = ['pending', 'later', 'failed'] as const;

/** The stored endOfTurn's decidedBy, when it is one the app writes. */
function endedByOf(endOfTurn: unknown): AnswerEndDecidedBy | null {
  const decidedBy = typeof endOfTurn === 'object' && endOfTurn !== null ? (endOfTurn as Record<string, unknown>)['decidedBy'] : null;
  return (answerEndDecidedBy as readonly unknown[]).includes(decidedBy) ? (decidedBy as AnswerEndDecidedBy) : null;
}

/** The engine's record, or null for an interview whose stored state cannot be read (its questions then carry what the messages say). */
function engineStateOf(session: SessionRecord | null): EngineState | null {
  if (!session?.progressionState) return null;
  try {
    return parseEngineState(session.progressionState);
  } catch {
    return null;
  }
}

/**
 * Pairs each question with the answer that names it (an answer's metadata
 * carries its questionMessageId) and with the engine's record of it
 * (phase, skill, difficulty, judgement).
 */
export function buildScoringInput(stored: StoredInterview): ScoringInput {
  const state = engineStateOf(stored.session);
  const asked = new Map((state?.questions ?? []).map((question) => [question.messageId, question]));
  const skillNames = new Map(stored.role.skills.map((skill) => [skill.id, skill.name]));
  const answers = new Map<string, MessageRecord>();
  for (const message of stored.messages) {
    const questionId = message.metadata?.['questionMessageId'];
    if (message.messageType === 'candidate_response' && typeof questionId === 'string') answers.set(questionId, message);
  }

  // A question asked again in other words (the `reask` accommodation) counts once, in the wording that was answered.
  const replaced = reaskedQuestionIds(stored.messages);
  const wordings = new Map(stored.messages.map((message) => [message.id, message.contentText]));
  const questions: ScoredQuestion[] = stored.messages
    .filter((message) => message.messageType === 'ai_question' && !replaced.has(message.id))
    .map((message, index) => {
      const record = asked.get(message.id);
      const metadata = message.metadata ?? {};
      const skillId = record?.skillId ?? (typeof metadata['skillId'] === 'string' ? metadata['skillId'] : 'unknown');
      const answer = answers.get(message.id);
      return {
        number: index + 1,
        messageId: message.id,
        text: message.contentText,
        askedAt: message.createdAt,
        phase: record?.phase ?? stored.session?.currentDifficultyLevel ?? 'standard',
        skillId,
        skillName: skillNames.get(skillId) ?? skillId,
        difficulty: record?.difficulty ?? numberOrNull(metadata['difficulty']),
        judgement: record?.judgement
          ? { quality: record.judgement.quality, evidence: record.judgement.evidence, struggled: record.judgement.struggled, score: record.judgement.score }
          : null,
        answer: answer ? toAnswer(answer) : null,
        firstAskedAs: typeof metadata['reaskOf'] === 'string' ? (wordings.get(metadata['reaskOf']) ?? null) : null,
        fromBank: metadata['source'] === 'bank',
      };
    });

  return {
    interviewId: stored.interview.id,
    roleType: stored.interview.roleType,
    roleTitle: stored.role.title,
    startedAt: stored.interview.startedAt,
    completedAt: stored.interview.completedAt,
    skills: stored.role.skills.map((skill) => ({ id: skill.id, name: skill.name, description: skill.description })),
    questions,
    events: stored.events.map((event) => ({ kind: event.kind, occurredAt: event.occurredAt, details: event.details })),
    boundaries: boundariesOf(state, stored.role, questions),
    recommendationBands: stored.role.recommendation,
  };
}

function boundariesOf(state: EngineState | null, role: RoleDefinition, questions: readonly ScoredQuestion[]): SkillBoundary[] {
  const labels = state ? skillBoundaryLabels(state) : {};
  return role.skills
    .filter((skill) => questions.some((question) => question.skillId === skill.id))
    .map((skill) => {
      const proficiency = state?.skills[skill.id];
      return {
        skillId: skill.id,
        name: skill.name,
        questionsAsked: questions.filter((question) => question.skillId === skill.id).length,
        highestPassed: proficiency?.highestPassed ?? 0,
        lowestFailed: proficiency?.lowestFailed ?? null,
        boundary: proficiency?.boundary ?? null,
        label: labels[skill.id] ?? null,
      };
    });
}
