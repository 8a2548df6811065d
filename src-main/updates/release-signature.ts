import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/**
 * The release key's detached signatures (Ed25519, node:crypto). electron-
 * updater checks an installer's SHA-512 against the feed, but anyone who can
 * write to the feed can write both; so the feed's channel file and each
 * installer carry a signature by a key whose private half only IT (or our
 * release process) holds, and the app refuses what does not verify.
 *
 * Each signed message starts with what it is, so a signature made for one
 * thing never verifies as another: the channel file's bytes under its own
 * name (a pilot.yml cannot stand in for latest.yml), and the installer's
 * SHA-512 under its version and file name (not the installer's bytes:
 * Ed25519 signs whole messages, and installers are hundreds of megabytes).
 */
const FEED_CONTEXT = 'teamified-kiosk update feed v1';
const ARTIFACT_CONTEXT = 'teamified-kiosk update installer v1';

/** The signature of `<file>` is in `<file>.sig`, as base64 text. */
export const SIGNATURE_SUFFIX = '.sig';

export function feedMessage(channelFile: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${FEED_CONTEXT}\n${channelFile}\n`, 'utf8'), body]);
}

export function artifactMessage(version: string, fileName: string, sha512: string): Buffer {
  return Buffer.from(`${ARTIFACT_CONTEXT}\n${version}\n${fileName}\n${sha512}`, 'utf8');
}

/** An Ed25519 public key's DER (SPKI) header; the key's 32 bytes follow it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export class ReleaseKeyError extends Error {}

/**
 * A release public key as IT writes it in the settings: the 32 raw bytes in
 * base64 (what scripts/update-release.ts make-key prints), or a PEM public key.
 */
export function parseReleaseKey(text: string): KeyObject {
  const trimmed = text.trim();
  try {
    const key = trimmed.startsWith('-----BEGIN')
      ? createPublicKey(trimmed)
      : createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, rawKeyBytes(trimmed)]), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') throw new ReleaseKeyError('not an Ed25519 key');
    return key;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ReleaseKeyError(`An update signing key in the settings is not an Ed25519 public key (${why}). Copy the public key exactly as the release signer printed it.`);
  }
}

function rawKeyBytes(base64: string): Buffer {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length !== 32 || bytes.toString('base64') !== base64) throw new ReleaseKeyError('expected 32 bytes in base64');
  return bytes;
}

/** Whether any of the trusted keys signed `message`; a malformed signature simply does not verify. */
export function signedByAny(keys: readonly KeyObject[], message: Buffer, signatureText: string): boolean {
  const signature = Buffer.from(signatureText.trim(), 'base64');
  if (signature.length !== 64) return false;
  return keys.some((key) => verify(null, message, key, signature));
}

/** The release signer's side (the CLI and the tests): a base64 signature over `message`. */
export function signRelease(privateKeyPem: string, message: Buffer): string {
  return sign(null, message, createPrivateKey(privateKeyPem)).toString('base64');
}

/** A new release key pair: the private key as PEM (kept by IT, offline), the public one as 32 base64 bytes (for the settings). */
export function makeReleaseKey(): { privateKeyPem: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKey: der.subarray(ED25519_SPKI_PREFIX.length).toString('base64'),
  };
}
