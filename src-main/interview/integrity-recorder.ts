import type { IntegrityEventKind } from '../../shared/domain/interview';
import type { Clock } from '../common/clock';
import { nowIso } from '../db/ids';
import type { AppTransaction } from '../db/open-database';
import type { IntegrityEventRepository } from '../repositories/integrity-event-repository';
import type { InterviewRecord, InterviewRepository } from '../repositories/interview-repository';

export type Transact = <T>(work: (tx: AppTransaction) => T) => T;

/**
 * Signals for integrity scoring (focus lost, window hidden, paste, ...).
 * Each is stored with the time main received it; while the interview is
 * going on, it also counts as activity, in the same transaction.
 */
export class IntegrityRecorder {
  constructor(
    private readonly deps: {
      events: IntegrityEventRepository;
      interviews: InterviewRepository;
      transact: Transact;
      clock: Clock;
    },
  ) {}

  record(interview: InterviewRecord, kind: IntegrityEventKind, details: Record<string, string | number | boolean> | undefined): { lastActivityAt: string | null } {
    const now = nowIso(this.deps.clock);
    const live = interview.status === 'in_progress' || interview.status === 'scheduled';
    const session = live ? this.deps.interviews.findSession(interview.id) : null;
    return this.deps.transact((tx) => {
      this.deps.events.record({ interviewId: interview.id, kind, occurredAt: now, details: details ?? null }, tx);
      if (!session) return { lastActivityAt: null };
      return { lastActivityAt: this.deps.interviews.updateSession(session.id, { lastActivityAt: now }, tx).lastActivityAt };
    });
  }
}
