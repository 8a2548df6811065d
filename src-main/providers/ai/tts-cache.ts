import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink, utimes, type FileHandle } from 'node:fs/promises';
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
 *
 * The folder is kept under a size limit (issue 19, point 5): after each new
 * file, the least recently used go first, the newest never. Reading a file
 * marks it used (its modification time), so the questions a kiosk keeps
 * asking stay. Pinned files (the question bank's audio, synthesised ahead
 * of time for an interview without the service) are never deleted, though
 * their size counts toward the limit.
 */
export class TtsCache {
  /** The eviction under way, if any: one at a time, and a commit never waits for it. */
  private evicting: Promise<void> | null = null;
  /** File names eviction skips. */
  private pinned = new Set<string>();
  /**
   * The folder's size as the last eviction counted it, plus every file
   * committed since; null until first counted. So the folder is walked only
   * when it may be over the limit, not after every file (the question bank
   * alone adds hundreds). It can only overestimate (a replaced file counts
   * twice), which costs an early walk, and each walk corrects it.
   */
  private knownBytes: number | null = null;
  /** Committed while an eviction walks the folder: it may not have seen them. */
  private bytesDuringEviction = 0;

  constructor(
    private readonly dir: string,
    private readonly options: { maxBytes?: number } = {},
  ) {}

  static key(model: string, voice: string, text: string): string {
    return createHash('sha256').update(`${model}|${voice}|${text}`, 'utf8').digest('hex');
  }

  pathFor(key: SpeechCacheKey): string {
    return join(this.dir, TtsCache.fileName(key));
  }

  static fileName(key: SpeechCacheKey): string {
    return `${TtsCache.key(key.model, key.voice, key.text)}.${key.format}`;
  }

  /**
   * Replaces the set of files eviction never deletes. Files pinned before
   * and not now (the bank in a voice no longer used) become ordinary ones
   * and age out like the rest.
   */
  pin(keys: Iterable<SpeechCacheKey>): void {
    this.pinned = new Set([...keys].map((key) => TtsCache.fileName(key)));
  }

  /** Whether the audio is there, without marking it used (a check is not a play). */
  async has(key: SpeechCacheKey): Promise<boolean> {
    const info = await stat(this.pathFor(key)).catch(() => null);
    return info !== null && info.isFile() && info.size > 0;
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
    await this.markUsed(path);
    return createReadStream(path, { highWaterMark: 64 * 1024 });
  }

  async writer(key: SpeechCacheKey): Promise<CacheWriter> {
    await mkdir(this.dir, { recursive: true });
    const target = this.pathFor(key);
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    const handle: FileHandle = await open(temp, 'wx', 0o600);
    let closed = false;
    let written = 0;
    const committed = async () => {
      // Used now, not when its last byte was written: a long synthesis is not the oldest file.
      await this.markUsed(target);
      if (this.evicting) this.bytesDuringEviction += written;
      if (this.knownBytes !== null) this.knownBytes += written;
      if (this.knownBytes === null || this.knownBytes > this.limit) void this.evictInBackground();
    };
    const close = async () => {
      if (closed) return;
      closed = true;
      await handle.close();
    };
    return {
      async write(chunk) {
        await handle.write(chunk);
        written += chunk.length;
      },
      async commit(patches = []) {
        for (const patch of patches) await handle.write(patch.bytes, 0, patch.bytes.length, patch.offset);
        // On disk before the rename makes it visible, so a power cut cannot leave a named but empty file.
        await handle.sync();
        await close();
        await rename(temp, target);
        await committed();
      },
      async discard() {
        await close().catch(() => {});
        await unlink(temp).catch(() => {});
      },
    };
  }

  private get limit(): number {
    return this.options.maxBytes ?? DEFAULT_MAX_BYTES;
  }

  /** Starts an eviction unless one is running; its promise, for tests. */
  evictInBackground(): Promise<void> {
    this.evicting ??= this.evict().finally(() => {
      this.evicting = null;
      this.bytesDuringEviction = 0;
    });
    return this.evicting;
  }

  /** Resolves once the eviction under way, if any, has finished; for tests. */
  evicted(): Promise<void> {
    return this.evicting ?? Promise.resolve();
  }

  private async markUsed(path: string): Promise<void> {
    const now = new Date();
    // A file evicted meanwhile just fails this.
    await utimes(path, now, now).catch(() => undefined);
  }

  /**
   * Deletes the least recently used files until the folder is under its
   * limit, the newest and pinned ones excepted; files still being written
   * are never counted or touched.
   */
  private async evict(): Promise<void> {
    const limit = this.limit;
    const names = (await readdir(this.dir).catch(() => [] as string[])).filter((name) => !name.endsWith('.tmp'));
    const files: { name: string; path: string; size: number; usedAt: number }[] = [];
    for (const name of names) {
      const path = join(this.dir, name);
      const info = await stat(path).catch(() => null);
      if (info?.isFile()) files.push({ name, path, size: info.size, usedAt: info.mtimeMs });
    }
    let total = files.reduce((sum, file) => sum + file.size, 0);
    // The newest file stays whatever its size: it was just written or asked for, and is about to be played.
    for (const file of files.sort((a, b) => a.usedAt - b.usedAt).slice(0, -1)) {
      if (total <= limit) break;
      if (this.pinned.has(file.name)) continue;
      await unlink(file.path).catch(() => undefined);
      total -= file.size;
    }
    this.knownBytes = total + this.bytesDuringEviction;
  }
}

/** 1 GiB: about six hours of 24 kHz 16-bit mono speech, over a thousand questions of 5 to 15 seconds. */
const DEFAULT_MAX_BYTES = 1024 ** 3;
