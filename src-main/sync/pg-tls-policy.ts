import type pg from 'pg';
import { parse as parseConnectionString } from 'pg-connection-string';

/**
 * TLS to the hosted database: required, with the server's certificate
 * checked against its name, for any host but this computer itself. Sync
 * and enrolment both send the device's login over the connection, and the
 * data it carries is candidates'. Loopback stays as given: no one else is
 * on the line (a database on this computer, or the near end of a tunnel).
 *
 * How pg reads sslmode (pg-connection-string 2.x, its index.js): `disable`
 * turns TLS off; `prefer`, `require` and `verify-ca` are treated as aliases
 * of `verify-full` (certificate and host name checked, with a deprecation
 * warning: from pg 9 they are to take libpq's weaker meanings, `require`
 * checking nothing, `verify-ca` not the name); `no-verify` and
 * `uselibpqcompat=true` with `require` or `verify-ca` switch checks off;
 * `allow` is not read at all. So a URL's sslmode is not trusted by name:
 * no sslmode becomes `verify-full`, `require` and `verify-ca` are handed to
 * pg as `verify-full` (the meaning pg gives them today, kept when pg changes),
 * the clear modes are refused, and the options pg ends up with are checked
 * (verifiedTlsProblem) before connecting.
 */

/** libpq's modes that send in the clear (disable) or may fall back to it (allow, prefer). */
const CLEAR_MODES = new Set(['disable', 'allow', 'prefer']);
/** pg-connection-string reads ssl=0 as no TLS; ssl=false says the same. */
const CLEAR_SSL = new Set(['0', 'false']);
/** Modes whose meaning is to move to something weaker than verify-full in pg 9. */
const VERIFY_FULL_TODAY = new Set(['require', 'verify-ca']);

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

/** The host pg connects to: a ?host= option wins over the URL's own, as pg-connection-string reads it. */
export function connectedHost(url: URL): string {
  return parseConnectionString(url.toString()).host ?? url.hostname;
}

/**
 * `url` (a postgres:// URL) made to insist on verified TLS beyond loopback,
 * in place. Returns the setting that turns TLS off or lets it fall back to
 * the clear ('sslmode=disable', 'ssl=0'), which the caller refuses in its
 * own words; null when the URL is fine (or the host is loopback).
 */
export function insistOnVerifiedTls(url: URL): string | null {
  if (isLoopbackHost(connectedHost(url))) return null;
  const mode = url.searchParams.get('sslmode');
  const ssl = url.searchParams.get('ssl');
  if (mode !== null && CLEAR_MODES.has(mode.toLowerCase())) return `sslmode=${mode}`;
  if (ssl !== null && CLEAR_SSL.has(ssl.toLowerCase())) return `ssl=${ssl}`;
  if (mode === null) url.searchParams.set('sslmode', 'verify-full');
  return null;
}

/**
 * The URL pg is given, beyond loopback: `require` and `verify-ca` written as
 * the `verify-full` pg takes them for today, so a later pg cannot weaken
 * them (the setting IT typed is left as it is).
 */
export function withVerifyFull(url: string): string {
  const parsed = new URL(url);
  const mode = parsed.searchParams.get('sslmode');
  if (mode === null || !VERIFY_FULL_TODAY.has(mode.toLowerCase()) || isLoopbackHost(connectedHost(parsed))) return url;
  parsed.searchParams.set('sslmode', 'verify-full');
  return parsed.toString();
}

/**
 * What in pg's options would let a connection beyond loopback go without
 * TLS or without checking the certificate and its name (no-verify,
 * uselibpqcompat's require/verify-ca); null when it is verified TLS or the
 * host is loopback.
 */
export function verifiedTlsProblem(options: pg.ClientConfig): string | null {
  if (isLoopbackHost(String(options.host ?? ''))) return null;
  const ssl = options.ssl;
  if (!ssl) return 'it would not be encrypted';
  if (ssl === true) return null;
  if (ssl.rejectUnauthorized === false) return 'the server’s certificate would not be checked';
  if (ssl.checkServerIdentity) return 'the server’s name would not be checked against its certificate';
  return null;
}
