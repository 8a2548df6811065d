import { check, index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { raceEthnicityCategories, sexCategories } from '../../../shared/domain/self-identification';
import { candidates } from './candidates';
import { oneOf, rowVersionCheck, syncColumns } from './columns';

/**
 * A candidate's voluntary self-identification for bias monitoring (issue
 * 18, point 6): sex and race/ethnicity in the EEO-1 categories, either left
 * out (null) when they chose not to say. Rows are only added; the newest per
 * candidate counts. Kept apart on purpose: no scoring input, prompt, review
 * screen or export other than the bias report reads this table. Synced so
 * the bias report on a laptop or the hosted database sees every kiosk's.
 */
export const selfIdentifications = sqliteTable(
  'self_identifications',
  {
    ...syncColumns(),
    candidateId: text('candidate_id')
      .notNull()
      .references(() => candidates.id),
    kioskId: text('kiosk_id').notNull(),
    sex: text('sex', { enum: sexCategories }),
    raceEthnicity: text('race_ethnicity', { enum: raceEthnicityCategories }),
    answeredAt: text('answered_at').notNull(),
  },
  (t) => [
    index('idx_self_identifications_candidate').on(t.candidateId, t.answeredAt),
    // A NULL passes a CHECK: "not given" is allowed, anything else must be a category.
    check('self_identifications_sex_check', oneOf('sex', sexCategories)),
    check('self_identifications_race_ethnicity_check', oneOf('race_ethnicity', raceEthnicityCategories)),
    rowVersionCheck('self_identifications'),
  ],
);
