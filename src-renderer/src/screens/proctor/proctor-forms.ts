import { roleTypes, type RoleType } from '../../../../shared/domain/interview';
import { pinSchema, type Accommodation } from '../../../../shared/domain/proctoring';
import { channels, type ChannelInput } from '../../../../shared/ipc/contract';
import { fieldErrorsFromIssues, type FieldErrors } from '../../forms';

/* The proctor's two forms, checked with main's own rules before they are sent, plus what only a form can check. */

export type Checked<T> = { ok: true; data: T } | { ok: false; fields: FieldErrors };

/** A new PIN, typed twice: a PIN mistyped once would lock its owner out of their own sittings. */
export function checkNewPin(pin: string, confirmPin: string): Checked<{ pin: string }> {
  const parsed = pinSchema.safeParse(pin);
  const fields: FieldErrors = parsed.success ? {} : { pin: parsed.error.issues[0]?.message ?? 'Enter a PIN.' };
  if (!confirmPin) fields.confirmPin = 'Type the PIN again to confirm it.';
  else if (confirmPin !== pin) fields.confirmPin = 'The two PINs do not match.';
  return parsed.success && Object.keys(fields).length === 0 ? { ok: true, data: { pin: parsed.data } } : { ok: false, fields };
}

export interface OpenSittingValues {
  candidateEmail: string;
  identityCheck: string;
  identityConfirmed: boolean;
  /** Empty until the proctor chooses: the role is theirs to check, not a default to overlook. */
  roleType: RoleType | '';
  /** None unless the proctor grants them. */
  accommodations: Accommodation[];
}

export const emptyOpenSitting: OpenSittingValues = { candidateEmail: '', identityCheck: '', identityConfirmed: false, roleType: '', accommodations: [] };

const CHOOSE_ROLE = 'Choose the interview the candidate is here for.';

export function checkOpenSitting(values: OpenSittingValues): Checked<ChannelInput<'proctor.openSitting'>> {
  const parsed = channels['proctor.openSitting'].input.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fields = fieldErrorsFromIssues(parsed.error.issues);
  // zod's own words for a missing choice list the ids; the proctor needs an instruction.
  if (!roleTypes.includes(values.roleType as RoleType)) fields.roleType = CHOOSE_ROLE;
  return { ok: false, fields };
}

/** Each field's element id, in the form's order: where focus goes after a refused submit. */
export function openSittingFieldOrder(prefix: string): [string, string][] {
  return [
    ['candidateEmail', `${prefix}-email`],
    ['identityCheck', `${prefix}-identity`],
    ['identityConfirmed', `${prefix}-confirmed`],
    ['roleType', `${prefix}-role`],
  ];
}
