import { z } from 'zod';
import { emailSchema, fullNameSchema, passwordSchema } from '../../shared/domain/account-rules';
import { fieldErrorsFromIssues, type FieldErrors } from './forms';

/* A new account's form values and their checks: used by the NewAccountFields component and the useNewAccountForm hook. */

export interface NewAccountValues {
  fullName: string;
  email: string;
  password: string;
  confirmPassword: string;
}

export const emptyNewAccount: NewAccountValues = { fullName: '', email: '', password: '', confirmPassword: '' };

const newAccountSchema = z.object({ fullName: fullNameSchema, email: emailSchema, password: passwordSchema });

export type NewAccount = z.output<typeof newAccountSchema>;

/** The same shared rules main applies, plus the confirmation only a form can check. */
export function validateNewAccount(values: NewAccountValues): { ok: true; data: NewAccount } | { ok: false; fields: FieldErrors } {
  const parsed = newAccountSchema.safeParse(values);
  const fields = parsed.success ? {} : fieldErrorsFromIssues(parsed.error.issues);
  if (!values.confirmPassword) fields.confirmPassword = 'Type the password again to confirm it.';
  else if (values.confirmPassword !== values.password) fields.confirmPassword = 'The two passwords do not match.';
  if (parsed.success && Object.keys(fields).length === 0) return { ok: true, data: parsed.data };
  return { ok: false, fields };
}

export function newAccountFieldOrder(prefix: string): [string, string][] {
  return [
    ['fullName', `${prefix}-full-name`],
    ['email', `${prefix}-email`],
    ['password', `${prefix}-password`],
    ['confirmPassword', `${prefix}-confirm-password`],
  ];
}
