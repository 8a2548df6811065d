import { check, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { reviewSections } from '../../../shared/domain/review-views';
import { oneOf } from './columns';
import { interviews } from './interviews';
import { recruiters } from './recruiters';

/**
 * Which sections of an interview's assessment each staff member has seen
 * on this device, and when first (issue 18, point 2): a decision is taken
 * where the evidence was read, so this is the device's own record and does
 * not sync.
 */
export const reviewSectionViews = sqliteTable(
  'review_section_views',
  {
    id: text('id').primaryKey(),
    interviewId: text('interview_id')
      .notNull()
      .references(() => interviews.id, { onDelete: 'cascade' }),
    staffId: text('staff_id')
      .notNull()
      .references(() => recruiters.id),
    section: text('section', { enum: reviewSections }).notNull(),
    firstViewedAt: text('first_viewed_at').notNull(),
  },
  (t) => [
    uniqueIndex('idx_review_section_views_seen').on(t.interviewId, t.staffId, t.section),
    check('review_section_views_section_check', oneOf('section', reviewSections)),
  ],
);
