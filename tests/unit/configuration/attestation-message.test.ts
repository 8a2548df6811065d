import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { privateKeyFromText, publicKeyText, signAttestation, verifyAttestation, type AttestedFields } from '../../../src-main/configuration/attestation-message';

const fields: AttestedFields = {
  challenge: 'c'.repeat(64),
  deviceId: '0190a3f0-0000-4000-8000-000000000001',
  interviewId: '0190a3f0-0000-7000-8000-000000000002',
  configurationKey: 'a'.repeat(64),
};

describe('attestation signature', () => {
  const { privateKey } = generateKeyPairSync('ed25519');
  const publicKey = publicKeyText(privateKey);
  const signature = signAttestation(privateKey, fields);

  it('verifies against the signer’s public key, in the shapes the hosted database checks', () => {
    expect(publicKey).toMatch(/^[A-Za-z0-9+/]{59}=$/);
    expect(signature).toMatch(/^[A-Za-z0-9+/]{86}==$/);
    expect(verifyAttestation(publicKey, signature, fields)).toBe(true);
  });

  it('fails when replayed for another challenge, device, interview or key', () => {
    for (const change of [{ challenge: 'd'.repeat(64) }, { deviceId: '0190a3f0-0000-4000-8000-000000000009' }, { interviewId: '0190a3f0-0000-7000-8000-000000000003' }, { configurationKey: 'b'.repeat(64) }]) {
      expect(verifyAttestation(publicKey, signature, { ...fields, ...change }), JSON.stringify(change)).toBe(false);
    }
  });

  it('fails for another device’s key, a forged signature and malformed input', () => {
    const other = publicKeyText(generateKeyPairSync('ed25519').privateKey);
    expect(verifyAttestation(other, signature, fields)).toBe(false);
    const forged = Buffer.from(signature, 'base64');
    forged[0] = forged[0]! ^ 1;
    expect(verifyAttestation(publicKey, forged.toString('base64'), fields)).toBe(false);
    expect(verifyAttestation('not a key', signature, fields)).toBe(false);
    expect(verifyAttestation(publicKey, '', fields)).toBe(false);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    expect(verifyAttestation(rsa, signature, fields)).toBe(false);
  });

  it('reads back a stored private key, and refuses one that is not Ed25519', () => {
    const stored = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    expect(publicKeyText(privateKeyFromText(stored))).toBe(publicKey);
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    expect(() => privateKeyFromText(ec)).toThrow();
  });
});
