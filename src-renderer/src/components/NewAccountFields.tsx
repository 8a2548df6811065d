import type { FieldErrors } from '../forms';
import type { NewAccountValues } from '../new-account';
import { PasswordField } from './PasswordField';
import { TextField } from './TextField';

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
