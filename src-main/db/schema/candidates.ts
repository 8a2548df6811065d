import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { oneOf, rowVersionCheck, syncColumns } from './columns';
import { candidateStatuses } from './enums';

export const candidates = sqliteTable(
  'candidates',
  {
    ...syncColumns(),
    email: text('email').notNull(),
    fullName: text('full_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    phone: text('phone'),
    status: text('status', { enum: candidateStatuses }).notNull().default('active'),
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lockedUntil: text('locked_until'),
    lastLoginAt: text('last_login_at'),
  },
  (t) => [
    // Unique on the stored (lower-cased) address, which makes it case-insensitive.
    uniqueIndex('idx_candidates_email').on(t.email),
    index('idx_candidates_status').on(t.status),
    check('candidates_status_check', oneOf('status', candidateStatuses)),
    // Guards against a write path that forgot to lower-case (ASCII only: SQLite's lower()).
    check('candidates_email_lowercase_check', sql.raw('"email" = lower("email")')),
    check('candidates_failed_login_count_check', sql.raw('"failed_login_count" >= 0')),
    rowVersionCheck('candidates'),
  ],
);
