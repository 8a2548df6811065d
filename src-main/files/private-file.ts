import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fchmodSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Readable and writable by the owner only. */
export const PRIVATE_FILE_MODE = 0o600;

export interface PrivateWriteOptions {
  /** Tests only: runs when the new content is complete and synced in the temporary file, just before it replaces the old one. */
  beforeReplace?: (tempPath: string) => void;
}

/**
 * Replaces `path` with `text`, atomically and owner-only: the content goes
 * to a temporary file beside it (created 0600, so it is never readable by
 * others, not even for a moment), is synced, and is renamed over the old
 * file. A crash or full disk leaves the old file or the new one, never half
 * of one, and no temporary file behind.
 */
export function writePrivateFileAtomically(path: string, text: string, options: PrivateWriteOptions = {}): void {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(temp, 'wx', PRIVATE_FILE_MODE);
    try {
      // open()'s mode is reduced by the umask; set it exactly.
      if (process.platform !== 'win32') fchmodSync(fd, PRIVATE_FILE_MODE);
      writeFileSync(fd, text, 'utf8');
      // Without fsync a power cut after the rename can leave an empty file under the real name.
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    options.beforeReplace?.(temp);
    renameSync(temp, path);
    syncDirectory(dir);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Takes group and other access away from an existing file (one copied in, or made by hand). True when it had to. */
export function keepPrivate(path: string): boolean {
  if (process.platform === 'win32') return false;
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) === 0) return false;
  chmodSync(path, mode & 0o700);
  return true;
}

/** Makes the rename itself durable. Windows cannot open a directory; NTFS journals renames anyway. */
function syncDirectory(dir: string): void {
  if (process.platform === 'win32') return;
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems refuse directory fsync; the data itself is already synced.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
