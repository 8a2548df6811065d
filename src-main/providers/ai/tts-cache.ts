import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { FilePatch } from '../../audio/wav';

export interface SpeechCacheKey {
  model: string;
  voice: string;
  text: string;
  /** The file's extension: the same words in another format are another file. */
  format: string;
}

/** Receives one synthesis as it streams; only `commit()` makes it visible. */
export interface CacheWriter {
  write(chunk: Uint8Array): Promise<void>;
  /** Applies `patches` (e.g. a WAV header's final sizes), then moves the file into place. */
  commit(patches?: FilePatch[]): Promise<void>;
  /** Drops the partial file; safe to call after commit or twice. */
  discard(): Promise<void>;
}

/**
 * Synthesised speech on disk, so the same question in the same voice is
 * paid for once. Files are named by sha256(model|voice|text) and written to
 * a temporary name, then renamed once the whole stream is in: a reader
 * never sees a half-written file, even after a crash, and two writers of
 * the same text simply replace one another with identical bytes.
 */
export class TtsCache {
  constructor(private readonly dir: string) {}

  static key(model: string, voice: string, text: string): string {
    return createHash('sha256').update(`${model}|${voice}|${text}`, 'utf8').digest('hex');
  }

  pathFor(key: SpeechCacheKey): string {
    return join(this.dir, `${TtsCache.key(key.model, key.voice, key.text)}.${key.format}`);
  }

  /** The cached audio as a stream, or null when there is none. */
  async read(key: SpeechCacheKey): Promise<AsyncIterable<Uint8Array> | null> {
    const path = this.pathFor(key);
    try {
      const info = await stat(path);
      if (!info.isFile() || info.size === 0) return null;
    } catch {
      return null;
    }
    return createReadStream(path, { highWaterMark: 64 * 1024 });
  }

  async writer(key: SpeechCacheKey): Promise<CacheWriter> {
    await mkdir(this.dir, { recursive: true });
    const target = this.pathFor(key);
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    const handle: FileHandle = await open(temp, 'wx', 0o600);
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await handle.close();
    };
    return {
      async write(chunk) {
        await handle.write(chunk);
      },
      async commit(patches = []) {
        for (const patch of patches) await handle.write(patch.bytes, 0, patch.bytes.length, patch.offset);
        // On disk before the rename makes it visible, so a power cut cannot leave a named but empty file.
        await handle.sync();
        await close();
        await rename(temp, target);
      },
      async discard() {
        await close().catch(() => {});
        await unlink(temp).catch(() => {});
      },
    };
  }
}
