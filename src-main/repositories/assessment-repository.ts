import { and, desc, eq, isNull } from 'drizzle-orm';
import { systemClock, type Clock } from '../common/clock';
import type { AppDatabase } from '../db/open-database';
import { insertSynced, updateSynced } from '../db/outbox';
import { assessmentResults, candidates, interviews } from '../db/schema/index';
import { inTransaction, type MaybeTransaction } from './transaction';

export type AssessmentRecord = typeof assessmentResults.$inferSelect;

/** The columns scoring writes; the row's id, versions and times are the repository's. */
export type AssessmentContent = Omit<AssessmentRecord, 'id' | 'createdAt' | 'updatedAt' | 'rowVersion' | 'deletedAt'>;

/** One interview as the review dashboard lists it, with its candidate and, once scored, its assessment. */
export interface ReviewRow {
  interview: typeof interviews.$inferSelect;
  candidateName: string;
  candidateEmail: string;
  assessment: AssessmentRecord | null;
}

/** assessment_results: one row per interview, rewritten in place when failed passes are retried. */
export class AssessmentRepository {
  constructor(
    private readonly store: AppDatabase,
    private readonly clock: Clock = systemClock,
  ) {}

  findByInterview(interviewId: string, tx?: MaybeTransaction): AssessmentRecord | null {
    const db = tx ?? this.store.db;
    return (
      db
        .select()
        .from(assessmentResults)
        .where(and(eq(assessmentResults.interviewId, interviewId), isNull(assessmentResults.deletedAt)))
        .get() ?? null
    );
  }

  /** Inserts the interview's assessment, or replaces the content of the one it has (a retry). */
  save(content: AssessmentContent, tx?: MaybeTransaction): AssessmentRecord {
    return inTransaction(this.store, tx, (t) => {
      const existing = this.findByInterview(content.interviewId, t);
      if (!existing) return insertSynced(t, assessmentResults, content, this.clock);
      const updated = updateSynced(t, assessmentResults, existing.id, content, this.clock);
      if (!updated) throw new Error(`Assessment ${existing.id} is gone.`);
      return updated;
    });
  }

  /** Every live interview, newest first; the service filters and sorts (a device holds hundreds, not millions). */
  listForReview(): ReviewRow[] {
    return this.store.db
      .select({ interview: interviews, candidateName: candidates.fullName, candidateEmail: candidates.email, assessment: assessmentResults })
      .from(interviews)
      .innerJoin(candidates, eq(candidates.id, interviews.candidateId))
      .leftJoin(assessmentResults, and(eq(assessmentResults.interviewId, interviews.id), isNull(assessmentResults.deletedAt)))
      .where(isNull(interviews.deletedAt))
      .orderBy(desc(interviews.createdAt), desc(interviews.id))
      .all();
  }

  findForReview(interviewId: string): ReviewRow | null {
    return (
      this.store.db
        .select({ interview: interviews, candidateName: candidates.fullName, candidateEmail: candidates.email, assessment: assessmentResults })
        .from(interviews)
        .innerJoin(candidates, eq(candidates.id, interviews.candidateId))
        .leftJoin(assessmentResults, and(eq(assessmentResults.interviewId, interviews.id), isNull(assessmentResults.deletedAt)))
        .where(and(eq(interviews.id, interviewId), isNull(interviews.deletedAt)))
        .get() ?? null
    );
  }
}
