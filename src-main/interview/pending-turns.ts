import type { Logger } from '../logging/logger-types';
import type { MessageRecord } from '../repositories/interview-repository';
import type { AnswerEnd, AnswerSaver, PreparedAnswer, TurnHistory } from './answer-saver';
import { withAnswer } from './answer-saver';
import { planNext, type AskPlan, type PlanLimits } from './engine/index';
import { UsageLabel } from '../providers/ai/usage-label';
import { EventGate } from './event-gate';
import type { InterviewRuntime } from './interview-runtime';
import type { QuestionAsker } from './question-asker';
import type { WrittenQuestion } from './question-writer';

export interface PendingTurnsDeps {
  saver: Pick<AnswerSaver, 'prepareInStages' | 'commit'>;
  asker: Pick<QuestionAsker, 'write' | 'store'>;
  /** Starts judging a saved answer. */
  judge: (runtime: InterviewRuntime, questionMessageId: string) => void;
  planLimits: (runtime: InterviewRuntime) => PlanLimits;
  /** Aborts every provider call when the app closes. */
  signal: AbortSignal;
  logger: Logger;
  /**
   * A turn shown to the candidate is saved when the window says the
   * continue window has passed; if the window never says (it crashed, its
   * network dropped), it is saved after this long anyway.
   */
  commitAfterMs: number;
}

/** The question that follows the answer, written but not yet saved. */
export interface QuestionAhead {
  plan: AskPlan;
  written: WrittenQuestion;
}

/**
 * One answer that has (probably) ended, with the question that follows it
 * written ahead. Nothing of it is saved until `commit`: until then the
 * candidate can carry on with the answer and the question is forgotten as
 * if it had never been asked (its provider calls are aborted, its events
 * never sent or stopped). Its segments stay in AnswerSegments throughout.
 */
export class PendingTurn {
  readonly gate = new EventGate();
  readonly controller = new AbortController();
  /** Its question's provider calls, marked as discarded if it is dropped. */
  readonly usage = new UsageLabel();
  /** The answer gathered and transcribed, and the question after it (null when the engine does not ask one now). */
  readonly answer: Promise<PreparedAnswer>;
  readonly ahead: Promise<QuestionAhead | null>;
  /**
   * False when the question was written from the words before a pause
   * (the last segment still being spoken) and the answer's own segments
   * say something else: it must not be shown. Never rejects.
   */
  readonly wordsHold: Promise<boolean>;
  shown = false;
  /** Its answer could not be prepared (e.g. the segment it counted on never came): it is not reused. */
  failed = false;
  end: AnswerEnd;
  /** Both parts, once they have settled successfully (a turn can be saved without waiting then, e.g. when the app closes). */
  settled: { prepared: PreparedAnswer; ahead: QuestionAhead | null } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly runtime: InterviewRuntime,
    readonly question: MessageRecord,
    readonly segmentCount: number,
    windowId: string,
    deps: PendingTurnsDeps,
  ) {
    this.end = { segmentCount, reason: 'silence' };
    const preparing = deps.saver.prepareInStages(runtime, question, segmentCount, windowId);
    this.answer = preparing.answer;
    // Written from the words alone: the recording's write goes on meanwhile. Words before a pause come sooner still;
    // should the live stream not give them after all, the segments' own.
    const writtenFrom = preparing.wordsAhead ? preparing.wordsAhead.catch(() => preparing.words) : preparing.words;
    this.wordsHold = Promise.all([writtenFrom, preparing.words]).then(
      ([used, heard]) => used === heard,
      // Words that could not be heard at all are `answer`'s failure to report.
      () => true,
    );
    this.ahead = writtenFrom.then(async (text) => {
      if (this.controller.signal.aborted || runtime.readiness || runtime.budgetSpent) return null;
      const plan = planNext(runtime.state, runtime.role, deps.planLimits(runtime));
      // Waiting for a judgement or finishing cannot be done ahead: the turn is saved first, then goes the usual way.
      if (plan.kind !== 'ask') return null;
      const memory = withAnswer(runtime.memory, question, text);
      const signal = AbortSignal.any([deps.signal, this.controller.signal]);
      const written = await deps.asker.write(runtime, plan, windowId, { memory, gate: this.gate, signal, usageLabel: this.usage });
      return written ? { plan, written } : null;
    });
    void Promise.all([this.answer, this.ahead]).then(
      ([prepared, ahead]) => (this.settled = { prepared, ahead }),
      () => {},
    );
    // A turn dropped while it was being prepared rejects with the abort: nobody is waiting for it then.
    this.answer.catch(() => (this.failed = true));
    this.ahead.catch(() => {});
  }

  /** Lets its question's text and audio out to the window; `end` is how the answer was ended, saved with it. */
  show(end: AnswerEnd): void {
    this.end = end;
    this.shown = true;
    this.gate.open();
  }

  armTimer(ms: number, commit: () => void): void {
    this.clearTimer();
    this.timer = setTimeout(commit, ms);
    this.timer.unref?.();
  }

  clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  drop(): void {
    this.clearTimer();
    this.gate.drop();
    this.usage.discard();
    this.controller.abort(new Error('The candidate carried on with their answer.'));
  }
}

/**
 * The turns waiting to be saved, at most one per interview, and what each
 * answer's history of false ends was (how often a question was written
 * ahead and dropped, how often the candidate carried on), which is saved
 * with the answer for staff.
 */
export class PendingTurns {
  private readonly turns = new Map<string, PendingTurn>();
  /** By question message id; each knows its interview, so an interview that ends lets go of its answers' histories. */
  private readonly histories = new Map<string, { interviewId: string; questionsDropped: number; continued: number }>();

  constructor(private readonly deps: PendingTurnsDeps) {}

  all(): PendingTurn[] {
    return [...this.turns.values()];
  }

  get(interviewId: string): PendingTurn | null {
    return this.turns.get(interviewId) ?? null;
  }

  /** A turn for this answer as it stands: the one already under way when it matches, else a new one (any other dropped). */
  begin(runtime: InterviewRuntime, question: MessageRecord, segmentCount: number, windowId: string): PendingTurn {
    const existing = this.turns.get(runtime.interviewId);
    if (existing && existing.question.id === question.id && existing.segmentCount === segmentCount && !existing.failed) return existing;
    if (existing) this.drop(existing, existing.shown ? 'continued' : 'questionsDropped');
    const turn = new PendingTurn(runtime, question, segmentCount, windowId, this.deps);
    this.turns.set(runtime.interviewId, turn);
    return turn;
  }

  /** The candidate carried on: forget the turn (and its question) and count why. */
  drop(turn: PendingTurn, why: 'continued' | 'questionsDropped'): void {
    if (this.turns.get(turn.runtime.interviewId) !== turn) return;
    this.turns.delete(turn.runtime.interviewId);
    turn.drop();
    const history = this.historyOf(turn.runtime.interviewId, turn.question.id);
    history[why]++;
    this.deps.logger.debug('a turn written ahead was dropped', { interviewId: turn.runtime.interviewId, why });
  }

  /** Forgets a turn whose preparation failed (the failure is the caller's to report). */
  abandon(turn: PendingTurn): void {
    if (this.turns.get(turn.runtime.interviewId) === turn) this.turns.delete(turn.runtime.interviewId);
    turn.drop();
  }

  /**
   * Saves the answer and then its question, in that order, as an ordinary
   * turn would have; the judge starts on the answer. Only for a turn whose
   * `answer` and `ahead` have settled (the caller awaited them).
   */
  commit(turn: PendingTurn, prepared: PreparedAnswer, ahead: QuestionAhead | null, end: AnswerEnd): MessageRecord {
    if (this.turns.get(turn.runtime.interviewId) === turn) this.turns.delete(turn.runtime.interviewId);
    turn.clearTimer();
    const { runtime, question } = turn;
    const answer = this.deps.saver.commit(runtime, prepared, end, this.takeHistory(question.id, ahead !== null));
    this.deps.judge(runtime, question.id);
    if (ahead) this.deps.asker.store(runtime, ahead.plan, ahead.written);
    return answer;
  }

  /** Everything for an interview that has ended, or the whole app on close: nothing more will be asked. */
  forget(interviewId?: string): void {
    for (const [id, turn] of this.turns) {
      if (interviewId !== undefined && id !== interviewId) continue;
      this.turns.delete(id);
      turn.drop();
    }
    for (const [questionMessageId, history] of this.histories) {
      if (interviewId === undefined || history.interviewId === interviewId) this.histories.delete(questionMessageId);
    }
  }

  /** The history of an answer being saved without a turn written ahead (the ordinary path), also let go. */
  takeHistory(questionMessageId: string, writtenAhead = false): TurnHistory {
    const history = this.histories.get(questionMessageId);
    this.histories.delete(questionMessageId);
    return { questionsDropped: history?.questionsDropped ?? 0, continued: history?.continued ?? 0, writtenAhead };
  }

  private historyOf(interviewId: string, questionMessageId: string): { questionsDropped: number; continued: number } {
    let history = this.histories.get(questionMessageId);
    if (!history) {
      history = { interviewId, questionsDropped: 0, continued: 0 };
      this.histories.set(questionMessageId, history);
    }
    return history;
  }
}
