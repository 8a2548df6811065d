import { connectedHost, insistOnVerifiedTls } from '../pg-tls-policy';

/**
 * Enrolment sends the device's new login (its name and password verifier)
 * and the code, so it goes over verified TLS to any host but this computer
 * itself, by the rule sync follows too (../pg-tls-policy.ts): an address
 * without sslmode gets sslmode=verify-full; one that lets the connection go
 * in the clear is refused.
 */

export class EnrolmentTlsError extends Error {
  override name = 'EnrolmentTlsError';
}

/** `url` (a postgres:// URL) made to insist on TLS beyond loopback, in place; throws when it turns TLS off. */
export function insistOnTls(url: URL): void {
  const clear = insistOnVerifiedTls(url);
  if (clear) {
    throw new EnrolmentTlsError(
      `The address lets the connection to ${connectedHost(url)} go unencrypted (${clear}), and enrolling sends the device's login over it. Leave ${clear} out (TLS with the server's certificate checked), or use sslmode=verify-full or sslmode=require.`,
    );
  }
}
