import { sql } from 'drizzle-orm';
import { check, index, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { jsonText } from '../json-column';
import {
  aiReasoningSchema,
  integrityFlagsSchema,
  passOutcomesSchema,
  recommendedActionsSchema,
  skillBoundaryMapSchema,
  skillScoresSchema,
  strengthsSchema,
  weaknessesSchema,
} from '../json-schemas';
import { isoNow, oneOf, rowVersionCheck, syncColumns } from './columns';
import { assessmentStatuses } from './enums';
import { interviews } from './interviews';

const table = 'assessment_results';

export const assessmentResults = sqliteTable(
  table,
  {
    ...syncColumns(),
    interviewId: text('interview_id')
      .notNull()
      .references(() => interviews.id, { onDelete: 'cascade' }),
    // DECIMAL(5,2) in Postgres. NOT NULL in the specification; null here only
    // while the assessment is 'failed' (the technical pass that gives the
    // scores failed and the other passes' results are kept for a retry).
    overallScore: real('overall_score'),
    skillScores: jsonText(table, 'skill_scores', skillScoresSchema).notNull(),
    skillBoundaryMap: jsonText(table, 'skill_boundary_map', skillBoundaryMapSchema),
    strengths: jsonText(table, 'strengths', strengthsSchema),
    weaknesses: jsonText(table, 'weaknesses', weaknessesSchema),
    integrityScore: real('integrity_score'),
    integrityFlags: jsonText(table, 'integrity_flags', integrityFlagsSchema),
    aiReasoning: jsonText(table, 'ai_reasoning', aiReasoningSchema),
    recommendedActions: jsonText(table, 'recommended_actions', recommendedActionsSchema),
    generatedAt: text('generated_at').notNull().default(isoNow),
    // Not in the specification: its "partial success ... flag incomplete
    // sections" needs to say which passes are stored and which failed.
    status: text('status', { enum: assessmentStatuses }).notNull().default('complete'),
    passOutcomes: jsonText(table, 'pass_outcomes', passOutcomesSchema),
    integritySummary: text('integrity_summary'),
  },
  (t) => [
    // One result per interview (UNIQUE in the specification).
    uniqueIndex('idx_assessment_results_interview_id').on(t.interviewId),
    index('idx_assessment_results_overall_score').on(t.overallScore),
    check('assessment_results_overall_score_check', sql.raw('"overall_score" IS NULL OR ("overall_score" >= 0 AND "overall_score" <= 100)')),
    check('assessment_results_status_check', oneOf('status', assessmentStatuses)),
    // Scores exist exactly when the assessment has not failed.
    check('assessment_results_failed_has_no_score_check', sql.raw(`("status" = 'failed') = ("overall_score" IS NULL)`)),
    check(
      'assessment_results_integrity_score_check',
      sql.raw('"integrity_score" IS NULL OR ("integrity_score" >= 0 AND "integrity_score" <= 100)'),
    ),
    rowVersionCheck(table),
  ],
);
