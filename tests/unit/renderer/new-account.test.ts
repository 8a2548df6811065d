import { describe, expect, it } from 'vitest';
import { PASSWORD_MAX } from '../../../shared/domain/account-rules';
import { channels } from '../../../shared/ipc/contract';
import { passwordRules, unmetPasswordRules } from '../../../src-renderer/src/components/password-rules';
import { clientFeedback, fieldErrorsFromIssues, firstInvalidFieldId, serverFeedback } from '../../../src-renderer/src/forms';
import { emptyNewAccount, newAccountFieldOrder, validateNewAccount, type NewAccountValues } from '../../../src-renderer/src/new-account';

/**
 * The new-account form (candidate registration, first admin, staff accounts):
 * it must refuse in the form what main would refuse, say so field by field,
 * and send focus to the first field to fix.
 */

const good: NewAccountValues = { fullName: 'Casey Candidate', email: '  Casey@Example.COM ', password: 'Correct-Horse-9', confirmPassword: 'Correct-Horse-9' };

describe('validateNewAccount', () => {
  it('accepts a good account and gives main exactly what main would take from it (trimmed, lower-case email)', () => {
    const result = validateNewAccount(good);
    expect(result).toEqual({ ok: true, data: { fullName: 'Casey Candidate', email: 'casey@example.com', password: 'Correct-Horse-9' } });
    // What main's dispatcher checks for registration, from the same contract.
    const { confirmPassword: _confirm, ...input } = good;
    expect(channels['auth.registerCandidate'].input.safeParse(input).success).toBe(true);
  });

  it('refuses what main refuses, one message per field, and asks for the confirmation the form alone can check', () => {
    const cases: NewAccountValues[] = [
      { ...good, email: 'not-an-email' },
      { ...good, fullName: 'C' },
      { ...good, password: 'short1!', confirmPassword: 'short1!' },
      { ...good, password: 'nouppercase-9', confirmPassword: 'nouppercase-9' },
      { ...good, password: `A1!${'x'.repeat(PASSWORD_MAX)}`, confirmPassword: `A1!${'x'.repeat(PASSWORD_MAX)}` },
    ];
    for (const values of cases) {
      const result = validateNewAccount(values);
      expect(result.ok, JSON.stringify(values).slice(0, 80)).toBe(false);
      const { confirmPassword: _confirm, ...input } = values;
      expect(channels['auth.registerCandidate'].input.safeParse(input).success).toBe(false);
    }

    const empty = validateNewAccount(emptyNewAccount);
    expect(empty.ok).toBe(false);
    if (empty.ok) return;
    expect(Object.keys(empty.fields).sort()).toEqual(['confirmPassword', 'email', 'fullName', 'password']);
    expect(empty.fields.confirmPassword).toBe('Type the password again to confirm it.');
    // The first problem only: "at least 8 characters", not every rule an empty password breaks.
    expect(empty.fields.password).toBe('Password needs at least 8 characters.');

    const mismatch = validateNewAccount({ ...good, confirmPassword: 'Correct-Horse-8' });
    expect(mismatch).toEqual({ ok: false, fields: { confirmPassword: 'The two passwords do not match.' } });
  });

  it('sends focus to the first field to fix, in the order the form shows them', () => {
    const order = newAccountFieldOrder('register');
    expect(order.map(([, id]) => id)).toEqual(['register-full-name', 'register-email', 'register-password', 'register-confirm-password']);
    expect(firstInvalidFieldId(order, { confirmPassword: 'x', email: 'y' })).toBe('register-email');
    expect(firstInvalidFieldId(order, {})).toBeNull();
  });
});

describe('form feedback', () => {
  it('words the alert for one field or several, and keeps main’s own message and field errors', () => {
    expect(clientFeedback({ email: 'Enter a valid email address.' })).toMatchObject({ code: 'client', message: 'Please correct the field marked below.' });
    expect(clientFeedback({ email: 'x', password: 'y' }).message).toBe('Please correct the fields marked below.');
    const server = serverFeedback({ code: 'conflict', message: 'This email is already registered. Sign in instead.', fields: { email: 'This email is already registered.' } });
    expect(server).toEqual({ code: 'conflict', message: 'This email is already registered. Sign in instead.', fields: { email: 'This email is already registered.' } });
    expect(serverFeedback({ code: 'internal', message: 'Something went wrong.' }).fields).toEqual({});
  });

  it('keys nested settings fields by their dotted path and keeps the first message of each', () => {
    const parsed = channels['auth.registerCandidate'].input.safeParse({ email: '', password: '', fullName: '' });
    expect(parsed.success).toBe(false);
    const fields = fieldErrorsFromIssues([
      { code: 'custom', path: ['smtp', 'port'], message: 'Port must be 1 to 65535.', input: 0 },
      { code: 'custom', path: ['smtp', 'port'], message: 'A second problem with the same field.', input: 0 },
      ...(parsed.error?.issues ?? []),
    ]);
    expect(fields['smtp.port']).toBe('Port must be 1 to 65535.');
    expect(Object.keys(fields)).toEqual(expect.arrayContaining(['email', 'password', 'fullName']));
  });
});

describe('the password checklist', () => {
  it('lists the specification’s rules in plain words, read off the same rules main applies', () => {
    expect(passwordRules.map((rule) => rule.label)).toEqual([
      'At least 8 characters',
      'An upper-case letter (A–Z)',
      'A digit (0–9)',
      'A special character, like ! or #',
    ]);
  });

  it('ticks each rule off as the password meets it', () => {
    const labelsOf = (password: string) => passwordRules.filter((rule) => unmetPasswordRules(password).has(rule.key)).map((rule) => rule.label);
    expect(labelsOf('')).toHaveLength(4);
    expect(labelsOf('abcdefgh')).toEqual(['An upper-case letter (A–Z)', 'A digit (0–9)', 'A special character, like ! or #']);
    expect(labelsOf('Abcdefg1')).toEqual(['A special character, like ! or #']);
    expect(labelsOf('Correct-Horse-9')).toEqual([]);
    // A password every listed rule accepts can still be too long; the form's submit check (above) refuses it.
    expect(labelsOf(`A1!${'x'.repeat(PASSWORD_MAX)}`)).toEqual([]);
    expect(unmetPasswordRules(`A1!${'x'.repeat(PASSWORD_MAX)}`).size).toBe(1);
  });
});
