import { z } from 'zod';
import { singleLineText } from './safe-text';

/**
 * The specification's account rules, in one place so the form (as the user
 * types) and main (as the authority) judge input the same way.
 */
export const EMAIL_MAX = 254;
export const NAME_MAX = 255;
export const PASSWORD_MAX = 128;

export const emailSchema = z
  .string()
  .trim()
  .max(EMAIL_MAX, 'Email is too long.')
  .pipe(z.email('Enter a valid email address, like name@example.com.'))
  .transform((email) => email.toLowerCase());

export const passwordSchema = z
  .string()
  .min(8, 'Password needs at least 8 characters.')
  .max(PASSWORD_MAX, `Password can be at most ${PASSWORD_MAX} characters.`)
  .regex(/[A-Z]/, 'Password needs an upper-case letter.')
  .regex(/[0-9]/, 'Password needs a digit.')
  .regex(/[^A-Za-z0-9]/, 'Password needs a special character, like ! or #.');

/**
 * Stored as NFC, and refused if it carries a control character, a
 * text-direction control or an invisible character (see safe-text.ts): a
 * recruiter is shown exactly the name that is stored.
 */
export const fullNameSchema = singleLineText({
  label: 'Full name',
  // Persian and several Indic scripts spell names with the zero-width (non-)joiner.
  allowJoiners: true,
  min: 2,
  max: NAME_MAX,
  minMessage: 'Full name needs at least 2 characters.',
  maxMessage: 'Full name is too long.',
});

/** A password typed at sign-in is only bounded, never judged: old rules may differ. */
export const signInPasswordSchema = z.string().min(1, 'Enter your password.').max(PASSWORD_MAX);

export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MINUTES = 15;
export const SESSION_HOURS = 24;
export const BCRYPT_COST = 12;
