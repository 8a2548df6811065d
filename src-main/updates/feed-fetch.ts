import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/**
 * How the updater reaches the feed: `fetch`'s shape, so the app's network
 * options (a proxy, IT's CA bundle) can be handed in by whoever builds the
 * service; Node's own fetch until then.
 */
export type FetchLike = (url: string, init?: { signal?: AbortSignal; headers?: Record<string, string> }) => Promise<Response>;

/** A channel file or signature is a few kilobytes; more is not a feed. */
const MAX_TEXT_BYTES = 1024 * 1024;

export class FeedRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

async function get(fetchFn: FetchLike, url: URL, signal: AbortSignal | undefined): Promise<Response> {
  let response: Response;
  try {
    // The feed decides what is current: never a cached channel file.
    response = await fetchFn(url.href, { headers: { 'cache-control': 'no-cache' }, ...(signal ? { signal } : {}) });
  } catch (error) {
    const why = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    throw new FeedRequestError(`The update feed could not be reached at ${url.origin} (${why}). Check this device's network and the update feed address.`);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new FeedRequestError(`The update feed answered ${response.status} for ${url.pathname}.`, response.status);
  }
  return response;
}

/**
 * A small file from the feed as bytes (channel file, signature), read no
 * further than MAX_TEXT_BYTES: a feed that sends more, or never stops, is
 * cut off there rather than held in memory.
 */
export async function fetchBytes(fetchFn: FetchLike, url: URL, signal?: AbortSignal): Promise<Buffer> {
  const response = await get(fetchFn, url, signal);
  const tooLarge = () => new FeedRequestError(`The update feed's ${url.pathname} is larger than a channel file can be (over ${MAX_TEXT_BYTES / 1024 / 1024} MB).`);
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_TEXT_BYTES) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof FeedRequestError) throw error;
    throw new FeedRequestError(`The update feed's ${url.pathname} could not be read to the end (${error instanceof Error ? error.message : String(error)}).`);
  }
  return Buffer.concat(chunks);
}

/**
 * Streams an installer to `destination`, hashing it on the way (SHA-512,
 * base64, as the feed states it) and stopping past `maxBytes`. A failed
 * download leaves no file behind.
 */
export async function downloadFile(fetchFn: FetchLike, url: URL, destination: string, maxBytes: number, signal?: AbortSignal): Promise<{ sha512: string; size: number }> {
  const response = await get(fetchFn, url, signal);
  if (!response.body) throw new FeedRequestError(`The update feed sent no body for ${url.pathname}.`);
  const hash = createHash('sha512');
  let size = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new FeedRequestError(`The update installer ${url.pathname} is larger than the ${Math.round(maxBytes / 1024 / 1024)} MB the feed said.`));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), count, createWriteStream(destination, { mode: 0o600 }), ...(signal ? [{ signal }] : []));
  } catch (error) {
    await rm(destination, { force: true });
    if (error instanceof FeedRequestError) throw error;
    throw new FeedRequestError(`The update installer could not be downloaded from ${url.origin} (${error instanceof Error ? error.message : String(error)}).`);
  }
  return { sha512: hash.digest('base64'), size };
}
