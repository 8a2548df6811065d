import { and, asc, eq, gte, isNull, lt } from 'drizzle-orm';
import type { RoleType } from '../../shared/domain/interview';
import type { AppDatabase } from '../db/open-database';
import { assessmentResults, interviews } from '../db/schema/index';

/** A submitted interview's outcome, as the bias report counts it: no name, no answers. */
export interface InterviewOutcome {
  interviewId: string;
  candidateId: string;
  completedAt: string;
  /** Null when scoring failed or has not run. */
  overallScore: number | null;
}

/** The submitted interviews of a role completed in a period, for the bias report (compliance/bias). */
export class BiasOutcomeRepository {
  constructor(private readonly store: AppDatabase) {}

  /** Completed in [from, to), oldest first; both ISO-8601. */
  completed(roleType: RoleType, from: string, to: string): InterviewOutcome[] {
    return this.store.db
      .select({ interviewId: interviews.id, candidateId: interviews.candidateId, completedAt: interviews.completedAt, overallScore: assessmentResults.overallScore })
      .from(interviews)
      .leftJoin(assessmentResults, and(eq(assessmentResults.interviewId, interviews.id), isNull(assessmentResults.deletedAt)))
      .where(
        and(
          eq(interviews.roleType, roleType),
          eq(interviews.status, 'completed'),
          isNull(interviews.deletedAt),
          gte(interviews.completedAt, from),
          lt(interviews.completedAt, to),
        ),
      )
      .orderBy(asc(interviews.completedAt), asc(interviews.id))
      .all()
      .map((row) => ({ ...row, completedAt: row.completedAt! }));
  }
}
