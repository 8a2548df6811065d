import { describe, expect, it } from 'vitest';
import {
  deviceEndpointFor,
  enrolmentAddress,
  enrolmentLine,
  EnrolmentInputError,
  parseEnrolmentInput,
} from '../../../src-main/sync/enrolment/enrolment-address';
import { formatEnrolmentCode, normaliseEnrolmentCode } from '../../../src-main/sync/enrolment/enrolment-code';
import { EnrolmentTlsError } from '../../../src-main/sync/enrolment/enrolment-tls';
import { PgEnrolmentRedeemer } from '../../../src-main/sync/enrolment/pg-enrolment-redeemer';
import { pgClientOptions } from '../../../src-main/sync/pg-client-options';

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
    expect(enrolmentAddress('postgres://owner:s3cret@db.example.com:5432/postgres')).toBe('db.example.com?sslmode=verify-full');
    expect(enrolmentAddress('postgresql://owner:s3cret@db.example.com:6543/kiosk?sslmode=require')).toBe('db.example.com:6543/kiosk?sslmode=require');
    // Supabase's pooler routes by the user name's suffix: the enrolment login needs it too.
    expect(enrolmentAddress('postgresql://postgres.abcdefghij:pw@aws-0-eu.pooler.supabase.com:5432/postgres')).toBe(
      'kiosk_enrolment.abcdefghij@aws-0-eu.pooler.supabase.com?sslmode=verify-full',
    );
    // A user or password given as an option is left out too.
    expect(enrolmentAddress('postgres://db.example.com/kiosk?user=owner&password=s3cret&sslmode=verify-full')).toBe('db.example.com/kiosk?sslmode=verify-full');
  });

  it('always says its sslmode: TLS with the certificate checked beyond this computer, and no code for a URL that turns TLS off', () => {
    expect(enrolmentAddress('postgres://owner:pw@127.0.0.1:6543/kiosk')).toBe('127.0.0.1:6543/kiosk?sslmode=disable');
    expect(enrolmentAddress('postgres://owner:pw@localhost/kiosk?sslmode=require')).toBe('localhost/kiosk?sslmode=require');
    for (const clear of ['sslmode=disable', 'sslmode=allow', 'sslmode=prefer', 'ssl=0', 'ssl=false']) {
      expect(() => enrolmentAddress(`postgres://owner:pw@db.example.com/kiosk?${clear}`), clear).toThrow(EnrolmentTlsError);
    }
    expect(() => enrolmentAddress('postgres://owner:pw@db.example.com/kiosk?sslmode=disable')).toThrow(
      /lets the connection to db\.example\.com go unencrypted \(sslmode=disable\), and enrolling sends the device's login over it/,
    );
  });

  it('comes back from what is typed, as the enrolment login at that database, and gives the device endpoint with its own user', () => {
    const { target, code } = parseEnrolmentInput('db.example.com:6543/kiosk?sslmode=require', '7kq2m-xh4td');
    expect(code).toBe('7KQ2MXH4TD');
    expect(target).toEqual({ enrolmentUrl: 'postgresql://kiosk_enrolment@db.example.com:6543/kiosk?sslmode=require', hostLabel: 'db.example.com:6543' });
    expect(deviceEndpointFor(target, 'kiosk_dev_0123456789ab')).toBe('postgresql://kiosk_dev_0123456789ab@db.example.com:6543/kiosk?sslmode=require');
    // Defaults filled in; a pooler's routing kept on the device's user.
    expect(parseEnrolmentInput('db.example.com', '7KQ2MXH4TD').target.enrolmentUrl).toBe('postgresql://kiosk_enrolment@db.example.com:5432/postgres?sslmode=verify-full');
    const pooled = parseEnrolmentInput('kiosk_enrolment.abcdefghij@aws-0-eu.pooler.supabase.com', '7KQ2MXH4TD').target;
    expect(deviceEndpointFor(pooled, 'kiosk_dev_0123456789ab')).toBe('postgresql://kiosk_dev_0123456789ab.abcdefghij@aws-0-eu.pooler.supabase.com:5432/postgres?sslmode=verify-full');
    // A device URL from the old way is read for its host; its user is not the enrolment login.
    expect(parseEnrolmentInput('postgres://kiosk_dev_0123456789ab@db.example.com:5432/kiosk', '7KQ2MXH4TD').target.enrolmentUrl).toBe(
      'postgresql://kiosk_enrolment@db.example.com:5432/kiosk?sslmode=verify-full',
    );
  });

  it('takes a scanned line for both fields, from either field', () => {
    const line = enrolmentLine('db.example.com:6543/kiosk?sslmode=require', '7KQ2MXH4TD');
    expect(line).toBe('teamified-enrol://db.example.com:6543/kiosk?sslmode=require#7KQ2M-XH4TD');
    expect(parseEnrolmentInput('', line)).toEqual(parseEnrolmentInput('db.example.com:6543/kiosk?sslmode=require', '7KQ2MXH4TD'));
    expect(parseEnrolmentInput(line, '').code).toBe('7KQ2MXH4TD');
  });

  it('connects beyond this computer only over TLS that checks the certificate, unless the address asks for TLS some other way', () => {
    const options = (host: string) => pgClientOptions(parseEnrolmentInput(host, '7KQ2MXH4TD').target.enrolmentUrl, undefined);
    // No sslmode: pg gets an ssl object it verifies with (rejectUnauthorized is not turned off).
    expect(options('db.example.com')).toMatchObject({ host: 'db.example.com', ssl: {} });
    expect((options('db.example.com').ssl as { rejectUnauthorized?: boolean }).rejectUnauthorized).toBeUndefined();
    expect(options('db.example.com:6543/kiosk?sslmode=require').ssl).toBeTruthy();
    // A ?host= option is where pg connects: it decides, not the name before it.
    expect(parseEnrolmentInput('localhost/kiosk?host=db.example.com', '7KQ2MXH4TD').target.enrolmentUrl).toMatch(/sslmode=verify-full/);
    // This computer: as given, so a local database without TLS still works.
    for (const host of ['127.0.0.1:5432/kiosk', 'localhost', '[::1]:6543', '127.0.0.1?sslmode=disable']) {
      expect(parseEnrolmentInput(host, '7KQ2MXH4TD').target.enrolmentUrl, host).not.toMatch(/verify-full/);
      expect(options(host).ssl, host).toBeFalsy();
    }
  });

  it('the redeemer itself will not connect in the clear beyond this computer, however it is given the address', async () => {
    const unencrypted = { enrolmentUrl: 'postgresql://kiosk_enrolment@db.example.com:5432/postgres', hostLabel: 'db.example.com:5432' };
    const request = { target: unencrypted, code: '7KQ2MXH4TD', roleName: 'kiosk_dev_0123456789ab', passwordVerifier: 'x', publicKey: 'x', deviceName: 'x' };
    await expect(new PgEnrolmentRedeemer().redeem(request)).rejects.toThrow(EnrolmentTlsError);
    await expect(new PgEnrolmentRedeemer().findEnrolled(unencrypted, { roleName: 'kiosk_dev_0123456789ab', password: 'x' })).rejects.toThrow(
      /needs an encrypted connection with the server's certificate checked to db\.example\.com, and it would not be encrypted/,
    );
    // TLS that checks nothing is refused the same way (pg-tls-policy.ts, shared with sync).
    const unchecked = { ...unencrypted, enrolmentUrl: `${unencrypted.enrolmentUrl}?sslmode=no-verify` };
    await expect(new PgEnrolmentRedeemer().redeem({ ...request, target: unchecked })).rejects.toThrow(/the server’s certificate would not be checked/);
  });

  it('refuses an address that would let the login go in the clear', () => {
    for (const clear of ['sslmode=disable', 'sslmode=allow', 'sslmode=prefer', 'sslmode=DISABLE', 'ssl=0', 'ssl=false']) {
      expect(inputError(() => parseEnrolmentInput(`db.example.com/kiosk?${clear}`, '7KQ2MXH4TD')), clear).toMatchObject({
        field: 'host',
        message: expect.stringMatching(/^The address lets the connection to db\.example\.com go unencrypted .*Type the address as IT printed it\.$/),
      });
    }
    expect(inputError(() => parseEnrolmentInput('', 'teamified-enrol://db.example.com?sslmode=disable#7KQ2M-XH4TD'))).toMatchObject({ field: 'host' });
  });

  it('refuses, naming the field, a password, a missing host, a malformed code or a line without a code', () => {
    expect(inputError(() => parseEnrolmentInput('postgres://u:pw@db.example.com/x', '7KQ2MXH4TD'))).toMatchObject({ field: 'host', message: /Leave the password out/ });
    expect(inputError(() => parseEnrolmentInput('', '7KQ2MXH4TD'))).toMatchObject({ field: 'host', message: /address that IT printed/ });
    expect(inputError(() => parseEnrolmentInput('db.example.com', '7KQ2M'))).toMatchObject({ field: 'code', message: /10 letters and digits/ });
    expect(inputError(() => parseEnrolmentInput('', 'teamified-enrol://db.example.com'))).toMatchObject({ field: 'code', message: /no code after/ });
    expect(inputError(() => parseEnrolmentInput('db exa mple', '7KQ2MXH4TD'))).toMatchObject({ field: 'host' });
  });
});
