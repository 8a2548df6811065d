import { sql } from 'drizzle-orm';
import { check, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { jsonText } from '../json-column';
import { configurationSummarySchema } from '../json-schemas';
import { rowVersionCheck, syncColumns } from './columns';
import { interviews } from './interviews';

/**
 * The configuration an interview started under (issue 17, "proof of
 * configuration"): the settings that govern a sitting, the app version and
 * the lockdown the shell reported, as canonical JSON, and its SHA-256. Kept
 * apart from `interviews` so the kiosk's later writes to the interview never
 * carry it, and a recruiter can be shown what differed, setting by setting.
 */
export const interviewConfigurations = sqliteTable(
  'interview_configurations',
  {
    ...syncColumns(),
    interviewId: text('interview_id')
      .notNull()
      .references(() => interviews.id, { onDelete: 'cascade' }),
    configurationKey: text('configuration_key').notNull(),
    configuration: jsonText('interview_configurations', 'configuration', configurationSummarySchema).notNull(),
  },
  (t) => [
    uniqueIndex('idx_interview_configurations_interview').on(t.interviewId),
    check('interview_configurations_key_check', sql.raw(`length("configuration_key") = 64`)),
    rowVersionCheck('interview_configurations'),
  ],
);
