import type { IntegrityEventKind } from '../../shared/domain/interview';
import { INTEGRITY_EVENTS_PER_INTERVIEW, INTEGRITY_EVENTS_PER_MINUTE } from '../../shared/domain/interview';
import { AppFailure } from '../common/app-failure';
import type { Clock } from '../common/clock';
import { RateLimiter, retryAfterText } from '../common/rate-limiter';
import { nowIso } from '../db/ids';
import type { AppTransaction } from '../db/open-database';
import type { IntegrityEventRepository } from '../repositories/integrity-event-repository';
import type { InterviewRecord, InterviewRepository } from '../repositories/interview-repository';

export type Transact = <T>(work: (tx: AppTransaction) => T) => T;

export type IntegrityDetails = Record<string, string | number | boolean>;

/**
 * Signals for integrity scoring (focus lost, window hidden, paste, ...).
 * Each is stored with the time main received it; while the interview is
 * going on, it also counts as activity, in the same transaction.
 *
 * Only an interview in progress takes them (the caller checks), at most
 * INTEGRITY_EVENTS_PER_MINUTE a minute and INTEGRITY_EVENTS_PER_INTERVIEW in
 * all: the table is synced, and a page in a loop must not fill it.
 */
export class IntegrityRecorder {
  private readonly perMinute: RateLimiter;
  /** Events stored per interview, counted from the database the first time the interview is seen. */
  private readonly totals = new Map<string, number>();

  constructor(
    private readonly deps: {
      events: IntegrityEventRepository;
      interviews: InterviewRepository;
      transact: Transact;
      clock: Clock;
    },
  ) {
    this.perMinute = new RateLimiter({ count: INTEGRITY_EVENTS_PER_MINUTE, windowMs: 60_000 }, deps.clock);
  }

  /** Throws AppFailure ('too_large' or 'rate_limited') when this interview may not take another event now. */
  record(interview: InterviewRecord, kind: IntegrityEventKind, details: IntegrityDetails | undefined): { lastActivityAt: string | null } {
    const total = this.totals.get(interview.id) ?? this.deps.events.listForInterview(interview.id).length;
    if (total >= INTEGRITY_EVENTS_PER_INTERVIEW) {
      this.totals.set(interview.id, total);
      throw new AppFailure(
        'too_large',
        `This interview already has ${INTEGRITY_EVENTS_PER_INTERVIEW.toLocaleString('en-GB')} integrity events, the most one interview keeps; no more are recorded.`,
      );
    }
    const decision = this.perMinute.take(interview.id);
    if (!decision.allowed) {
      throw new AppFailure(
        'rate_limited',
        `Too many integrity events: at most ${INTEGRITY_EVENTS_PER_MINUTE} a minute per interview. Try again ${retryAfterText(decision.retryAfterMs)}.`,
      );
    }
    const now = nowIso(this.deps.clock);
    const live = interview.status === 'in_progress' || interview.status === 'scheduled';
    const session = live ? this.deps.interviews.findSession(interview.id) : null;
    const result = this.deps.transact((tx) => {
      this.deps.events.record({ interviewId: interview.id, kind, occurredAt: now, details: details ?? null }, tx);
      if (!session) return { lastActivityAt: null };
      return { lastActivityAt: this.deps.interviews.updateSession(session.id, { lastActivityAt: now }, tx).lastActivityAt };
    });
    this.totals.set(interview.id, total + 1);
    return result;
  }

  /** The interview is over: its counts are not needed again. */
  forget(interviewId: string): void {
    this.totals.delete(interviewId);
    this.perMinute.forget(interviewId);
  }
}
