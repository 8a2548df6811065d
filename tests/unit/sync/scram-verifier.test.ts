import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { scramSha256Verifier } from '../../../src-main/sync/enrolment/scram-verifier';

/** RFC 7677, section 3: user "user", password "pencil", a whole SCRAM-SHA-256 exchange. */
const rfc = {
  salt: 'W22ZaJ0SNY7soEsUEjb6gQ==',
  authMessage:
    'n=user,r=rOprNGfwEbeRWgbNEkqO,' +
    'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,' +
    'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0',
  clientProof: 'dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
  serverSignature: '6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
};

describe('the SCRAM-SHA-256 verifier a device sends instead of its password', () => {
  it('checks the RFC 7677 exchange: the server signature it gives, and the client key the proof reveals', () => {
    const verifier = scramSha256Verifier('pencil', Buffer.from(rfc.salt, 'base64'));
    const match = /^SCRAM-SHA-256\$4096:([^$]+)\$([^:]+):(.+)$/.exec(verifier);
    expect(match?.[1]).toBe(rfc.salt);
    const storedKey = Buffer.from(match![2]!, 'base64');
    const serverKey = Buffer.from(match![3]!, 'base64');
    expect(createHmac('sha256', serverKey).update(rfc.authMessage).digest('base64')).toBe(rfc.serverSignature);
    const clientSignature = createHmac('sha256', storedKey).update(rfc.authMessage).digest();
    const clientKey = Buffer.from(rfc.clientProof, 'base64').map((byte, index) => byte ^ clientSignature[index]!);
    expect(createHash('sha256').update(clientKey).digest().equals(storedKey)).toBe(true);
  });

  it('salts each verifier anew, and never contains the password', () => {
    const password = 'a'.repeat(64);
    const [one, two] = [scramSha256Verifier(password), scramSha256Verifier(password)];
    expect(one).not.toBe(two);
    expect(one).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$/);
    expect(one).not.toContain(password);
  });

  it('refuses a password SASLprep would have to change', () => {
    expect(() => scramSha256Verifier('pass word')).toThrow(/printable ASCII/);
    expect(() => scramSha256Verifier('pässword')).toThrow(/printable ASCII/);
  });
});
