import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { isoNow } from './columns';
import { interviewMessages } from './interview-messages';
import { interviews } from './interviews';

/**
 * The segments of an answer still being given, one row each, so an answer
 * half-recorded when the kiosk stopped is carried on after a restart
 * instead of lost (issue 19, point 5). The audio itself is in the content
 * store (stored_files names it; its format is in its own WAV header). Rows
 * go when the answer is saved as one message or discarded. Device-local,
 * not synced: until it is saved, an answer is not part of the record.
 */
export const answerSegments = sqliteTable(
  'answer_segments',
  {
    id: text('id').primaryKey(),
    interviewId: text('interview_id')
      .notNull()
      .references(() => interviews.id, { onDelete: 'cascade' }),
    questionMessageId: text('question_message_id')
      .notNull()
      .references(() => interviewMessages.id, { onDelete: 'cascade' }),
    segmentIndex: integer('segment_index').notNull(),
    startedAfterQuestionMs: integer('started_after_question_ms').notNull(),
    endedAfterQuestionMs: integer('ended_after_question_ms').notNull(),
    contentHash: text('content_hash').notNull(),
    relativePath: text('relative_path').notNull(),
    createdAt: text('created_at').notNull().default(isoNow),
  },
  (t) => [
    // A resend of the same index (the renderer retrying) replaces the first copy, as it does in memory.
    uniqueIndex('idx_answer_segments_answer').on(t.interviewId, t.questionMessageId, t.segmentIndex),
    index('idx_answer_segments_question').on(t.questionMessageId),
    check('answer_segments_index_check', sql.raw('"segment_index" >= 0')),
    check('answer_segments_timing_check', sql.raw('"started_after_question_ms" >= 0 AND "ended_after_question_ms" >= "started_after_question_ms"')),
  ],
);
