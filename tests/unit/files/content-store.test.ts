import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentStore } from '../../../src-main/files/content-store';

describe('the content-addressed file store', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('names files by their sha256 under files/ab/cdef…, and stores the same bytes once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-store-'));
    dirs.push(dataDir);
    const store = new ContentStore(dataDir);
    const bytes = new TextEncoder().encode('answer audio');
    const hash = createHash('sha256').update(bytes).digest('hex');

    const stored = await store.put(bytes);
    expect(stored).toEqual({ hash, relativePath: `files/${hash.slice(0, 2)}/${hash.slice(2)}`, size: bytes.length });
    expect(readFileSync(join(dataDir, 'files', hash.slice(0, 2), hash.slice(2)), 'utf8')).toBe('answer audio');
    expect(await store.put(bytes)).toEqual(stored);
    // No temporary file is left behind.
    expect(readdirSync(join(dataDir, 'files', hash.slice(0, 2)))).toEqual([hash.slice(2)]);
    expect((await store.read(stored.relativePath)).toString('utf8')).toBe('answer audio');
  });

  it('refuses paths that are not its own', () => {
    const store = new ContentStore('/data');
    expect(() => store.absolutePath('../etc/passwd')).toThrow();
    expect(() => store.absolutePath('files/../../etc/passwd')).toThrow();
    expect(() => ContentStore.relativePathFor('not-a-hash')).toThrow();
  });
});
