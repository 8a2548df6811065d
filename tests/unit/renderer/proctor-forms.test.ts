import { describe, expect, it } from 'vitest';
import { PIN_RULE } from '../../../shared/domain/proctoring';
import { channels } from '../../../shared/ipc/contract';
import { checkNewPin, checkOpenSitting, emptyOpenSitting, openSittingFieldOrder, type OpenSittingValues } from '../../../src-renderer/src/screens/proctor/proctor-forms';
import { firstInvalidFieldId } from '../../../src-renderer/src/forms';

/** The proctor's forms refuse what main refuses, field by field, before anything is sent. */
describe('a new proctor PIN', () => {
  it('takes 6 to 12 digits typed the same twice, and gives main exactly what it checks', () => {
    expect(checkNewPin('123456', '123456')).toEqual({ ok: true, data: { pin: '123456' } });
    expect(checkNewPin('123456789012', '123456789012').ok).toBe(true);
    expect(channels['proctor.setPin'].input.safeParse({ pin: '123456' }).success).toBe(true);
  });

  it('says what is wrong with each field', () => {
    expect(checkNewPin('12345', '12345')).toEqual({ ok: false, fields: { pin: PIN_RULE } });
    expect(checkNewPin('1234567890123', '1234567890123')).toEqual({ ok: false, fields: { pin: PIN_RULE } });
    expect(checkNewPin('12345a', '12345a')).toEqual({ ok: false, fields: { pin: PIN_RULE } });
    expect(checkNewPin('123456', '')).toEqual({ ok: false, fields: { confirmPin: 'Type the PIN again to confirm it.' } });
    expect(checkNewPin('123456', '123465')).toEqual({ ok: false, fields: { confirmPin: 'The two PINs do not match.' } });
    expect(checkNewPin('', '')).toEqual({ ok: false, fields: { pin: PIN_RULE, confirmPin: 'Type the PIN again to confirm it.' } });
  });
});

describe('opening a sitting', () => {
  const good: OpenSittingValues = { candidateEmail: ' Grace.Okafor@Example.com ', identityCheck: ' passport ', identityConfirmed: true, roleType: 'react', accommodations: [] };

  it('accepts a complete form and sends main the cleaned values', () => {
    expect(checkOpenSitting(good)).toEqual({
      ok: true,
      data: { candidateEmail: 'grace.okafor@example.com', identityCheck: 'passport', identityConfirmed: true, roleType: 'react', accommodations: [] },
    });
  });

  it('sends the accommodations granted, and refuses one granted twice', () => {
    expect(checkOpenSitting({ ...good, accommodations: ['extra_time', 'larger_text'] })).toMatchObject({ ok: true, data: { accommodations: ['extra_time', 'larger_text'] } });
    expect(checkOpenSitting({ ...good, accommodations: ['extra_time', 'extra_time'] })).toMatchObject({ ok: false, fields: { accommodations: 'Grant each accommodation once.' } });
  });

  it('asks for every missing piece in words a proctor can act on, and focus goes to the first', () => {
    const checked = checkOpenSitting(emptyOpenSitting);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.fields).toEqual({
      candidateEmail: 'Enter a valid email address, like name@example.com.',
      identityCheck: 'Say which identity document you checked (for example "passport" or "driving licence").',
      identityConfirmed: 'Confirm that you checked the candidate’s identity document.',
      roleType: 'Choose the interview the candidate is here for.',
    });
    expect(firstInvalidFieldId(openSittingFieldOrder('open-sitting'), checked.fields)).toBe('open-sitting-email');
  });

  it('refuses an unchecked identity alone', () => {
    const checked = checkOpenSitting({ ...good, identityConfirmed: false });
    expect(checked).toEqual({ ok: false, fields: { identityConfirmed: 'Confirm that you checked the candidate’s identity document.' } });
  });
});
