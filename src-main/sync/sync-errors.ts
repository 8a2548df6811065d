import { findNetworkError } from '../providers/network/network-errors';

/**
 * What went wrong talking to the hosted database, in the few kinds the
 * device acts on differently: offline waits and retries quietly, revoked,
 * schema_mismatch and insecure (no verified TLS to the server: ./sync-tls.ts)
 * need a person, bad_request and server are bugs to report.
 */
export type SyncErrorKind = 'offline' | 'revoked' | 'schema_mismatch' | 'insecure' | 'bad_request' | 'server';

export class SyncError extends Error {
  override name = 'SyncError';
  constructor(
    readonly kind: SyncErrorKind,
    message: string,
    /** The message is written for IT and says what to do (a refusing proxy, an untrusted inspection certificate): shown as it is. */
    readonly ownWords = false,
  ) {
    super(message);
  }
}

/** Words for the status line: what happened and what a person can do about it. */
export function describeSyncError(error: unknown): string {
  const kind = error instanceof SyncError ? error.kind : 'server';
  if (error instanceof SyncError && error.ownWords) return `${error.message} Changes are kept meanwhile.`;
  switch (kind) {
    case 'offline':
      return 'Can’t reach the hosted database; changes are kept and will sync when the network is back.';
    case 'revoked':
      return 'This device’s access was revoked or its credential is wrong; ask IT to enrol it again.';
    case 'schema_mismatch':
      return schemaAdvice(error);
    case 'insecure':
      return 'The connection to the hosted database could not be made secure (TLS with a checked certificate); nothing was sent. Ask IT to check the sync endpoint and Network → CA bundle. Changes are kept meanwhile.';
    case 'bad_request':
      return 'The hosted database refused a request from this device; changes are kept. Report this to IT if it persists.';
    default:
      return 'Sync failed on the hosted database’s side; changes are kept and it will try again. Report this to IT if it persists.';
  }
}

/** KS002's message says which side must move (migrations/postgres/0002_sync.sql, sync.require_device). */
function schemaAdvice(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (/update the hosted database|hosted-db migrate/i.test(message)) {
    return 'The hosted database is on an older version than this app; ask IT to update it. Changes are kept meanwhile.';
  }
  if (/update the app/i.test(message)) return 'The hosted database is on a newer version; install the latest app. Changes are kept meanwhile.';
  return 'The hosted database and this app are on different versions; install the latest app or ask IT to update the database.';
}

/** Network-level failures that mean "try later", by Node and pg error codes and messages. */
const OFFLINE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', '57P01', '57P03', '08000', '08001', '08003', '08006']);

/**
 * Maps a pg or socket error to a SyncError. The message kept is the server's
 * (written for people, docs/sync.md) or the socket's; neither contains the
 * connection URL or the password.
 */
export function toSyncError(error: unknown): SyncError {
  if (error instanceof SyncError) return error;
  const refusal = findNetworkError(error);
  // An untrusted certificate is not the network being down: waiting will not fix it, IT must.
  if (refusal) return new SyncError(refusal.kind === 'untrusted_certificate' ? 'insecure' : 'offline', refusal.message, true);
  const code = String((error as { code?: unknown })?.code ?? '');
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'KS001' || code === '28P01' || code === '28000') return new SyncError('revoked', message);
  if (code === 'KS002') return new SyncError('schema_mismatch', message);
  if (code === 'KS004') return new SyncError('bad_request', message);
  if (OFFLINE_CODES.has(code) || /timeout|terminated|ECONN|socket|connect/i.test(message)) return new SyncError('offline', message);
  return new SyncError('server', message);
}
