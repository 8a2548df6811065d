import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json';

/** What one signature covers: a replayed signature fails for any other challenge, device, interview or key. */
export interface AttestedFields {
  challenge: string;
  deviceId: string;
  interviewId: string;
  configurationKey: string;
}

/** Names what the bytes are, so a signature made by this key for anything else can never pass as an attestation. */
const PURPOSE = 'teamified-kiosk configuration attestation v1';

export function attestationMessage(fields: AttestedFields): Buffer {
  const { challenge, deviceId, interviewId, configurationKey } = fields;
  return Buffer.from(canonicalJson({ purpose: PURPOSE, challenge, deviceId, interviewId, configurationKey }), 'utf8');
}

/** Ed25519 (no pre-hash, hence the null algorithm), base64. */
export function signAttestation(privateKey: KeyObject, fields: AttestedFields): string {
  return sign(null, attestationMessage(fields), privateKey).toString('base64');
}

/** False for a wrong signature and for anything malformed (a key or signature that is not Ed25519 base64). */
export function verifyAttestation(publicKeySpki: string, signature: string, fields: AttestedFields): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKeySpki, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') return false;
    return verify(null, attestationMessage(fields), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** The public half as the hosted database stores it: SPKI DER, base64 (60 characters). */
export function publicKeyText(privateKey: KeyObject): string {
  return createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).toString('base64');
}

export function privateKeyFromText(pkcs8: string): KeyObject {
  const key = createPrivateKey({ key: Buffer.from(pkcs8, 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new TypeError('not an Ed25519 key');
  return key;
}
