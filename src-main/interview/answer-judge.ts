import type { Logger } from '../logging/logger-types';
import { isProviderError } from '../providers/ai/errors';
import type { Sleep } from '../common/clock';
import type { LanguageModel } from '../providers/ai/types';
import type { InterviewRepository } from '../repositories/interview-repository';
import { addAnswerSummary, buildJudgeRequest, promptSetRef, recordJudgement, skillBoundaryLabels, type Judgement } from './engine/index';
import type { InterviewRuntime } from './interview-runtime';
import { untilAvailable, type RetryReporter } from './provider-retry';

export interface JudgeDeps {
  languageModel: LanguageModel;
  repository: InterviewRepository;
  logger: Logger;
  sleep: Sleep;
  signal: AbortSignal;
  /** Reports an outage to the candidate, but only while a turn is waiting for this judgement. */
  reporter: (runtime: InterviewRuntime) => RetryReporter;
  isClosed: () => boolean;
  /** Lets the owner wait for judgements still under way (tests, shutdown). */
  background: (work: Promise<unknown>) => void;
}

/**
 * Judges answers in the background, next to the turn that asks the next
 * question, and merges each judgement into the engine state as it arrives
 * (in any order). A judgement that cannot be had now is left pending: the
 * engine plans around it, and the next start of the app judges it again.
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
    const { languageModel, logger } = this.deps;
    const asked = runtime.state.questions.find((question) => question.messageId === questionMessageId);
    const question = runtime.messages.find((message) => message.id === questionMessageId);
    const answer = runtime.answerTo(questionMessageId);
    if (!asked || !question || !answer || runtime.budgetSpent) return false;
    const template = promptSetRef(runtime.prompts, 'judge');
    try {
      const reply = await untilAvailable(
        () =>
          languageModel.structured<Judgement>({
            ...buildJudgeRequest({ prompts: runtime.prompts, role: runtime.role, question: question.contentText, answerTranscript: answer.contentText, plan: asked }),
            interviewId: runtime.interviewId,
            ...(template ? { template } : {}),
            signal: this.deps.signal,
          }),
        { sleep: this.deps.sleep, logger, step: 'judge answer', signal: this.deps.signal, reporter: this.deps.reporter(runtime) },
      );
      if (this.deps.isClosed()) return false;
      this.record(runtime, questionMessageId, reply.value);
      return true;
    } catch (error) {
      if (isProviderError(error, 'budget_exceeded')) runtime.budgetSpent = true;
      if (!this.deps.signal.aborted) logger.warn('answer could not be judged now; it stays pending', { interviewId: runtime.interviewId, questionMessageId, error });
      return false;
    }
  }

  /** Computed from the latest state and written in the same synchronous step, so no concurrent change is lost. */
  private record(runtime: InterviewRuntime, questionMessageId: string, judgement: Judgement): void {
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
