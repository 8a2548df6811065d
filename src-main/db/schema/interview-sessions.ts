import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { jsonText } from '../json-column';
import { conversationMemorySchema, progressionStateSchema, skillBoundariesIdentifiedSchema } from '../json-schemas';
import { isoNow, oneOf, rowVersionCheck, syncColumns } from './columns';
import { difficultyLevels } from './enums';
import { interviews } from './interviews';

export const interviewSessions = sqliteTable(
  'interview_sessions',
  {
    ...syncColumns(),
    interviewId: text('interview_id')
      .notNull()
      .references(() => interviews.id, { onDelete: 'cascade' }),
    conversationMemory: jsonText('interview_sessions', 'conversation_memory', conversationMemorySchema),
    currentDifficultyLevel: text('current_difficulty_level', { enum: difficultyLevels }).notNull().default('warmup'),
    questionsAskedCount: integer('questions_asked_count').notNull().default(0),
    skillBoundariesIdentified: jsonText(
      'interview_sessions',
      'skill_boundaries_identified',
      skillBoundariesIdentifiedSchema,
    ),
    progressionState: jsonText('interview_sessions', 'progression_state', progressionStateSchema),
    lastActivityAt: text('last_activity_at').notNull().default(isoNow),
  },
  (t) => [
    // One session per interview (UNIQUE in the specification).
    uniqueIndex('idx_interview_sessions_interview_id').on(t.interviewId),
    index('idx_interview_sessions_last_activity').on(t.lastActivityAt),
    check('interview_sessions_current_difficulty_level_check', oneOf('current_difficulty_level', difficultyLevels)),
    check('interview_sessions_questions_asked_count_check', sql.raw('"questions_asked_count" >= 0')),
    rowVersionCheck('interview_sessions'),
  ],
);
