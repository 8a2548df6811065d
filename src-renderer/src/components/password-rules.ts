import type { z } from 'zod';
import { passwordSchema } from '../../../shared/domain/account-rules';

export interface PasswordRule {
  key: string;
  label: string;
}

// Friendlier checklist wording for the rules we know; a rule added to the
// shared schema later still appears, worded by its own message.
const friendlyLabels: Record<string, string> = {
  'too_small:8': 'At least 8 characters',
  'invalid_format:/[A-Z]/': 'An upper-case letter (A–Z)',
  'invalid_format:/[0-9]/': 'A digit (0–9)',
  'invalid_format:/[^A-Za-z0-9]/': 'A special character, like ! or #',
};

function ruleKey(issue: z.core.$ZodIssue): string {
  if (issue.code === 'too_small') return `too_small:${String(issue.minimum)}`;
  if (issue.code === 'invalid_format') return `invalid_format:${issue.pattern ?? issue.format}`;
  return `${issue.code}:${issue.message}`;
}

/**
 * The checklist is read off the shared schema itself (an empty password
 * breaks every rule), so the form can never promise a password main refuses.
 */
export const passwordRules: readonly PasswordRule[] = (passwordSchema.safeParse('').error?.issues ?? []).map((issue) => {
  const key = ruleKey(issue);
  return { key, label: friendlyLabels[key] ?? issue.message };
});

/** Keys of the rules `password` does not meet yet. */
export function unmetPasswordRules(password: string): Set<string> {
  const result = passwordSchema.safeParse(password);
  return new Set((result.error?.issues ?? []).map(ruleKey));
}
