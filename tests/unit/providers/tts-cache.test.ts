import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TtsCache } from '../../../src-main/providers/ai/tts-cache';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-tts-cache-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const key = { model: 'tts-1', voice: 'alloy', text: 'Hello.', format: 'wav' };

async function read(cache: TtsCache): Promise<Buffer | null> {
  const stream = await cache.read(key);
  if (!stream) return null;
  const parts: Uint8Array[] = [];
  for await (const chunk of stream) parts.push(chunk);
  return Buffer.concat(parts);
}

describe('TtsCache', () => {
  it('names files sha256(model|voice|text), with the format as extension', () => {
    const cache = new TtsCache(dir);
    const hash = createHash('sha256').update('tts-1|alloy|Hello.').digest('hex');
    expect(cache.pathFor(key)).toBe(join(dir, `${hash}.wav`));
    expect(cache.pathFor({ ...key, voice: 'nova' })).not.toBe(cache.pathFor(key));
    expect(cache.pathFor({ ...key, format: 'mp3' })).toBe(join(dir, `${hash}.mp3`));
  });

  it('shows nothing until the whole stream is committed, then serves it', async () => {
    const cache = new TtsCache(join(dir, 'created-on-demand'));
    const writer = await cache.writer(key);
    await writer.write(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]));
    expect(await read(cache)).toBeNull();
    await writer.commit([{ offset: 2, bytes: new Uint8Array([9, 9]) }]);
    expect([...(await read(cache))!]).toEqual([1, 2, 9, 9, 5, 6, 7, 8]);
    expect(readdirSync(join(dir, 'created-on-demand'))).toHaveLength(1);
  });

  it('discard leaves no file at all', async () => {
    const cache = new TtsCache(dir);
    const writer = await cache.writer(key);
    await writer.write(new Uint8Array([1]));
    await writer.discard();
    await writer.discard();
    expect(readdirSync(dir)).toEqual([]);
    expect(await read(cache)).toBeNull();
  });

  it('a second writer of the same text replaces the first whole', async () => {
    const cache = new TtsCache(dir);
    const a = await cache.writer(key);
    const b = await cache.writer(key);
    await a.write(new Uint8Array([1, 1]));
    await b.write(new Uint8Array([2, 2]));
    await a.commit();
    await b.commit();
    expect(readdirSync(dir)).toHaveLength(1);
    expect([...readFileSync(cache.pathFor(key))]).toEqual([2, 2]);
    expect(existsSync(cache.pathFor(key))).toBe(true);
  });
});

describe('TtsCache size limit', () => {
  const keyOf = (text: string) => ({ ...key, text });
  async function put(cache: TtsCache, text: string, bytes: number): Promise<void> {
    const writer = await cache.writer(keyOf(text));
    await writer.write(new Uint8Array(bytes).fill(1));
    await writer.commit();
    await cache.evictInBackground();
  }
  /** Sets when a file was last used, minutes ago, so the order does not hang on the clock's last milliseconds. */
  const usedMinutesAgo = (cache: TtsCache, text: string, minutes: number) => {
    const at = new Date(Date.now() - minutes * 60_000);
    utimesSync(cache.pathFor(keyOf(text)), at, at);
  };
  const stored = () => readdirSync(dir).filter((name) => !name.endsWith('.tmp')).sort();
  const names = (cache: TtsCache, ...texts: string[]) => texts.map((text) => basename(cache.pathFor(keyOf(text)))).sort();

  it('evicts the least recently used files once over the limit; a read counts as a use; a file being written is left alone', async () => {
    const cache = new TtsCache(dir, { maxBytes: 250 });
    await put(cache, 'one', 100);
    await put(cache, 'two', 100);
    usedMinutesAgo(cache, 'one', 30);
    usedMinutesAgo(cache, 'two', 20);
    // Reading "one" makes it the most recently used of the two.
    expect(await cache.read(keyOf('one'))).not.toBeNull();
    expect(statSync(cache.pathFor(keyOf('one'))).mtimeMs).toBeGreaterThan(Date.now() - 60_000);

    const big = await cache.writer(keyOf('big'));
    await big.write(new Uint8Array(500));
    await put(cache, 'three', 100);
    expect(stored()).toEqual(names(cache, 'one', 'three'));
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toHaveLength(1);

    usedMinutesAgo(cache, 'one', 10);
    usedMinutesAgo(cache, 'three', 5);
    await big.commit();
    await cache.evictInBackground();
    // The new 500-byte file alone is over the limit: everything older goes, and it stays, being the newest.
    expect(stored()).toEqual(names(cache, 'big'));
  });

  it('keeps everything while under the limit', async () => {
    const cache = new TtsCache(dir, { maxBytes: 1000 });
    for (const text of ['a', 'b', 'c']) await put(cache, text, 100);
    expect(stored()).toHaveLength(3);
  });

  it('never evicts pinned files: the unpinned old ones go first, and a file unpinned later ages out like any other', async () => {
    const cache = new TtsCache(dir, { maxBytes: 250 });
    await put(cache, 'bank one', 100);
    await put(cache, 'bank two', 100);
    cache.pin([keyOf('bank one'), keyOf('bank two')]);
    // Aged before the next file goes over the limit, so 'asked once' is the newest by minutes, not by a millisecond a busy machine may not give.
    usedMinutesAgo(cache, 'bank one', 60);
    usedMinutesAgo(cache, 'bank two', 50);
    await put(cache, 'asked once', 100);
    usedMinutesAgo(cache, 'asked once', 40);

    await put(cache, 'asked now', 100);
    // 400 bytes over a 250-byte limit: the two oldest are pinned, so the next oldest goes, and the newest stays though still over.
    expect(stored()).toEqual(names(cache, 'bank one', 'bank two', 'asked now'));

    // Another voice's bank is pinned instead: the old bank is ordinary now, least recently used, and goes first.
    cache.pin([keyOf('bank two')]);
    usedMinutesAgo(cache, 'asked now', 30);
    await put(cache, 'asked later', 50);
    expect(stored()).toEqual(names(cache, 'bank two', 'asked now', 'asked later'));
  });

  it('walks the folder only when what it knows of may be over the limit, not after every file', async () => {
    const cache = new TtsCache(dir, { maxBytes: 250 });
    const commit = async (text: string, bytes: number) => {
      const writer = await cache.writer(keyOf(text));
      await writer.write(new Uint8Array(bytes).fill(1));
      await writer.commit();
      await cache.evicted();
    };
    // The first file has the folder counted; a file it never wrote (another copy of the app) is not known of after that.
    await commit('a', 100);
    writeFileSync(join(dir, 'foreign.wav'), new Uint8Array(1000));
    utimesSync(join(dir, 'foreign.wav'), new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    await commit('b', 100);
    expect(existsSync(join(dir, 'foreign.wav'))).toBe(true);
    // Aged by minutes, so the order does not hang on a millisecond a busy machine may not give.
    usedMinutesAgo(cache, 'a', 30);
    usedMinutesAgo(cache, 'b', 20);
    // 300 bytes known of, over 250: the walk finds the foreign file too, and the oldest go until under the limit.
    await commit('c', 100);
    expect(stored()).toEqual(names(cache, 'b', 'c'));
  });

  it('has() says whether a file is there without marking it used', async () => {
    const cache = new TtsCache(dir);
    expect(await cache.has(keyOf('absent'))).toBe(false);
    await put(cache, 'present', 10);
    usedMinutesAgo(cache, 'present', 30);
    const before = statSync(cache.pathFor(keyOf('present'))).mtimeMs;
    expect(await cache.has(keyOf('present'))).toBe(true);
    expect(statSync(cache.pathFor(keyOf('present'))).mtimeMs).toBe(before);
  });
});
