import { MAX_QUESTIONS, MIN_QUESTIONS, type InterviewStatus, type InterviewView, type QuestionView } from '../../shared/domain/interview';
import { questionMetadata, type InterviewRuntime } from './interview-runtime';

/** interviewView with the silence setting of the moment: what every call that answers with an interview gives. */
export type ViewInterview = (runtime: InterviewRuntime, status: InterviewStatus) => InterviewView;

/** What the renderer is told about an interview: counts, the question waiting for an answer, whether it can be submitted. */
export function interviewView(runtime: InterviewRuntime, status: InterviewStatus, endOfTurnSilenceMs: number): InterviewView {
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
    endOfTurnSilenceMs,
  };
}
