import { sql } from 'drizzle-orm';
import { check, index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { consentChoices, type NoticeLanguage } from '../../../shared/domain/consent';
import { candidates } from './candidates';
import { oneOf, rowVersionCheck, syncColumns } from './columns';
import { proctorSittings } from './proctor-sittings';

/**
 * A candidate's answer to the notice shown before an AI interview (issue
 * 18, point 1): which notice (version, language and the SHA-256 of the text
 * as shown), their choice, when, at which kiosk and in which sitting. Rows
 * are only ever added: a new notice version, or a candidate who changes
 * their mind, is a new row, so the history of what was agreed stays whole.
 * Synced so that staff on laptops see declines and accommodation requests
 * to follow up.
 */
export const consentRecords = sqliteTable(
  'consent_records',
  {
    ...syncColumns(),
    candidateId: text('candidate_id')
      .notNull()
      .references(() => candidates.id),
    kioskId: text('kiosk_id').notNull(),
    sittingId: text('sitting_id').references(() => proctorSittings.id),
    noticeVersion: text('notice_version').notNull(),
    // Not a CHECK on the list: a new language is a folder of notices, not a table rebuild.
    noticeLanguage: text('notice_language').$type<NoticeLanguage>().notNull(),
    noticeSha256: text('notice_sha256').notNull(),
    choice: text('choice', { enum: consentChoices }).notNull(),
    answeredAt: text('answered_at').notNull(),
  },
  (t) => [
    index('idx_consent_records_candidate').on(t.candidateId, t.answeredAt),
    index('idx_consent_records_choice').on(t.choice, t.answeredAt),
    check('consent_records_choice_check', oneOf('choice', consentChoices)),
    check('consent_records_notice_language_check', sql.raw('length("notice_language") BETWEEN 2 AND 8')),
    check('consent_records_notice_version_check', sql.raw('length("notice_version") BETWEEN 2 AND 7')),
    check('consent_records_notice_sha256_check', sql.raw(`length("notice_sha256") = 64`)),
    rowVersionCheck('consent_records'),
  ],
);
