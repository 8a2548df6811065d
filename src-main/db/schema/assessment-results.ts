import { sql } from 'drizzle-orm';
import { check, index, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { jsonText } from '../json-column';
import {
  aiReasoningSchema,
  integrityFlagsSchema,
  recommendedActionsSchema,
  skillBoundaryMapSchema,
  skillScoresSchema,
  strengthsSchema,
  weaknessesSchema,
} from '../json-schemas';
import { isoNow, rowVersionCheck, syncColumns } from './columns';
import { interviews } from './interviews';

const table = 'assessment_results';

export const assessmentResults = sqliteTable(
  table,
  {
    ...syncColumns(),
    interviewId: text('interview_id')
      .notNull()
      .references(() => interviews.id, { onDelete: 'cascade' }),
    // DECIMAL(5,2) in Postgres.
    overallScore: real('overall_score').notNull(),
    skillScores: jsonText(table, 'skill_scores', skillScoresSchema).notNull(),
    skillBoundaryMap: jsonText(table, 'skill_boundary_map', skillBoundaryMapSchema),
    strengths: jsonText(table, 'strengths', strengthsSchema),
    weaknesses: jsonText(table, 'weaknesses', weaknessesSchema),
    integrityScore: real('integrity_score'),
    integrityFlags: jsonText(table, 'integrity_flags', integrityFlagsSchema),
    aiReasoning: jsonText(table, 'ai_reasoning', aiReasoningSchema),
    recommendedActions: jsonText(table, 'recommended_actions', recommendedActionsSchema),
    generatedAt: text('generated_at').notNull().default(isoNow),
  },
  (t) => [
    // One result per interview (UNIQUE in the specification).
    uniqueIndex('idx_assessment_results_interview_id').on(t.interviewId),
    index('idx_assessment_results_overall_score').on(t.overallScore),
    check('assessment_results_overall_score_check', sql.raw('"overall_score" >= 0 AND "overall_score" <= 100')),
    check(
      'assessment_results_integrity_score_check',
      sql.raw('"integrity_score" IS NULL OR ("integrity_score" >= 0 AND "integrity_score" <= 100)'),
    ),
    rowVersionCheck(table),
  ],
);
