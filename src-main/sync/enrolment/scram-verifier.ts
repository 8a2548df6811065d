import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/**
 * What the hosted database keeps of a password: its SCRAM-SHA-256 verifier,
 * in the form Postgres stores and accepts as a role's PASSWORD (RFC 5803;
 * RFC 7677 for SCRAM-SHA-256). The device makes it from the password it
 * made itself and sends only this, so its password never leaves it: the
 * verifier lets the server check a login, not make one.
 */

/** Postgres's own default (scram_iterations): what its verifiers use. */
export const SCRAM_ITERATIONS = 4096;

const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();

/** The salt is random unless given (the RFC's test vector gives one). */
export function scramSha256Verifier(password: string, salt: Buffer = randomBytes(16), iterations = SCRAM_ITERATIONS): string {
  // SASLprep leaves printable ASCII as it is; anything else would need it, and is not what this is for.
  if (!/^[\x21-\x7e]+$/.test(password)) throw new Error('A SCRAM verifier is made here only for a password of printable ASCII.');
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const storedKey = createHash('sha256').update(hmac(salted, 'Client Key')).digest();
  const serverKey = hmac(salted, 'Server Key');
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
