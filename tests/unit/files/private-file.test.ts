import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keepPrivate, writePrivateFileAtomically } from '../../../src-main/files/private-file';

const posix = process.platform !== 'win32';
const mode = (path: string) => statSync(path).mode & 0o777;

describe('writePrivateFileAtomically', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-private-file-'));
    file = join(dir, 'secrets.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(!posix)('creates the file owner-only, and makes an existing readable file owner-only', () => {
    writePrivateFileAtomically(file, 'one');
    expect(mode(file)).toBe(0o600);
    chmodSync(file, 0o644);
    writePrivateFileAtomically(file, 'two');
    expect(mode(file)).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe('two');
  });

  it('replaces the file by renaming a complete, owner-only copy over it', () => {
    writeFileSync(file, 'old content');
    const oldInode = statSync(file).ino;
    let seen: { old: string; temp: string; tempMode: number; tempDir: string } | undefined;
    writePrivateFileAtomically(file, 'new content', {
      beforeReplace: (temp) => {
        seen = { old: readFileSync(file, 'utf8'), temp: readFileSync(temp, 'utf8'), tempMode: mode(temp), tempDir: join(temp, '..') };
      },
    });
    // Until the rename, the real file still holds the old content and the new one is complete beside it.
    expect(seen).toEqual({ old: 'old content', temp: 'new content', tempMode: posix ? 0o600 : expect.any(Number), tempDir: dir });
    expect(readFileSync(file, 'utf8')).toBe('new content');
    // Another inode: the file was renamed over, not rewritten in place.
    expect(statSync(file).ino).not.toBe(oldInode);
    expect(readdirSync(dir)).toEqual(['secrets.json']);
  });

  it('leaves the old file whole and no temporary file when the write fails', () => {
    writeFileSync(file, 'old content');
    expect(() =>
      writePrivateFileAtomically(file, 'new content', {
        beforeReplace: () => {
          throw new Error('ENOSPC: no space left on device');
        },
      }),
    ).toThrow('ENOSPC');
    expect(readFileSync(file, 'utf8')).toBe('old content');
    expect(readdirSync(dir)).toEqual(['secrets.json']);
  });

  it.skipIf(!posix)('keepPrivate takes group and other access away, and says when it had to', () => {
    writeFileSync(file, 'x', { mode: 0o644 });
    chmodSync(file, 0o644);
    expect(keepPrivate(file)).toBe(true);
    expect(mode(file)).toBe(0o600);
    expect(keepPrivate(file)).toBe(false);
  });
});
