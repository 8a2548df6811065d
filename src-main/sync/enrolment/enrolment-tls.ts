import { parse as parseConnectionString } from 'pg-connection-string';

/**
 * Enrolment sends the device's new login (its name and password verifier)
 * and the code, so it goes over TLS to any host but this computer itself.
 * An address without sslmode gets sslmode=verify-full (TLS, the server's
 * certificate checked against its name); one that lets the connection go
 * in the clear is refused. Loopback stays as given: no one else is on the
 * line (a database on this computer, or the near end of a tunnel).
 */

/** libpq's modes that send in the clear (disable) or may fall back to it (allow, prefer). */
const CLEAR_MODES = new Set(['disable', 'allow', 'prefer']);
/** pg-connection-string reads ssl=0 as no TLS; ssl=false says the same. */
const CLEAR_SSL = new Set(['0', 'false']);

export class EnrolmentTlsError extends Error {
  override name = 'EnrolmentTlsError';
}

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

/** The host pg connects to: a ?host= option wins over the URL's own, as pg-connection-string reads it. */
export function connectedHost(url: URL): string {
  return parseConnectionString(url.toString()).host ?? url.hostname;
}

/** `url` (a postgres:// URL) made to insist on TLS beyond loopback, in place; throws when it turns TLS off. */
export function insistOnTls(url: URL): void {
  const host = connectedHost(url);
  if (isLoopbackHost(host)) return;
  const mode = url.searchParams.get('sslmode');
  const ssl = url.searchParams.get('ssl');
  const clear = mode !== null && CLEAR_MODES.has(mode.toLowerCase()) ? `sslmode=${mode}` : ssl !== null && CLEAR_SSL.has(ssl.toLowerCase()) ? `ssl=${ssl}` : null;
  if (clear) {
    throw new EnrolmentTlsError(
      `The address lets the connection to ${host} go unencrypted (${clear}), and enrolling sends the device's login over it. Leave ${clear} out (TLS with the server's certificate checked), or use sslmode=verify-full or sslmode=require.`,
    );
  }
  if (mode === null) url.searchParams.set('sslmode', 'verify-full');
}
