import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
