/**
 * Enrolment codes as people see and type them: 10 characters of Crockford's
 * base32 (digits and capitals without I, L, O and U), shown in two groups of
 * five. The hosted database makes them (sync_admin.issue_enrolment in
 * migrations/postgres/functions/91_enrolment.sql) and keeps only a hash.
 */

export const ENROLMENT_CODE_LENGTH = 10;
const CANONICAL = /^[0-9A-HJKMNP-TV-Z]{10}$/;

/**
 * The code as the database knows it, from what someone typed: any case,
 * spaces and dashes anywhere, and the letters Crockford reads as digits
 * (O as 0; I and L as 1). Null when it cannot be a code at all.
 */
export function normaliseEnrolmentCode(typed: string): string | null {
  const code = typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  return CANONICAL.test(code) ? code : null;
}

/** ABCDE-FGHJK: easier to read out and to check than ten in a row. */
export function formatEnrolmentCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}
