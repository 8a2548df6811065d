import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** A file's SHA-512 (base64, as channel files state it) and size, read as a stream: installers are hundreds of megabytes. */
export async function fileDigest(path: string): Promise<{ sha512: string; size: number }> {
  const hash = createHash('sha512');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    hash.update(bytes);
  }
  return { sha512: hash.digest('base64'), size };
}
