import type { RecommendationBands } from '../../shared/domain/ai-recommendation';
import type { QuestionRef, SkillBoundary } from '../../shared/domain/assessment';
import type { AnswerEndDecidedBy, InterviewPhase, RoleType } from '../../shared/domain/interview';

/**
 * Everything scoring reads about one submitted interview, gathered once from
 * the database (see load-scoring-input.ts) so the passes and the integrity
 * rules are plain functions of it.
 */

export interface ScoredAnswer {
  messageId: string;
  text: string;
  /** When main stored the answer (ISO-8601). */
  answeredAt: string;
  audioDurationSeconds: number | null;
  /** Question shown → first speech, as the kiosk measured it. */
  responseTimeMs: number | null;
  /** Time the candidate was speaking (sum of the voice segments). */
  speechMs: number | null;
  /** Silence between the first segment's start and the last one's end, not counting speech. */
  pauseMs: number | null;
  segmentCount: number | null;
  /** Times the candidate carried on after the interviewer had begun the next question (0 when none, or not recorded). */
  continued?: number;
  /** How the end of the answer was decided (its audio metadata's endOfTurn), when recorded. */
  endedBy?: AnswerEndDecidedBy | null;
  /** The recording's path in the content store; absent or null when none was kept. */
  audioUrl?: string | null;
  /** Typed under the `typed_answers` accommodation; absent (spoken) for answers recorded before there were typed ones. */
  typed?: boolean;
  /**
   * Issue 19: 'pending' while the words wait for the AI service, 'later' once
   * transcribed after the interview, 'failed' when that gave up (the audio is
   * kept); absent for words transcribed as the candidate spoke.
   */
  transcription?: 'pending' | 'later' | 'failed';
}

export interface ScoredQuestion {
  /** 1-based, in the order asked. */
  number: number;
  messageId: string;
  text: string;
  askedAt: string;
  phase: InterviewPhase;
  skillId: string;
  skillName: string;
  /** 1 (easiest) .. 5; null when the engine's record of it is missing. */
  difficulty: number | null;
  /** The engine's judgement of the answer while the interview ran; null when none. */
  judgement: { quality: string; evidence: string; struggled: boolean; score: number } | null;
  answer: ScoredAnswer | null;
  /** The wording it replaced, when the candidate had it asked again in other words (the `reask` accommodation). */
  firstAskedAs?: string | null;
  /** Asked from the question bank because the AI service could not write it (issue 19). */
  fromBank?: boolean;
}

export interface ScoredEvent {
  kind: string;
  occurredAt: string;
  details: Record<string, unknown> | null;
}

export interface ScoringInput {
  interviewId: string;
  roleType: RoleType;
  roleTitle: string;
  startedAt: string | null;
  completedAt: string | null;
  skills: { id: string; name: string; description: string }[];
  questions: ScoredQuestion[];
  /** Kiosk integrity events (focus lost, window hidden, paste, ...), oldest first. */
  events: ScoredEvent[];
  /** The engine's skill boundaries, in the role's skill order, only skills that were asked about. */
  boundaries: SkillBoundary[];
  /** The role's bands for the AI's advance/hold/reject; never shown to a model. */
  recommendationBands: RecommendationBands;
}

export function refOf(question: ScoredQuestion): QuestionRef {
  return { number: question.number, questionMessageId: question.messageId, answerMessageId: question.answer?.messageId ?? null };
}
