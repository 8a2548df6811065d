import { AppFailure } from '../common/app-failure';
import type { Clock } from '../common/clock';
import { nowIso } from '../db/ids';
import type { Logger } from '../logging/logger-types';
import type { InterviewRepository } from '../repositories/interview-repository';
import type { AnswerJudge } from './answer-judge';
import type { AnswerEnd, AnswerSaver } from './answer-saver';
import { planNext, type FinishReason, type PlanLimits } from './engine/index';
import type { InterviewRuntime, Readiness } from './interview-runtime';
import type { QuestionAsker } from './question-asker';

export interface TurnDeps {
  repository: Pick<InterviewRepository, 'findById' | 'updateSession'>;
  saver: AnswerSaver;
  asker: QuestionAsker;
  judge: Pick<AnswerJudge, 'judge' | 'judgeUnjudged'>;
  limits: () => { tokenBudget: number; maxDurationMinutes: number };
  clock: Clock;
  logger: Logger;
  isClosed: () => boolean;
}

export interface EndAnswerInput extends AnswerEnd {
  questionMessageId: string;
}

/**
 * One turn of the conversation: save the answer, then at the same time
 * judge it and ask the next question, so the judge is never what the
 * candidate waits for unless the engine cannot choose the next question
 * without it. The engine's plan says what comes next: a question (the
 * asker's), a wait for a judgement, or the end. Nothing here loses a saved
 * answer: every failure after the save leaves the turn to be finished by a
 * later call (a retry, or the next start of the app).
 */
export class TurnPipeline {
  constructor(private readonly deps: TurnDeps) {}

  async endAnswer(runtime: InterviewRuntime, input: EndAnswerInput, windowId: string): Promise<{ transcript: string }> {
    const question = runtime.messages.find((message) => message.id === input.questionMessageId && message.messageType === 'ai_question');
    if (!question) throw new AppFailure('not_found', 'That question is not part of this interview.');
    const saved = runtime.answerTo(question.id);
    if (saved) {
      // Asked again after a lost reply or an outage: the answer is already saved, only the next question may be missing.
      await this.ensureQuestion(runtime, windowId);
      return { transcript: saved.contentText };
    }
    if (runtime.currentQuestion()?.id !== question.id) throw new AppFailure('conflict', 'This question is no longer waiting for an answer.');

    const answer = await this.deps.saver.save(runtime, question, input, windowId);
    void this.deps.judge.judge(runtime, question.id);
    await this.ensureQuestion(runtime, windowId);
    return { transcript: answer.contentText };
  }

  /** Makes sure the interview has a question waiting for an answer, or has finished. */
  async ensureQuestion(runtime: InterviewRuntime, windowId: string): Promise<void> {
    for (;;) {
      if (this.deps.isClosed()) throw new AppFailure('unavailable', 'The app is closing. Your answers are saved.');
      if (runtime.readiness || runtime.currentQuestion()) return;
      if (runtime.budgetSpent) return this.finish(runtime, 'token_budget');
      const plan = planNext(runtime.state, runtime.role, this.planLimits(runtime));
      if (plan.kind === 'finish') return this.finish(runtime, plan.reason);
      if (plan.kind === 'wait') {
        await this.waitForJudgement(runtime);
        continue;
      }
      if (await this.deps.asker.ask(runtime, plan, windowId)) return;
    }
  }

  private async waitForJudgement(runtime: InterviewRuntime): Promise<void> {
    let tasks = [...runtime.judging.values()];
    if (tasks.length === 0) tasks = this.deps.judge.judgeUnjudged(runtime);
    if (tasks.length === 0) throw new Error('The interview engine is waiting for a judgement, but no answer is waiting to be judged.');
    this.deps.logger.debug('waiting for a judgement before choosing the next question', { interviewId: runtime.interviewId, pending: tasks.length });
    runtime.waitingOnJudgement = true;
    try {
      const recorded = await Promise.race(tasks);
      if (!recorded && runtime.judging.size === 0 && !runtime.budgetSpent && !this.deps.isClosed()) {
        throw new AppFailure(
          'unavailable',
          'The AI interviewer could not assess your last answer yet, and needs it to choose the next question. Your answers are saved; please try again in a moment.',
        );
      }
    } finally {
      runtime.waitingOnJudgement = false;
    }
  }

  private finish(runtime: InterviewRuntime, reason: FinishReason): void {
    const readiness: Readiness = { reason, decidedAt: nowIso(this.deps.clock) };
    const session = this.deps.repository.updateSession(runtime.sessionId, {
      progressionState: { ...runtime.state, readiness },
      lastActivityAt: readiness.decidedAt,
    });
    runtime.readiness = readiness;
    runtime.lastActivityAt = session.lastActivityAt;
    this.deps.logger.info('interview ready to submit', { interviewId: runtime.interviewId, reason, questions: runtime.questions().length });
  }

  private planLimits(runtime: InterviewRuntime): PlanLimits {
    const { tokenBudget, maxDurationMinutes } = this.deps.limits();
    return {
      now: this.deps.clock.now(),
      tokensUsed: this.deps.repository.findById(runtime.interviewId)?.totalTokensUsed ?? 0,
      tokenBudget,
      maxDurationMinutes,
    };
  }
}
