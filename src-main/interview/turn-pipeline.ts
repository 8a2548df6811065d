import { AppFailure } from '../common/app-failure';
import type { Clock } from '../common/clock';
import { nowIso } from '../db/ids';
import type { Logger } from '../logging/logger-types';
import type { InterviewRepository } from '../repositories/interview-repository';
import type { AnswerJudge } from './answer-judge';
import type { MessageRecord } from '../repositories/interview-repository';
import type { AnswerEnd, AnswerSaver, PreparedAnswer, TypedAnswer } from './answer-saver';
import { PendingTurns, type PendingTurn, type QuestionAhead } from './pending-turns';
import { planNext, type FinishReason, type PlanLimits } from './engine/index';
import type { InterviewRuntime, Readiness } from './interview-runtime';
import type { QuestionAsker } from './question-asker';

export interface TurnDeps {
  repository: Pick<InterviewRepository, 'findById' | 'updateSession'>;
  saver: AnswerSaver;
  asker: QuestionAsker;
  judge: Pick<AnswerJudge, 'judge' | 'judgeUnjudged'>;
  limits: () => { tokenBudget: number; maxDurationMinutes: number };
  /** Time the interview's sitting was paused: its clock (the longest interview) does not count it. */
  pausedMs: (interviewId: string) => number;
  clock: Clock;
  logger: Logger;
  isClosed: () => boolean;
  /** Aborts provider calls when the app closes. */
  signal: AbortSignal;
  /** How long a shown turn waits for the window's word before it is saved anyway. */
  commitAfterMs: number;
}

export interface EndAnswerInput extends AnswerEnd {
  questionMessageId: string;
  /**
   * The candidate may yet carry on: the next question is shown and spoken
   * but nothing is saved until `commitShown` (or the backstop timer), so
   * `continueAnswer` can still take it back.
   */
  continuable?: boolean;
}

/** A typed answer as the window sends it (interview.typedAnswer). */
export interface TypedAnswerInput extends TypedAnswer {
  questionMessageId: string;
}

export interface TurnResult {
  transcript: string;
  /** The next question, shown but not saved yet (continuable turns only). */
  ahead?: QuestionAhead;
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
  private readonly pending: PendingTurns;

  constructor(private readonly deps: TurnDeps) {
    this.pending = new PendingTurns({
      saver: deps.saver,
      asker: deps.asker,
      judge: (runtime, questionMessageId) => void deps.judge.judge(runtime, questionMessageId),
      planLimits: (runtime) => this.planLimits(runtime),
      signal: deps.signal,
      logger: deps.logger,
      commitAfterMs: deps.commitAfterMs,
    });
  }

  async endAnswer(runtime: InterviewRuntime, input: EndAnswerInput, windowId: string): Promise<TurnResult> {
    const open = await this.questionToAnswer(runtime, input.questionMessageId, windowId);
    if ('done' in open) return open.done;
    const { question } = open;
    if (input.continuable) return this.endContinuable(runtime, question, input, windowId);

    const stale = this.pending.get(runtime.interviewId);
    if (stale) this.pending.drop(stale, stale.shown ? 'continued' : 'questionsDropped');
    const prepared = await this.deps.saver.prepare(runtime, question, input.segmentCount, windowId);
    const answer = this.deps.saver.commit(runtime, prepared, input, this.pending.takeHistory(question.id));
    void this.deps.judge.judge(runtime, question.id);
    await this.ensureQuestion(runtime, windowId);
    return { transcript: answer.contentText };
  }

  /**
   * A typed answer (an accommodation): nothing to gather or transcribe, so
   * it is saved at once, judged, and the next question asked, as a spoken
   * answer's turn is without its continue window.
   */
  async typedAnswer(runtime: InterviewRuntime, input: TypedAnswerInput, windowId: string): Promise<TurnResult> {
    const open = await this.questionToAnswer(runtime, input.questionMessageId, windowId);
    if ('done' in open) return open.done;
    const { question } = open;
    const stale = this.pending.get(runtime.interviewId);
    if (stale) this.pending.drop(stale, stale.shown ? 'continued' : 'questionsDropped');
    const answer = this.deps.saver.commitTyped(runtime, question, input);
    void this.deps.judge.judge(runtime, question.id);
    await this.ensureQuestion(runtime, windowId);
    return { transcript: answer.contentText };
  }

  /**
   * The question an answer is for, while it waits for one. Sent again after
   * a lost reply or an outage, the answer is already saved: `done` is what
   * the first call answered, once the next question is there.
   */
  private async questionToAnswer(runtime: InterviewRuntime, questionMessageId: string, windowId: string): Promise<{ question: MessageRecord } | { done: TurnResult }> {
    const question = runtime.messages.find((message) => message.id === questionMessageId && message.messageType === 'ai_question');
    if (!question) throw new AppFailure('not_found', 'That question is not part of this interview.');
    const saved = runtime.answerTo(question.id);
    if (saved) {
      await this.ensureQuestion(runtime, windowId);
      return { done: { transcript: saved.contentText } };
    }
    if (runtime.currentQuestion()?.id !== question.id) throw new AppFailure('conflict', 'This question is no longer waiting for an answer.');
    return { question };
  }

  /**
   * The question on screen asked again in other words (the `reask`
   * accommodation): anything written ahead for the old wording is dropped
   * first, so no question follows an answer to words no longer asked.
   */
  async reask(runtime: InterviewRuntime, questionMessageId: string, windowId: string): Promise<void> {
    const question = runtime.currentQuestion();
    if (!question || question.id !== questionMessageId) throw new AppFailure('conflict', 'This question is no longer waiting for an answer.');
    const stale = this.pending.get(runtime.interviewId);
    if (stale) this.pending.drop(stale, stale.shown ? 'continued' : 'questionsDropped');
    await this.deps.asker.reask(runtime, question, windowId);
  }

  /**
   * The answer will do, probably: the question after it (written ahead
   * already, if the window asked for that while the candidate was quiet)
   * is let out to the window, and the turn waits to be saved.
   */
  private async endContinuable(runtime: InterviewRuntime, question: MessageRecord, input: EndAnswerInput, windowId: string): Promise<TurnResult> {
    let turn = this.pending.begin(runtime, question, input.segmentCount, windowId);
    if (!(await turn.wordsHold) && !turn.controller.signal.aborted) {
      // Written at a pause from words the finished answer does not bear out: written again from the answer's own.
      this.pending.drop(turn, 'questionsDropped');
      turn = this.pending.begin(runtime, question, input.segmentCount, windowId);
    }
    turn.show(input);
    let prepared: PreparedAnswer;
    try {
      prepared = await turn.answer;
    } catch (error) {
      const carriedOn = this.carriedOn(turn);
      this.pending.abandon(turn);
      throw carriedOn ?? error;
    }
    let ahead: QuestionAhead | null;
    try {
      ahead = await turn.ahead;
    } catch (error) {
      const carriedOn = this.carriedOn(turn);
      if (carriedOn) throw carriedOn;
      // The question could not be written: the answer is saved, exactly as an ordinary turn would have left it.
      this.pending.commit(turn, prepared, null, input);
      throw error;
    }
    if (this.carriedOn(turn)) throw this.carriedOn(turn);
    if (!ahead) {
      this.pending.commit(turn, prepared, null, input);
      await this.ensureQuestion(runtime, windowId);
      return { transcript: prepared.text };
    }
    turn.armTimer(this.deps.commitAfterMs, () => {
      runtime.exclusive(() => this.commitShown(runtime, question.id, input)).catch((error: unknown) => {
        this.deps.logger.error('a turn could not be saved after its continue window', { interviewId: runtime.interviewId, error });
      });
    });
    return { transcript: prepared.text, ahead };
  }

  /** The window's word that the continue window has passed: the answer and its question are saved. False when there was nothing to save. */
  async commitShown(runtime: InterviewRuntime, questionMessageId: string, end?: AnswerEnd): Promise<boolean> {
    const turn = this.pending.get(runtime.interviewId);
    if (!turn || turn.question.id !== questionMessageId || !turn.shown) return false;
    const [prepared, ahead] = await Promise.all([turn.answer, turn.ahead]);
    if (this.pending.get(runtime.interviewId) !== turn) return false;
    this.pending.commit(turn, prepared, ahead, end ?? turn.end);
    return true;
  }

  /** A window starting afresh (a reload, a restart): a turn it was shown is saved, one written ahead is dropped. */
  async settle(runtime: InterviewRuntime): Promise<void> {
    const turn = this.pending.get(runtime.interviewId);
    if (!turn) return;
    if (!turn.shown) return this.pending.drop(turn, 'questionsDropped');
    await this.commitShown(runtime, turn.question.id).catch((error: unknown) => {
      // Its preparation failed: the turn is gone and the answer is still open, as after a failed endAnswer.
      this.pending.abandon(turn);
      this.deps.logger.warn('a shown turn could not be saved when the window started again', { interviewId: runtime.interviewId, error });
    });
  }

  /** The pending turn whose (shown) question is this one, if any: what a call about that question must save first. */
  pendingQuestion(runtime: InterviewRuntime, questionMessageId: string): string | null {
    const turn = this.pending.get(runtime.interviewId);
    const written = turn?.settled?.ahead?.written;
    return turn?.shown && written?.messageId === questionMessageId ? turn.question.id : null;
  }

  /**
   * Writing ahead started while the candidate is quiet and their words
   * sound finished: nothing is shown or saved, and it is dropped if they
   * speak again (`continueAnswer`) or the answer grows.
   */
  speculate(runtime: InterviewRuntime, input: { questionMessageId: string; segmentCount: number }, windowId: string): boolean {
    const question = runtime.currentQuestion();
    if (!question || question.id !== input.questionMessageId) throw new AppFailure('conflict', 'This question is no longer waiting for an answer.');
    const existing = this.pending.get(runtime.interviewId);
    if (existing?.shown) return false;
    this.pending.begin(runtime, question, input.segmentCount, windowId);
    return true;
  }

  /**
   * The candidate is still answering this question: whatever was written
   * ahead is dropped (a question already playing stops in the window) and
   * the answer stays open for more segments. Too late once it was saved.
   */
  continueAnswer(runtime: InterviewRuntime, questionMessageId: string): void {
    const turn = this.pending.get(runtime.interviewId);
    if (turn && turn.question.id === questionMessageId) {
      this.pending.drop(turn, turn.shown ? 'continued' : 'questionsDropped');
      return;
    }
    if (runtime.answerTo(questionMessageId)) {
      throw new AppFailure('conflict', 'Your answer to that question has already been saved; please answer the question on the screen.');
    }
    if (runtime.currentQuestion()?.id !== questionMessageId) throw new AppFailure('not_found', 'That question is not waiting for an answer.');
  }

  /** The app is closing: shown turns are saved (nothing said may be lost), the rest dropped. */
  close(): void {
    for (const turn of this.pending.all()) this.keepShown(turn, 'the app closed');
    this.pending.forget();
  }

  /** An interview that has ended (submitted, or abandoned while a turn was shown): its shown turn is saved first. */
  forget(interviewId: string): void {
    const turn = this.pending.get(interviewId);
    if (turn) this.keepShown(turn, 'its interview ended');
    this.pending.forget(interviewId);
  }

  /** Saves a shown turn whose parts are ready, at once (no await: the caller cannot wait). */
  private keepShown(turn: PendingTurn, why: string): void {
    if (!turn.shown || !turn.settled) return;
    try {
      this.pending.commit(turn, turn.settled.prepared, turn.settled.ahead, turn.end);
    } catch (error) {
      this.deps.logger.error(`a shown turn could not be saved when ${why}`, { interviewId: turn.runtime.interviewId, error });
    }
  }

  private carriedOn(turn: PendingTurn): AppFailure | null {
    return turn.controller.signal.aborted ? new AppFailure('conflict', 'You carried on with your answer, so the next question was not asked.') : null;
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
      // The service could not judge it: the engine plans on without waiting (the judgement is queued for later).
      if (!recorded && runtime.judgementsDelayed) return;
      if (!recorded && runtime.judging.size === 0 && !runtime.budgetSpent && !this.deps.isClosed()) {
        throw new AppFailure('unavailable', 'The next question is not ready yet. Your answers are saved; please wait a moment.');
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
      now: new Date(this.deps.clock.now().getTime() - this.deps.pausedMs(runtime.interviewId)),
      tokensUsed: this.deps.repository.findById(runtime.interviewId)?.totalTokensUsed ?? 0,
      tokenBudget,
      maxDurationMinutes,
      judgementsDelayed: runtime.judgementsDelayed,
    };
  }
}
