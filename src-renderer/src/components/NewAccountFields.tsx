import { z } from 'zod';
import { emailSchema, fullNameSchema, passwordSchema } from '../../../shared/domain/account-rules';
import { fieldErrorsFromIssues, type FieldErrors } from '../forms';
import { PasswordField } from './PasswordField';
import { TextField } from './TextField';

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

interface NewAccountFieldsProps {
  prefix: string;
  values: NewAccountValues;
  onChange: (values: NewAccountValues) => void;
  errors: FieldErrors;
  /** Staff create accounts for others: the browser must not offer to save those passwords. */
  forSomeoneElse?: boolean;
}

export function NewAccountFields({ prefix, values, onChange, errors, forSomeoneElse = false }: NewAccountFieldsProps) {
  const set = (key: keyof NewAccountValues) => (value: string) => onChange({ ...values, [key]: value });
  return (
    <>
      <TextField
        id={`${prefix}-full-name`}
        label="Full name"
        value={values.fullName}
        onChange={set('fullName')}
        error={errors.fullName}
        autoComplete={forSomeoneElse ? 'off' : 'name'}
        maxLength={255}
      />
      <TextField
        id={`${prefix}-email`}
        label="Email"
        type="email"
        value={values.email}
        onChange={set('email')}
        error={errors.email}
        autoComplete={forSomeoneElse ? 'off' : 'email'}
        spellCheck={false}
        autoCapitalize="off"
        maxLength={254}
      />
      <PasswordField
        id={`${prefix}-password`}
        label="Password"
        value={values.password}
        onChange={set('password')}
        error={errors.password}
        autoComplete={forSomeoneElse ? 'off' : 'new-password'}
        showRules
      />
      <PasswordField
        id={`${prefix}-confirm-password`}
        label="Confirm password"
        value={values.confirmPassword}
        onChange={set('confirmPassword')}
        error={errors.confirmPassword}
        autoComplete={forSomeoneElse ? 'off' : 'new-password'}
      />
    </>
  );
}
