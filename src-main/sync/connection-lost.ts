/**
 * Whether a failed call means the connection is gone (so the call may be
 * sent again on a new one) rather than the server having refused it.
 * The server's refusals are ErrorResponses pg turns into errors with a
 * `severity`; of those, only the ones that end the session count: class 08
 * (connection exception) and 57P01-57P03 (the backend was terminated, the
 * server crashed or is shutting down; PostgreSQL's errcodes.txt). pg's own
 * words for a connection it lost are in pg/lib/client.js.
 */
const SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH']);
const PG_LOST = /Connection terminated|not queryable|Query read timeout|Client was closed/i;

export function isConnectionLost(error: unknown): boolean {
  const code = String((error as { code?: unknown })?.code ?? '');
  if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03') return true;
  if (SOCKET_CODES.has(code)) return true;
  if ((error as { severity?: unknown })?.severity !== undefined) return false;
  return error instanceof Error && PG_LOST.test(error.message);
}
