import type { Logger } from '../logging/logger-types';
import { isProviderError } from '../providers/ai/errors';
import type { LanguageModel } from '../providers/ai/types';
import type { InterviewRepository, MessageRecord } from '../repositories/interview-repository';
import { addAnswerSummary, buildJudgeRequest, promptSetRef, recordJudgement, skillBoundaryLabels, type Judgement } from './engine/index';
import { questionMetadata, transcriptPending, type InterviewRuntime } from './interview-runtime';
import type { QuestionBank } from './bank/question-bank';
import type { RoleType } from '../../shared/domain/interview';
import { retryUnusableReplies } from './provider-retry';

export interface JudgeDeps {
  languageModel: LanguageModel;
  /** The role's question bank: a bank question is judged against its answer points. */
  bankFor: (roleType: RoleType) => QuestionBank;
  /** Persists a judgement that cannot be had now, to be made when the service is back (issue 19). */
  queueLater: (interviewId: string, questionMessageId: string) => void;
  repository: InterviewRepository;
  logger: Logger;
  signal: AbortSignal;
  isClosed: () => boolean;
  /** Lets the owner wait for judgements still under way (tests, shutdown). */
  background: (work: Promise<unknown>) => void;
}

/**
 * Judges answers in the background, next to the turn that asks the next
 * question, and merges each judgement into the engine state as it arrives
 * (in any order). A judgement that cannot be had now (the service is
 * unavailable after the specification's retries) is left pending and
 * queued as a persisted job; the interview plans without waiting for
 * judgements (runtime.judgementsDelayed) until one is made again.
 */
export class AnswerJudge {
  constructor(private readonly deps: JudgeDeps) {}

  /** Starts judging (once per question at a time); the promise never rejects and says whether a judgement was recorded. */
  judge(runtime: InterviewRuntime, questionMessageId: string): Promise<boolean> {
    const running = runtime.judging.get(questionMessageId);
    if (running) return running;
    const task = this.run(runtime, questionMessageId).finally(() => runtime.judging.delete(questionMessageId));
    runtime.judging.set(questionMessageId, task);
    this.deps.background(task);
    return task;
  }

  /** Every answered question the engine still counts as pending: after a restart, or after judging failed. */
  judgeUnjudged(runtime: InterviewRuntime): Promise<boolean>[] {
    return runtime.state.questions
      .filter((question) => question.judgement === null && runtime.answerTo(question.messageId) !== null)
      .map((question) => this.judge(runtime, question.messageId));
  }

  private async run(runtime: InterviewRuntime, questionMessageId: string): Promise<boolean> {
    const { logger } = this.deps;
    if (runtime.budgetSpent) return false;
    const answer = runtime.answerTo(questionMessageId);
    if (answer && transcriptPending(answer)) {
      // Its words are still to come (a transcription job judges it then): the engine must not wait for it now.
      runtime.judgementsDelayed = true;
      return false;
    }
    try {
      const judgement = await this.ask(runtime, questionMessageId);
      if (!judgement || this.deps.isClosed()) return false;
      this.record(runtime, questionMessageId, judgement);
      return true;
    } catch (error) {
      if (isProviderError(error, 'budget_exceeded')) runtime.budgetSpent = true;
      else if (isProviderError(error) && !this.deps.signal.aborted) {
        runtime.judgementsDelayed = true;
        this.deps.queueLater(runtime.interviewId, questionMessageId);
      }
      if (!this.deps.signal.aborted) logger.warn('answer could not be judged now; it stays pending', { interviewId: runtime.interviewId, questionMessageId, error });
      return false;
    }
  }

  /**
   * The model's judgement of the answer to one question, or null when there
   * is nothing to judge yet (no answer, or its words not transcribed yet).
   * An outage throws at once: the caller has its way on without it.
   */
  async ask(runtime: InterviewRuntime, questionMessageId: string, signal: AbortSignal = this.deps.signal): Promise<Judgement | null> {
    const asked = runtime.state.questions.find((question) => question.messageId === questionMessageId);
    const question = runtime.messages.find((message) => message.id === questionMessageId);
    const answer = runtime.answerTo(questionMessageId);
    if (!asked || !question || !answer || transcriptPending(answer)) return null;
    const template = promptSetRef(runtime.prompts, 'judge');
    const reply = await retryUnusableReplies(
      () =>
        this.deps.languageModel.structured<Judgement>({
          ...buildJudgeRequest({ prompts: runtime.prompts, role: runtime.role, question: this.questionToJudge(runtime, question), answerTranscript: answer.contentText, plan: asked }),
          interviewId: runtime.interviewId,
          ...(template ? { template } : {}),
          signal,
        }),
      { logger: this.deps.logger, step: 'judge answer', signal },
    );
    return reply.value;
  }

  /**
   * The question as the judge reads it: a bank question carries the points a
   * good answer covers, written with it, so its judgement rests on the same
   * yardstick whoever judges it and whenever.
   */
  private questionToJudge(runtime: InterviewRuntime, question: MessageRecord): string {
    const bankId = questionMetadata(question)?.bankQuestionId;
    const points = bankId ? this.deps.bankFor(runtime.roleType).questions.find((entry) => entry.id === bankId)?.answerPoints : undefined;
    if (!points) return question.contentText;
    return `${question.contentText}\n\nPoints a good answer covers (from the question bank): ${points.map((point) => `${point}.`).join(' ')}`;
  }

  /** Computed from the latest state and written in the same synchronous step, so no concurrent change is lost. */
  record(runtime: InterviewRuntime, questionMessageId: string, judgement: Judgement): void {
    const state = recordJudgement(runtime.state, questionMessageId, judgement);
    let memory = runtime.memory;
    try {
      memory = addAnswerSummary(memory, questionMessageId, judgement.evidence);
    } catch {
      // A memory without this turn (an interview from an older version) only loses a summary.
    }
    const previous = { state: runtime.state, memory: runtime.memory };
    runtime.state = state;
    runtime.memory = memory;
    // A judgement made again: the engine may wait for the next ones as it usually does.
    runtime.judgementsDelayed = false;
    try {
      const session = this.deps.repository.updateSession(runtime.sessionId, {
        progressionState: runtime.progressionState(),
        conversationMemory: memory,
        skillBoundariesIdentified: skillBoundaryLabels(state),
      });
      runtime.lastActivityAt = session.lastActivityAt;
    } catch (error) {
      runtime.state = previous.state;
      runtime.memory = previous.memory;
      throw error;
    }
  }
}
