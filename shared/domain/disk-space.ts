const MB = 1024 * 1024;
const GB = 1024 * MB;

/**
 * How much free space the app needs on the drive holding its data: one
 * rule for the device's self-check and IT's fleet list, so the two never
 * disagree about the same drive. A day of interviews is a few hundred MB of
 * recordings (about 2 MB a minute, uncompressed), and the database and the
 * speech cache grow too; a share of the drive says nothing about that, so
 * a big drive is held to the same figure as a small one.
 */
/** Below this, warn (the self-check) and flag the device (the fleet list). */
export const DISK_WARN_BYTES = 2 * GB;
/** Below this, the self-check fails: one long interview's recordings could fill the drive mid-answer. */
export const DISK_FAIL_BYTES = 500 * MB;

export function isLowDisk(freeBytes: number): boolean {
  return freeBytes < DISK_WARN_BYTES;
}
