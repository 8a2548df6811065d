import { isHttpsOrThisComputer } from './this-computer';

/**
 * IT's error collector (issue 20, point 6), named by a Sentry DSN:
 * `https://<public key>@<host>[:port][/<path>]/<project id>`. Any service that
 * takes Sentry's envelope endpoint will do (Sentry, self-hosted Sentry,
 * GlitchTip, …). The public key is not a secret (Sentry's own words: a DSN
 * may be public, it can only send events), so it is a setting IT sets by
 * policy, not a keychain secret; a DSN that carries the legacy secret key
 * is refused, so no secret ever sits in the settings.
 */
export interface CollectorDsn {
  publicKey: string;
  projectId: string;
  /** Where events are posted: `<scheme>://<host>[:port][/<path>]/api/<project id>/envelope/`. */
  envelopeUrl: string;
  /** The DSN as IT wrote it; Sentry's envelope header carries it back. */
  dsn: string;
}

/** The collector a DSN names, or null when it is not one this app will send to (see COLLECTOR_DSN_RULE). */
export function parseCollectorDsn(text: string): CollectorDsn | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  // Error reports leave the device: over TLS, except to a collector on this computer (tests, a local relay).
  if (!isHttpsOrThisComputer(url)) return null;
  if (url.username === '' || url.password !== '' || url.search !== '' || url.hash !== '') return null;
  if (!/^[A-Za-z0-9]{1,64}$/.test(url.username)) return null;
  const parts = url.pathname.split('/').filter((part) => part !== '');
  const projectId = parts.pop();
  if (!projectId || !/^\d{1,20}$/.test(projectId)) return null;
  const prefix = parts.length > 0 ? `/${parts.join('/')}` : '';
  return {
    publicKey: url.username,
    projectId,
    envelopeUrl: `${url.protocol}//${url.host}${prefix}/api/${projectId}/envelope/`,
    dsn: text.trim(),
  };
}

/** What the setting accepts, in words for the admin screen, a settings file's error and the policy template; at most 160 characters, all the dispatcher shows. */
export const COLLECTOR_DSN_RULE =
  'Error collector DSN must be empty or a Sentry DSN of at most 2048 characters: https://<public key>@<host>/<project> (http only to this computer), no secret key.';
