import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { staffRoles } from '../../../shared/domain/roles';
import { oneOf, rowVersionCheck, syncColumns } from './columns';

/** Staff accounts: recruiters, admins, viewers and proctors (the specification's Recruiter). */
export const recruiters = sqliteTable(
  'recruiters',
  {
    ...syncColumns(),
    email: text('email').notNull(),
    fullName: text('full_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: staffRoles }).notNull().default('recruiter'),
    organizationId: text('organization_id'),
    lastLoginAt: text('last_login_at'),
    isActive: integer('is_active', { mode: 'boolean' }).notNull().default(true),
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lockedUntil: text('locked_until'),
    /** A proctor's kiosk PIN, bcrypt-hashed like a password (never SEB's unsalted hash); null until they set one. */
    pinHash: text('pin_hash'),
  },
  (t) => [
    uniqueIndex('idx_recruiters_email').on(t.email),
    index('idx_recruiters_organization_id').on(t.organizationId),
    index('idx_recruiters_role').on(t.role),
    check('recruiters_role_check', oneOf('role', staffRoles)),
    check('recruiters_email_lowercase_check', sql.raw('"email" = lower("email")')),
    check('recruiters_failed_login_count_check', sql.raw('"failed_login_count" >= 0')),
    rowVersionCheck('recruiters'),
  ],
);
