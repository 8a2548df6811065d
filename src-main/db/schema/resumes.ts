import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { jsonText } from '../json-column';
import { parsedDataSchema } from '../json-schemas';
import { candidates } from './candidates';
import { isoNow, oneOf, rowVersionCheck, syncColumns } from './columns';
import { parsingStatuses } from './enums';

export const resumes = sqliteTable(
  'resumes',
  {
    ...syncColumns(),
    candidateId: text('candidate_id')
      .notNull()
      .references(() => candidates.id, { onDelete: 'cascade' }),
    fileUrl: text('file_url').notNull(),
    fileName: text('file_name').notNull(),
    fileSize: integer('file_size').notNull(),
    uploadedAt: text('uploaded_at').notNull().default(isoNow),
    parsedAt: text('parsed_at'),
    parsingStatus: text('parsing_status', { enum: parsingStatuses }).notNull().default('pending'),
    parsedData: jsonText('resumes', 'parsed_data', parsedDataSchema),
    // Why extraction or parsing gave up, in the candidate's words; staff act on failed resumes.
    failureReason: text('failure_reason'),
  },
  (t) => [
    index('idx_resumes_candidate_id').on(t.candidateId),
    index('idx_resumes_parsing_status').on(t.parsingStatus),
    // The specification's GIN index on parsed_data has no SQLite counterpart;
    // queries into it will use json_extract over a candidate's few resumes.
    check('resumes_parsing_status_check', oneOf('parsing_status', parsingStatuses)),
    check('resumes_file_size_check', sql.raw('"file_size" >= 0')),
    rowVersionCheck('resumes'),
  ],
);
