import { findNetworkError } from '../providers/network/network-errors';
import { isHttpsOrThisComputer } from '../../shared/domain/this-computer';
import { SyncError } from './sync-errors';

/**
 * One part's PUT or GET against IT's bucket with a URL the hosted database
 * signed (docs/sync.md, "Files in object storage"). The URL's signature is a
 * credential for an hour: no error or log line here repeats the URL, only
 * the storage's status and S3 error code.
 */

/** Generous for one part (8 MiB by default) on a slow uplink; a stalled transfer still ends. */
const PART_TIMEOUT_MS = 5 * 60_000;

/**
 * The storage refused the URL with 403: it expired (an upload that took
 * more than the hour), or its signature no longer holds (IT changed the
 * key). The caller asks the hosted database for fresh URLs once.
 */
export class ObjectUrlRefused extends Error {
  override name = 'ObjectUrlRefused';
  constructor(readonly code: string) {
    super(`The file storage refused a signed URL (${code}).`);
  }
}

export async function putObjectPart(fetch: typeof globalThis.fetch, url: string, contentMd5: string, bytes: Buffer): Promise<void> {
  const response = await send(fetch, url, { method: 'PUT', headers: { 'content-md5': contentMd5 }, body: new Uint8Array(bytes) });
  await response.arrayBuffer().catch(() => undefined);
}

/** IT's purge of objects retention left without a row; one already gone counts as deleted (S3 answers 204 either way). */
export async function deleteObject(fetch: typeof globalThis.fetch, url: string): Promise<void> {
  const response = await send(fetch, url, { method: 'DELETE' });
  await response.arrayBuffer().catch(() => undefined);
}

/** The part's bytes; a length other than the one the server recorded is refused. */
export async function getObjectPart(fetch: typeof globalThis.fetch, url: string, size: number): Promise<Buffer> {
  const response = await send(fetch, url, { method: 'GET' });
  let bytes: Buffer;
  try {
    bytes = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    throw offline(error);
  }
  if (bytes.byteLength !== size) {
    throw new SyncError('server', `A part of a file read from the file storage has ${bytes.byteLength} bytes, not the ${size} recorded; it was not kept.`);
  }
  return bytes;
}

async function send(fetch: typeof globalThis.fetch, url: string, init: RequestInit): Promise<Response> {
  checkUrl(url);
  let response: Response;
  try {
    response = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(PART_TIMEOUT_MS) });
  } catch (error) {
    throw offline(error);
  }
  if (response.ok) return response;
  const code = s3ErrorCode(await response.text().catch(() => '')) ?? `HTTP ${response.status}`;
  if (response.status === 403) throw new ObjectUrlRefused(code);
  throw new SyncError(
    response.status >= 500 ? 'offline' : 'server',
    `The file storage answered ${init.method} with HTTP ${response.status} (${code}). Files are kept on this device and sent again at the next sync.`,
  );
}

/** Signed URLs travel over TLS, except to a storage on this computer (a local MinIO). */
function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SyncError('server', 'The hosted database sent a file storage URL that is not a URL.');
  }
  if (isHttpsOrThisComputer(parsed)) return;
  throw new SyncError('server', `The hosted database sent a plain-http file storage URL for ${parsed.host}; only https is used. Ask IT to set an https:// storage endpoint.`);
}

/** S3's <Error><Code>…</Code></Error>; only the code, which never holds a secret. */
function s3ErrorCode(body: string): string | null {
  const match = /<Code>([A-Za-z0-9.]{1,64})<\/Code>/.exec(body);
  return match ? match[1]! : null;
}

function offline(error: unknown): SyncError {
  const refusal = findNetworkError(error);
  if (refusal) return new SyncError('offline', refusal.message, true);
  const cause = (error as { cause?: { code?: unknown } })?.cause?.code;
  const name = error instanceof Error ? error.name : 'error';
  return new SyncError('offline', `Can't reach the file storage (${typeof cause === 'string' ? cause : name}). Files are kept on this device and sent at the next sync.`);
}
