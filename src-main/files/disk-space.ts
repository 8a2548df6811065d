import { statfs as nodeStatfs } from 'node:fs/promises';

/** The part of fs.statfs's answer used here; tests pass a drive of any size. */
export type StatFs = (folder: string) => Promise<{ bavail: number; bsize: number; blocks: number }>;

export interface DiskSpace {
  /** What this user may still write: bavail, not bfree (root's reserve is not ours). */
  freeBytes: number;
  totalBytes: number;
}

/** Free and total space of the drive holding `folder`; null when the OS will not say. */
export async function diskSpace(folder: string, statfs: StatFs = nodeStatfs): Promise<DiskSpace | null> {
  try {
    const stats = await statfs(folder);
    return { freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize };
  } catch {
    return null;
  }
}
