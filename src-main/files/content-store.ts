import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, stat, unlink, utimes } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';

export interface StoredContent {
  /** sha256 of the bytes, lower-case hex. */
  hash: string;
  /** Relative to the data directory, with forward slashes, e.g. `files/ab/cdef…`: the data directory can move. */
  relativePath: string;
  size: number;
}

/** The content store's folder in the data folder; backups of the database do not include it. */
export const FILES_DIR = 'files';
const HASH = /^[0-9a-f]{64}$/;

/**
 * Files named by the sha256 of their bytes under `<dataDir>/files/ab/cdef…`,
 * so the same audio is stored once and a path can never point at other
 * bytes. A file is written under a temporary name, fsynced, renamed into
 * place and its folder fsynced: once `put` resolves, the file survives a
 * power cut, so a database row that names it may commit.
 */
export class ContentStore {
  constructor(private readonly dataDir: string) {}

  static hashOf(bytes: Uint8Array): string {
    return createHash('sha256').update(bytes).digest('hex');
  }

  static relativePathFor(hash: string): string {
    if (!HASH.test(hash)) throw new Error(`Not a sha256 hex digest: ${hash.slice(0, 80)}`);
    return `${FILES_DIR}/${hash.slice(0, 2)}/${hash.slice(2)}`;
  }

  absolutePath(relativePath: string): string {
    if (!relativePath.startsWith(`${FILES_DIR}/`) || relativePath.includes('..')) {
      throw new Error(`Not a content-store path: ${relativePath.slice(0, 200)}`);
    }
    return join(this.dataDir, ...relativePath.split('/'));
  }

  async put(bytes: Uint8Array): Promise<StoredContent> {
    const hash = ContentStore.hashOf(bytes);
    const relativePath = ContentStore.relativePathFor(hash);
    const target = this.absolutePath(relativePath);
    const stored = { hash, relativePath, size: bytes.byteLength };
    // Same name, same bytes: a file already in place was made durable by whoever wrote it. Its time is
    // refreshed, so the orphan cleanup (which takes only files untouched for a day) leaves it to the row
    // about to name it; if the cleanup took it meanwhile, it is written again below.
    if ((await hasSize(target, bytes.byteLength)) && (await touch(target))) return stored;

    const folder = dirname(target);
    await mkdir(folder, { recursive: true });
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } catch (error) {
      await handle.close().catch(() => {});
      await unlink(temp).catch(() => {});
      throw error;
    }
    await handle.close();
    try {
      await rename(temp, target);
    } catch (error) {
      await unlink(temp).catch(() => {});
      throw error;
    }
    await syncFolder(folder);
    // A new `ab` folder is itself an entry in `files/`, which must reach the disk too.
    await syncFolder(dirname(folder));
    return stored;
  }

  async read(relativePath: string): Promise<Buffer> {
    return readFile(this.absolutePath(relativePath));
  }

  /**
   * Deletes a file for good (an erasure, or content past its retention): a
   * file already gone counts as deleted, and the folder is fsynced so the
   * deletion survives a power cut. Throws when the file stays.
   */
  async remove(relativePath: string): Promise<void> {
    const target = this.absolutePath(relativePath);
    try {
      await unlink(target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    await syncFolder(dirname(target));
  }
}

async function hasSize(path: string, size: number): Promise<boolean> {
  try {
    const info = await stat(path);
    return info.isFile() && info.size === size;
  } catch {
    return false;
  }
}

/** False when the file is gone; a file that cannot be touched otherwise is still there, which is what matters. */
async function touch(path: string): Promise<boolean> {
  const now = new Date();
  try {
    await utimes(path, now, now);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/** Makes a rename durable. Windows cannot open a folder for fsync; NTFS journals the rename itself. */
async function syncFolder(folder: string): Promise<void> {
  if (sep === '\\') return;
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
