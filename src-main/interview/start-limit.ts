import { AppFailure } from '../common/app-failure';
import type { Clock } from '../common/clock';
import { retryAfterText } from '../common/rate-limiter';

const HOUR_MS = 60 * 60_000;

export interface InterviewStartLimitDeps {
  /** The wall clock, which the stored start times are on. */
  clock: Clock;
  /** A clock no one can set (performance.now()): starts made while the app runs are aged by it. */
  monotonicMs: () => number;
  /** When the candidate's interviews started, from `sinceIso` on (times ahead of the clock included). */
  startsOf: (candidateId: string, sinceIso: string) => Array<{ id: string; startedAt: string }>;
  /** The most interview starts allowed in an hour, per candidate and per kiosk (IT's setting). */
  perHour: () => number;
}

interface LedgerEntry {
  interviewId: string;
  candidateId: string;
  monotonicAt: number;
}

/**
 * The specification's limit: at most N interview starts an hour, per
 * candidate and per kiosk, refused with when the next start is possible.
 *
 * Ages are taken on a clock no one can set wherever the app saw the start
 * itself, so setting the system clock forward does not reset the count
 * while the app runs. A candidate's earlier starts (before a restart, or on
 * another device and synced here) come from the database on the wall
 * clock, and one stored ahead of the clock (the clock was set back) counts
 * as just made. The kiosk's own count is kept in memory, on the clock no
 * one can set: a locked kiosk is restarted only by IT.
 */
export class InterviewStartLimit {
  private ledger: LedgerEntry[] = [];

  constructor(private readonly deps: InterviewStartLimitDeps) {}

  /** Refuses (rate_limited) a new interview the candidate or this kiosk may not start yet. */
  check(candidateId: string): void {
    const limit = this.deps.perHour();
    this.forgetOld();
    const candidateAges = this.candidateAges(candidateId);
    if (candidateAges.length >= limit) {
      throw new AppFailure(
        'rate_limited',
        `You have started ${candidateAges.length} interviews in the last hour, the most allowed. You can start another ${retryAfterText(waitFor(candidateAges, limit))}.`,
      );
    }
    const kioskAges = this.ledger.map((entry) => this.deps.monotonicMs() - entry.monotonicAt);
    if (kioskAges.length >= limit) {
      throw new AppFailure(
        'rate_limited',
        `This kiosk has started ${kioskAges.length} interviews in the last hour, the most allowed. The next can start ${retryAfterText(waitFor(kioskAges, limit))}; ask a member of staff if you need help.`,
      );
    }
  }

  /** A new interview was started: it counts for the candidate and the kiosk for the next hour. */
  record(candidateId: string, interviewId: string): void {
    this.ledger.push({ interviewId, candidateId, monotonicAt: this.deps.monotonicMs() });
  }

  /** How long ago each of the candidate's starts of the last hour was made, by the surest clock that knows it. */
  private candidateAges(candidateId: string): number[] {
    const nowMono = this.deps.monotonicMs();
    const ages = new Map<string, number>();
    for (const entry of this.ledger) if (entry.candidateId === candidateId) ages.set(entry.interviewId, nowMono - entry.monotonicAt);
    const now = this.deps.clock.now().getTime();
    for (const start of this.deps.startsOf(candidateId, new Date(now - HOUR_MS).toISOString())) {
      if (!ages.has(start.id)) ages.set(start.id, Math.max(0, now - Date.parse(start.startedAt)));
    }
    return [...ages.values()].filter((age) => age < HOUR_MS);
  }

  private forgetOld(): void {
    const nowMono = this.deps.monotonicMs();
    this.ledger = this.ledger.filter((entry) => nowMono - entry.monotonicAt < HOUR_MS);
  }
}

/** Until enough of the counted starts are an hour old for one more to fit. */
function waitFor(ages: number[], limit: number): number {
  const oldestFirst = [...ages].sort((a, b) => b - a);
  const mustAge = oldestFirst[ages.length - limit]!;
  return Math.max(1000, HOUR_MS - mustAge);
}
