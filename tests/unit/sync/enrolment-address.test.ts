import { describe, expect, it } from 'vitest';
import {
  deviceEndpointFor,
  enrolmentAddress,
  enrolmentLine,
  EnrolmentInputError,
  parseEnrolmentInput,
} from '../../../src-main/sync/enrolment/enrolment-address';
import { formatEnrolmentCode, normaliseEnrolmentCode } from '../../../src-main/sync/enrolment/enrolment-code';

function inputError(run: () => unknown): EnrolmentInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof EnrolmentInputError) return error;
    throw error;
  }
  throw new Error('expected an EnrolmentInputError');
}

describe('enrolment codes as people type them', () => {
  it('reads any case, spaces and dashes, and the letters Crockford reads as digits', () => {
    expect(normaliseEnrolmentCode('7kq2m-xh4td')).toBe('7KQ2MXH4TD');
    expect(normaliseEnrolmentCode(' 7KQ2M XH4TD ')).toBe('7KQ2MXH4TD');
    expect(normaliseEnrolmentCode('OIL2M-XH4TD')).toBe('0112MXH4TD');
    expect(formatEnrolmentCode('7KQ2MXH4TD')).toBe('7KQ2M-XH4TD');
  });

  it('is not a code with a U, too few or too many characters, or other signs', () => {
    for (const typed of ['7KQ2M-XH4TU', '7KQ2M-XH4T', '7KQ2M-XH4TDD', '7KQ2M_XH4TD', '']) expect(normaliseEnrolmentCode(typed), typed).toBeNull();
  });
});

describe('the address IT hands the device', () => {
  it('is the host, with the port, database and options only when they are not the defaults, and never a user or password', () => {
    expect(enrolmentAddress('postgres://owner:s3cret@db.example.com:5432/postgres')).toBe('db.example.com');
    expect(enrolmentAddress('postgresql://owner:s3cret@db.example.com:6543/kiosk?sslmode=require')).toBe('db.example.com:6543/kiosk?sslmode=require');
    // Supabase's pooler routes by the user name's suffix: the enrolment login needs it too.
    expect(enrolmentAddress('postgresql://postgres.abcdefghij:pw@aws-0-eu.pooler.supabase.com:5432/postgres')).toBe(
      'kiosk_enrolment.abcdefghij@aws-0-eu.pooler.supabase.com',
    );
  });

  it('comes back from what is typed, as the enrolment login at that database, and gives the device endpoint with its own user', () => {
    const { target, code } = parseEnrolmentInput('db.example.com:6543/kiosk?sslmode=require', '7kq2m-xh4td');
    expect(code).toBe('7KQ2MXH4TD');
    expect(target).toEqual({ enrolmentUrl: 'postgresql://kiosk_enrolment@db.example.com:6543/kiosk?sslmode=require', hostLabel: 'db.example.com:6543' });
    expect(deviceEndpointFor(target, 'kiosk_dev_0123456789ab')).toBe('postgresql://kiosk_dev_0123456789ab@db.example.com:6543/kiosk?sslmode=require');
    // Defaults filled in; a pooler's routing kept on the device's user.
    expect(parseEnrolmentInput('db.example.com', '7KQ2MXH4TD').target.enrolmentUrl).toBe('postgresql://kiosk_enrolment@db.example.com:5432/postgres');
    const pooled = parseEnrolmentInput('kiosk_enrolment.abcdefghij@aws-0-eu.pooler.supabase.com', '7KQ2MXH4TD').target;
    expect(deviceEndpointFor(pooled, 'kiosk_dev_0123456789ab')).toBe('postgresql://kiosk_dev_0123456789ab.abcdefghij@aws-0-eu.pooler.supabase.com:5432/postgres');
    // A device URL from the old way is read for its host; its user is not the enrolment login.
    expect(parseEnrolmentInput('postgres://kiosk_dev_0123456789ab@db.example.com:5432/kiosk', '7KQ2MXH4TD').target.enrolmentUrl).toBe(
      'postgresql://kiosk_enrolment@db.example.com:5432/kiosk',
    );
  });

  it('takes a scanned line for both fields, from either field', () => {
    const line = enrolmentLine('db.example.com:6543/kiosk?sslmode=require', '7KQ2MXH4TD');
    expect(line).toBe('teamified-enrol://db.example.com:6543/kiosk?sslmode=require#7KQ2M-XH4TD');
    expect(parseEnrolmentInput('', line)).toEqual(parseEnrolmentInput('db.example.com:6543/kiosk?sslmode=require', '7KQ2MXH4TD'));
    expect(parseEnrolmentInput(line, '').code).toBe('7KQ2MXH4TD');
  });

  it('refuses, naming the field, a password, a missing host, a malformed code or a line without a code', () => {
    expect(inputError(() => parseEnrolmentInput('postgres://u:pw@db.example.com/x', '7KQ2MXH4TD'))).toMatchObject({ field: 'host', message: /Leave the password out/ });
    expect(inputError(() => parseEnrolmentInput('', '7KQ2MXH4TD'))).toMatchObject({ field: 'host', message: /address that IT printed/ });
    expect(inputError(() => parseEnrolmentInput('db.example.com', '7KQ2M'))).toMatchObject({ field: 'code', message: /10 letters and digits/ });
    expect(inputError(() => parseEnrolmentInput('', 'teamified-enrol://db.example.com'))).toMatchObject({ field: 'code', message: /no code after/ });
    expect(inputError(() => parseEnrolmentInput('db exa mple', '7KQ2MXH4TD'))).toMatchObject({ field: 'host' });
  });
});
