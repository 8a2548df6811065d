import { MAX_QUESTIONS, MIN_QUESTIONS, type AnswerMode, type AnswerSoFar, type InterviewStatus, type InterviewView, type QuestionView } from '../../shared/domain/interview';
import { questionMetadata, type InterviewRuntime } from './interview-runtime';
import type { QuestionAhead } from './pending-turns';

/** interviewView with the silence setting and the sitting's accommodations of the moment: what every call that answers with an interview gives. */
export type ViewInterview = (runtime: InterviewRuntime, status: InterviewStatus) => InterviewView;

/** What the renderer is told about an interview: counts, the question waiting for an answer, whether it can be submitted. */
export function interviewView(
  runtime: InterviewRuntime,
  status: InterviewStatus,
  terms: { endOfTurnSilenceMs: number; answerMode: AnswerMode; canReask: boolean; answerSoFar?: (questionMessageId: string) => AnswerSoFar | null },
): InterviewView {
  const questions = runtime.questions();
  const live = status === 'in_progress' || status === 'scheduled';
  const current = live ? runtime.currentQuestion() : null;
  let currentQuestion: QuestionView | null = null;
  if (current) {
    const meta = questionMetadata(current);
    const asked = runtime.state.questions.find((question) => question.messageId === current.id);
    currentQuestion = {
      messageId: current.id,
      sequenceNumber: current.sequenceNumber,
      number: questions.findIndex((question) => question.id === current.id) + 1,
      text: current.contentText,
      phase: meta?.phase ?? asked?.phase ?? runtime.state.phase,
      skillArea: meta?.skillId ?? asked?.skillId ?? '',
    };
    const soFar = terms.answerSoFar?.(current.id);
    if (soFar) currentQuestion.answerSoFar = soFar;
  }
  return {
    id: runtime.interviewId,
    roleType: runtime.roleType,
    status,
    phase: runtime.state.phase,
    questionsAsked: questions.length,
    answersGiven: runtime.answers().length,
    minQuestions: MIN_QUESTIONS,
    maxQuestions: MAX_QUESTIONS,
    currentQuestion,
    readyToSubmit: runtime.readiness !== null || status === 'completed',
    startedAt: runtime.startedAt,
    endOfTurnSilenceMs: terms.endOfTurnSilenceMs,
    answerMode: terms.answerMode,
    // Only while a question waits for its answer.
    canReask: terms.canReask && currentQuestion !== null,
  };
}

/**
 * The view as it will be once a turn shown ahead is saved: its question is
 * the one waiting for an answer. Until then the database still holds the
 * question before it, which the candidate can go back to.
 */
export function withQuestionAhead(view: InterviewView, runtime: InterviewRuntime, ahead: QuestionAhead): InterviewView {
  const { plan, written } = ahead;
  const lastSequence = runtime.messages.reduce((max, message) => Math.max(max, message.sequenceNumber), 0);
  return {
    ...view,
    phase: plan.phase,
    questionsAsked: view.questionsAsked + 1,
    answersGiven: view.answersGiven + 1,
    currentQuestion: {
      messageId: written.messageId,
      // The answer takes the next number when it is saved, the question the one after.
      sequenceNumber: lastSequence + 2,
      number: view.questionsAsked + 1,
      text: written.text,
      phase: plan.phase,
      skillArea: plan.skillId,
    },
  };
}
