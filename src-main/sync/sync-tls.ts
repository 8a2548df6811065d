import { TLSSocket } from 'node:tls';
import type pg from 'pg';
import { connectedHost, insistOnVerifiedTls, isLoopbackHost, verifiedTlsProblem } from './pg-tls-policy';
import { SyncError } from './sync-errors';

/**
 * Sync's side of the TLS rule (./pg-tls-policy.ts): refusals before a
 * connection is tried, TLS failures in words IT can act on, and a last
 * look at the socket once connected. Each is a SyncError of kind
 * 'insecure' whose message says what to set.
 */

const SET_ENDPOINT = 'Ask IT to fix the Sync endpoint setting';

/** The endpoint URL (with the password, never shown) made to insist on verified TLS beyond loopback; throws when it turns TLS off. */
export function insistOnVerifiedSyncTls(url: URL): void {
  const clear = insistOnVerifiedTls(url);
  if (clear === null) return;
  throw new SyncError(
    'insecure',
    `The sync endpoint lets the connection to ${connectedHost(url)} go unencrypted (${clear}), so this device did not connect. ${SET_ENDPOINT}: leave ${clear} out, or use sslmode=verify-full (TLS with the server's certificate and name checked).`,
    true,
  );
}

/** Throws when pg's options would connect beyond loopback without verified TLS (e.g. sslmode=no-verify). */
export function refuseUnverifiedOptions(options: pg.ClientConfig): void {
  const problem = verifiedTlsProblem(options);
  if (problem === null) return;
  throw new SyncError(
    'insecure',
    `The sync endpoint's TLS settings for ${String(options.host)} are too weak (${problem}), so this device did not connect. ${SET_ENDPOINT}: use sslmode=verify-full.`,
    true,
  );
}

/** Node's and pg's TLS failures as IT reads them; null for any other failure. */
export function tlsConnectFailure(error: unknown, host: string): SyncError | null {
  const code = String((error as { code?: unknown })?.code ?? '');
  const message = error instanceof Error ? error.message : '';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const names = /cert's altnames: (.*)$/.exec(message)?.[1];
    return new SyncError(
      'insecure',
      `The hosted database's certificate is not for ${host}${names ? ` (it names ${names})` : ''}, so this device did not sync. ${SET_ENDPOINT}: the host must be a name the certificate is for, as the database provider gives it.`,
      true,
    );
  }
  if (/does not support SSL/i.test(message)) {
    return new SyncError('insecure', `The hosted database at ${host} does not accept TLS, and sync needs it beyond this computer. Ask IT to turn TLS on for the database (or to give its TLS address).`, true);
  }
  if (/certificate|self.signed|CERT_|unable to verify/i.test(`${code} ${message}`)) {
    return new SyncError(
      'insecure',
      `The hosted database's certificate could not be verified (${message}), so this device did not sync. If the database uses a private CA or your network inspects TLS, ask IT for its CA bundle and set Network → CA bundle.`,
      true,
    );
  }
  return null;
}

/**
 * After connecting beyond loopback: the socket pg ended up on must be TLS
 * with a certificate that verified. pg does not expose it in its types;
 * `connection.stream` is where it keeps it (pg/lib/connection.js).
 */
export function refuseUnlessVerified(client: pg.Client, host: string): void {
  if (isLoopbackHost(host)) return;
  const stream = (client as unknown as { connection?: { stream?: unknown } }).connection?.stream;
  if (stream instanceof TLSSocket && stream.encrypted && stream.authorized) return;
  throw new SyncError('insecure', `The connection to ${host} did not end up encrypted with a verified certificate, so sync stopped before sending anything. ${SET_ENDPOINT}: use sslmode=verify-full.`, true);
}
