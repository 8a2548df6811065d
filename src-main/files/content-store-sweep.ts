import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContentStore } from './content-store';

/** A file in the content store as it lies on disk. */
export interface ContentFileEntry {
  relativePath: string;
  /** The sha-256 a content file is named by; null for a temporary file a write that never finished left behind. */
  hash: string | null;
  sizeBytes: number;
  modifiedMs: number;
}

/** A content file taken aside for deletion: nothing can read or reuse it under its own name meanwhile. */
export interface ClaimedFile {
  entry: ContentFileEntry;
  relativePath: string;
  /** Its time after the claim: refreshed if a write reused the file just before it was taken. */
  modifiedMs: number;
}

const FOLDER = /^[0-9a-f]{2}$/;
const CONTENT = /^[0-9a-f]{62}$/;
// ContentStore.put writes `<name>.<12 hex>.tmp` and renames it into place.
const TEMPORARY = /^[0-9a-f]{62}\.[0-9a-f]{12}\.tmp$/;
const CLAIMED = /^([0-9a-f]{62})\.[0-9a-f]{12}\.orphan$/;

/**
 * What the orphan cleanup needs of the content store's folder: its files
 * with their times, and a delete in two steps. A file is first renamed
 * aside (claimed), then looked at again, then deleted with the store's own
 * remove (unlinked, its folder fsynced) or put back. A write of the same
 * bytes that comes while a file is claimed finds no file and writes it
 * afresh, so a row about to name it never names a deleted file. Files this
 * code does not recognise are never touched.
 */
export class ContentStoreSweep {
  constructor(
    private readonly dataDir: string,
    private readonly store: Pick<ContentStore, 'absolutePath' | 'remove'>,
  ) {}

  /** Every content and leftover temporary file; claims a crash left behind are put back first. */
  async list(): Promise<ContentFileEntry[]> {
    const root = join(this.dataDir, 'files');
    const entries: ContentFileEntry[] = [];
    for (const folder of (await readdir(root).catch(() => [] as string[])).filter((name) => FOLDER.test(name))) {
      for (const name of await readdir(join(root, folder)).catch(() => [] as string[])) {
        const claimed = CLAIMED.exec(name);
        const own = claimed ? claimed[1]! : name;
        if (claimed) await this.putBack(`files/${folder}/${name}`, `files/${folder}/${own}`);
        if (!CONTENT.test(own) && !TEMPORARY.test(own)) continue;
        const relativePath = `files/${folder}/${own}`;
        const info = await lstat(this.store.absolutePath(relativePath)).catch(() => null);
        if (!info?.isFile()) continue;
        entries.push({ relativePath, hash: CONTENT.test(own) ? folder + own : null, sizeBytes: info.size, modifiedMs: info.mtimeMs });
      }
    }
    return entries;
  }

  /** Renames the file aside; null when it is already gone. */
  async claim(entry: ContentFileEntry): Promise<ClaimedFile | null> {
    const relativePath = `${entry.relativePath}.${randomBytes(6).toString('hex')}.orphan`;
    try {
      await rename(this.store.absolutePath(entry.relativePath), this.store.absolutePath(relativePath));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const info = await lstat(this.store.absolutePath(relativePath));
    return { entry, relativePath, modifiedMs: info.mtimeMs };
  }

  /** Gives a claimed file its name back (the same bytes, if a write put them there meanwhile). */
  release(claim: ClaimedFile): Promise<void> {
    return this.putBack(claim.relativePath, claim.entry.relativePath);
  }

  /** Deletes for good, as an erasure does (ContentStore.remove). */
  delete(relativePath: string): Promise<void> {
    return this.store.remove(relativePath);
  }

  /** Whether a file is under this name now; asked in the same tick as the rows are forgotten, so no write slips between. */
  isPresent(relativePath: string): boolean {
    return existsSync(this.store.absolutePath(relativePath));
  }

  private async putBack(claimedPath: string, ownPath: string): Promise<void> {
    await rename(this.store.absolutePath(claimedPath), this.store.absolutePath(ownPath));
  }
}
