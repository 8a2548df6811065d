import { and, desc, eq, isNull } from 'drizzle-orm';
import { systemClock, type Clock } from '../common/clock';
import type { AppDatabase } from '../db/open-database';
import { insertSynced } from '../db/outbox';
import type { DecisionKind } from '../db/schema/enums';
import { interviewDecisions, recruiters } from '../db/schema/index';
import { inTransaction, type MaybeTransaction } from './transaction';

export type DecisionRecord = typeof interviewDecisions.$inferSelect;

export interface DecisionWithName extends DecisionRecord {
  decidedByName: string;
}

export interface NewDecision {
  interviewId: string;
  decidedBy: string;
  decision: DecisionKind;
  note: string;
  decidedAt: string;
  /** What the AI recommended at the time; null when there were no scores. */
  aiRecommendation: DecisionKind | null;
}

/** interview_decisions: added, never changed; the newest is the current decision. */
export class DecisionRepository {
  constructor(
    private readonly store: AppDatabase,
    private readonly clock: Clock = systemClock,
  ) {}

  add(decision: NewDecision, tx?: MaybeTransaction): DecisionRecord {
    return inTransaction(this.store, tx, (t) => insertSynced(t, interviewDecisions, decision, this.clock));
  }

  /** Newest first (ids are UUID v7, so they break ties in time order). */
  listByInterview(interviewId: string): DecisionWithName[] {
    return this.withNames(interviewId);
  }

  /** interview id → its newest decision with the decider's name, for the exports to hiring systems. */
  latestWithNamesByInterview(): Map<string, DecisionWithName> {
    const latest = new Map<string, DecisionWithName>();
    for (const decision of this.withNames(null)) if (!latest.has(decision.interviewId)) latest.set(decision.interviewId, decision);
    return latest;
  }

  /** One interview's decisions, or every interview's (null), newest first. */
  private withNames(interviewId: string | null): DecisionWithName[] {
    const live = isNull(interviewDecisions.deletedAt);
    return this.store.db
      .select({ decision: interviewDecisions, decidedByName: recruiters.fullName })
      .from(interviewDecisions)
      .innerJoin(recruiters, eq(recruiters.id, interviewDecisions.decidedBy))
      .where(interviewId === null ? live : and(eq(interviewDecisions.interviewId, interviewId), live))
      .orderBy(desc(interviewDecisions.decidedAt), desc(interviewDecisions.id))
      .all()
      .map((row) => ({ ...row.decision, decidedByName: row.decidedByName }));
  }

  /** interview id → its newest decision, for the dashboard. */
  latestByInterview(): Map<string, DecisionKind> {
    const rows = this.store.db
      .select({ interviewId: interviewDecisions.interviewId, decision: interviewDecisions.decision })
      .from(interviewDecisions)
      .where(isNull(interviewDecisions.deletedAt))
      .orderBy(desc(interviewDecisions.decidedAt), desc(interviewDecisions.id))
      .all();
    const latest = new Map<string, DecisionKind>();
    for (const row of rows) if (!latest.has(row.interviewId)) latest.set(row.interviewId, row.decision);
    return latest;
  }
}
