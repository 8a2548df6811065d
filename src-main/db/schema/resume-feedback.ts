import { sql } from 'drizzle-orm';
import { check, index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { jsonText } from '../json-column';
import { identifiedGapsSchema, recommendedResourcesSchema } from '../json-schemas';
import { isoNow, oneOf, rowVersionCheck, syncColumns } from './columns';
import { feedbackStatuses } from './enums';
import { recruiters } from './recruiters';
import { resumes } from './resumes';

export const resumeFeedback = sqliteTable(
  'resume_feedback',
  {
    ...syncColumns(),
    resumeId: text('resume_id')
      .notNull()
      .references(() => resumes.id, { onDelete: 'cascade' }),
    feedbackContent: text('feedback_content').notNull(),
    identifiedGaps: jsonText('resume_feedback', 'identified_gaps', identifiedGapsSchema),
    recommendedResources: jsonText('resume_feedback', 'recommended_resources', recommendedResourcesSchema),
    status: text('status', { enum: feedbackStatuses }).notNull().default('draft'),
    generatedAt: text('generated_at').notNull().default(isoNow),
    approvedAt: text('approved_at'),
    approvedBy: text('approved_by').references(() => recruiters.id),
    sentAt: text('sent_at'),
    autoSendAt: text('auto_send_at'),
  },
  (t) => [
    // One feedback per resume (UNIQUE in the specification).
    uniqueIndex('idx_resume_feedback_resume_id').on(t.resumeId),
    index('idx_resume_feedback_status').on(t.status),
    index('idx_resume_feedback_auto_send').on(t.autoSendAt).where(sql.raw(`"status" = 'pending_approval'`)),
    check('resume_feedback_status_check', oneOf('status', feedbackStatuses)),
    rowVersionCheck('resume_feedback'),
  ],
);
