import type { CollectorDsn } from '../../../shared/domain/collector-dsn';
import type { ErrorReport } from '../error-report';

/** How the app names itself to the collector (the envelope's `sdk`, the auth header's `sentry_client`). */
export const CLIENT_NAME = 'teamified-kiosk';

/**
 * The event IT's collector receives for a kept report, in Sentry's event
 * format, built field by field from an allow-list: only what is named here
 * leaves the device, whatever else a report may one day hold. No user, no
 * request, no breadcrumbs, no device name (an SDK would add the host name
 * as `server_name`), no extra: the report's redacted parts, the app version
 * and the small context (mode, role, platform).
 */
export function sentryEvent(report: ErrorReport): Record<string, unknown> {
  const tags: Record<string, string> = { source: report.source, kind: report.kind };
  for (const [key, value] of Object.entries(report.context)) if (/^[a-zA-Z][\w.-]{0,31}$/.test(key)) tags[key] = String(value).slice(0, 200);
  return {
    event_id: eventId(report.id),
    timestamp: report.at,
    platform: report.source === 'renderer' ? 'javascript' : 'node',
    level: report.kind === 'crash' ? 'fatal' : 'error',
    logger: report.source,
    release: `${CLIENT_NAME}@${report.appVersion}`,
    tags,
    exception: {
      values: [
        {
          type: report.errorClass,
          value: report.message,
          mechanism: { type: report.kind, handled: false },
          // Sentry lists frames oldest first, the failing one last; a report keeps them as a stack prints them.
          stacktrace: { frames: [...report.frames].reverse().map(frame) },
        },
      ],
    },
  };
}

/**
 * One report as an envelope (Sentry's envelope format, develop.sentry.dev
 * "Envelopes"): the envelope header line, the item header line (its type
 * and the payload's length in bytes), and the event JSON.
 */
export function sentryEnvelope(report: ErrorReport, dsn: CollectorDsn, sentAt: Date): string {
  const payload = JSON.stringify(sentryEvent(report));
  const header = { event_id: eventId(report.id), sent_at: sentAt.toISOString(), dsn: dsn.dsn, sdk: { name: CLIENT_NAME, version: report.appVersion } };
  const item = { type: 'event', content_type: 'application/json', length: Buffer.byteLength(payload, 'utf8') };
  return `${JSON.stringify(header)}\n${JSON.stringify(item)}\n${payload}\n`;
}

/** The X-Sentry-Auth header: the protocol version, who sends, and the DSN's public key. */
export function sentryAuthHeader(dsn: CollectorDsn, appVersion: string): string {
  return `Sentry sentry_version=7, sentry_client=${CLIENT_NAME}/${appVersion}, sentry_key=${dsn.publicKey}`;
}

/** Sentry's event ids are 32 hex digits; a report's UUID without its dashes is one, so a retried upload is the same event. */
function eventId(id: string): string {
  const hex = id.replace(/-/g, '').toLowerCase();
  return /^[0-9a-f]{32}$/.test(hex) ? hex : hex.padEnd(32, '0').slice(0, 32).replace(/[^0-9a-f]/g, '0');
}

function frame(place: string): { filename: string; lineno?: number } {
  const at = place.lastIndexOf(':');
  const line = Number(place.slice(at + 1));
  return at > 0 && Number.isInteger(line) ? { filename: place.slice(0, at), lineno: line } : { filename: place };
}
