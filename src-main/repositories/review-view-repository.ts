import { and, eq } from 'drizzle-orm';
import type { ReviewSection } from '../../shared/domain/review-views';
import { systemClock, type Clock } from '../common/clock';
import { newId, nowIso } from '../db/ids';
import type { AppDatabase } from '../db/open-database';
import { reviewSectionViews } from '../db/schema/index';

/** review_section_views: the first time each staff member saw each section of an interview's assessment. */
export class ReviewViewRepository {
  constructor(
    private readonly store: AppDatabase,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Keeps the first view: seeing a section again changes nothing. */
  record(interviewId: string, staffId: string, section: ReviewSection): void {
    this.store.db
      .insert(reviewSectionViews)
      .values({ id: newId(), interviewId, staffId, section, firstViewedAt: nowIso(this.clock) })
      .onConflictDoNothing()
      .run();
  }

  seenBy(interviewId: string, staffId: string): ReviewSection[] {
    return this.store.db
      .select({ section: reviewSectionViews.section })
      .from(reviewSectionViews)
      .where(and(eq(reviewSectionViews.interviewId, interviewId), eq(reviewSectionViews.staffId, staffId)))
      .all()
      .map((row) => row.section);
  }
}
