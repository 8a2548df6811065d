import { formatEnrolmentCode, normaliseEnrolmentCode } from './enrolment-code';
import { EnrolmentTlsError, insistOnTls } from './enrolment-tls';

/**
 * Where a device enrols: the hosted database's host, and its port, database
 * and connection options when they are not the defaults, and always its
 * sslmode (./enrolment-tls.ts), written without a scheme or a password
 * ("db.example.com?sslmode=verify-full", "db.example.com:6543/kiosk?sslmode=require").
 * IT's command prints it from the owner's URL; the admin types it at the
 * device, or a QR code scanner types the whole enrolment line
 * (teamified-enrol://ADDRESS#CODE) for them. Never a password: the
 * kiosk_enrolment login's is published with the app
 * (migrations/postgres/0013_enrolment_codes.sql).
 */

export const ENROLMENT_ROLE = 'kiosk_enrolment';
/** Not a secret: the role may only redeem codes, and only while one is open. */
export const ENROLMENT_PASSWORD = 'enrol-with-a-code';
export const QR_SCHEME = 'teamified-enrol://';
const DEFAULT_PORT = '5432';
const DEFAULT_DATABASE = 'postgres';

export class EnrolmentInputError extends Error {
  override name = 'EnrolmentInputError';
  constructor(
    readonly field: 'host' | 'code',
    message: string,
  ) {
    super(message);
  }
}

export interface EnrolmentTarget {
  /** postgresql://kiosk_enrolment[.routing]@host:port/db?options, without a password. */
  enrolmentUrl: string;
  /** host:port, for messages. */
  hostLabel: string;
}

/** Poolers that route by user name (Supabase's: postgres.<project-ref>) need the same suffix on every user. */
function routingSuffix(user: string): string {
  return /^[^.]+(\..+)$/.exec(user)?.[1] ?? '';
}

/**
 * What IT hands the device, from the owner's postgres:// URL (its user and
 * password are left out, in the URL's userinfo or its options). Throws an
 * EnrolmentTlsError when the URL turns TLS off for a host beyond loopback.
 */
export function enrolmentAddress(ownerUrl: string): string {
  const url = new URL(ownerUrl);
  const suffix = routingSuffix(decodeURIComponent(url.username));
  const user = suffix ? `${encodeURIComponent(ENROLMENT_ROLE + suffix)}@` : '';
  const port = url.port && url.port !== DEFAULT_PORT ? `:${url.port}` : '';
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const path = database && database !== DEFAULT_DATABASE ? `/${encodeURIComponent(database)}` : '';
  url.searchParams.delete('user');
  url.searchParams.delete('password');
  insistOnTls(url);
  // Said even where it is the default, so that whoever reads the address knows how the device will connect.
  if (!url.searchParams.has('sslmode')) url.searchParams.set('sslmode', 'disable');
  return `${user}${url.host.replace(/:\d+$/, '')}${port}${path}${url.search}`;
}

/** The text of the QR code: address and code together, so a scanner fills both. */
export function enrolmentLine(address: string, code: string): string {
  return `${QR_SCHEME}${address}#${formatEnrolmentCode(code)}`;
}

/**
 * The database and code from what the admin typed or scanned: the host field
 * (an address, or a postgres:// URL without a password) and the code field
 * (a code, or a whole scanned line, which then gives the address too).
 */
export function parseEnrolmentInput(hostText: string, codeText: string): { target: EnrolmentTarget; code: string } {
  let host = hostText.trim();
  let codeTyped = codeText.trim();
  for (const scanned of [codeTyped, host]) {
    if (scanned.toLowerCase().startsWith(QR_SCHEME)) {
      const hash = scanned.lastIndexOf('#');
      if (hash < 0) throw new EnrolmentInputError('code', 'The scanned enrolment line has no code after “#”. Scan it again, or type the code.');
      host = scanned.slice(QR_SCHEME.length, hash);
      codeTyped = scanned.slice(hash + 1);
      break;
    }
  }
  const code = normaliseEnrolmentCode(codeTyped);
  if (code === null) {
    throw new EnrolmentInputError('code', 'An enrolment code has 10 letters and digits, e.g. 7KQ2M-XH4TD. Check it, or ask IT for a new one.');
  }
  return { target: parseAddress(host), code };
}

function parseAddress(text: string): EnrolmentTarget {
  if (text === '') throw new EnrolmentInputError('host', 'Give the hosted database’s address that IT printed with the code, e.g. db.example.com.');
  const withScheme = /^postgres(ql)?:\/\//i.test(text) ? text.replace(/^postgres(ql)?:\/\//i, 'postgresql://') : `postgresql://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new EnrolmentInputError('host', 'That is not a database address. Type it as IT printed it, e.g. db.example.com or db.example.com:6543/kiosk.');
  }
  if (url.password !== '') {
    throw new EnrolmentInputError('host', 'Leave the password out of the address: enrolling with a code needs none. Type only the host IT printed, e.g. db.example.com.');
  }
  if (url.hostname === '') throw new EnrolmentInputError('host', 'The address needs a host name, e.g. db.example.com.');
  const given = decodeURIComponent(url.username);
  // A URL IT once gave for the old enrolment carries a device's user: only its pooler routing is kept.
  url.username = encodeURIComponent(ENROLMENT_ROLE + routingSuffix(given));
  if (url.port === '') url.port = DEFAULT_PORT;
  if (url.pathname === '' || url.pathname === '/') url.pathname = `/${DEFAULT_DATABASE}`;
  url.hash = '';
  try {
    insistOnTls(url);
  } catch (error) {
    if (error instanceof EnrolmentTlsError) throw new EnrolmentInputError('host', `${error.message} Type the address as IT printed it.`);
    throw error;
  }
  return enrolmentTarget(url.toString());
}

/** The target of an enrolment URL as parseEnrolmentInput made it (kept with a pending login). */
export function enrolmentTarget(enrolmentUrl: string): EnrolmentTarget {
  const url = new URL(enrolmentUrl);
  return { enrolmentUrl, hostLabel: `${url.hostname}:${url.port}` };
}

/** The device's sync.endpoint: the enrolment address with the device's own user (and the same pooler routing). */
export function deviceEndpointFor(target: EnrolmentTarget, roleName: string): string {
  const url = new URL(target.enrolmentUrl);
  url.username = encodeURIComponent(roleName + routingSuffix(decodeURIComponent(url.username)));
  return url.toString();
}
