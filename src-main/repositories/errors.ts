/**
 * The email belongs to an existing account (emails are compared
 * case-insensitively). The message never repeats the address: it may end up
 * in logs, and callers write their own words for the person at the form.
 */
export class DuplicateEmailError extends Error {
  override readonly name = 'DuplicateEmailError';

  constructor(options?: { cause?: unknown }) {
    super('An account with this email is already registered.', options);
  }
}
