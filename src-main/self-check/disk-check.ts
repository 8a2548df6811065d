import { statfs } from 'node:fs/promises';
import { DISK_FAIL_BYTES, isLowDisk } from '../../shared/domain/disk-space';
import { clip, messageOf, type CheckResult } from './check-result';

/** Free space, in bytes, for this user on the drive that holds the app's data folder. */
export interface DiskProbe {
  folder: string;
  freeBytes(): Promise<number>;
}

export function nodeDiskProbe(folder: string): DiskProbe {
  return {
    folder,
    async freeBytes() {
      const stats = await statfs(folder);
      // bavail, not bfree: the blocks an unprivileged user may still write.
      return stats.bavail * stats.bsize;
    },
  };
}

const MB = 1024 * 1024;
const GB = 1024 * MB;

const LABEL = 'Disk space';
const WHY = 'Candidates’ answers are recorded on this drive as uncompressed audio, about 2 MB a minute.';

function amount(bytes: number): string {
  return bytes >= GB ? `${(bytes / GB).toFixed(1)} GB` : `${Math.floor(bytes / MB)} MB`;
}

/** ok from 2 GB free, warn below it, fail below 500 MB. */
export async function checkDisk(probe: DiskProbe): Promise<CheckResult> {
  let free: number;
  try {
    free = await probe.freeBytes();
  } catch (error) {
    return {
      id: 'disk',
      label: LABEL,
      status: 'unknown',
      detail: clip(`The free space of the drive holding the app’s data (${probe.folder}) could not be read: ${messageOf(error)}`),
      fix: 'Check the free space on that drive by hand: keep at least 2 GB free.',
    };
  }
  const found = `${amount(free)} free on the drive holding the app’s data (${probe.folder}).`;
  if (!isLowDisk(free)) return { id: 'disk', label: LABEL, status: 'ok', detail: found, fix: null };
  const fix = `Free up space on that drive, to at least 2 GB. ${WHY}`;
  if (free >= DISK_FAIL_BYTES) return { id: 'disk', label: LABEL, status: 'warn', detail: `${found} That is under 2 GB.`, fix };
  return { id: 'disk', label: LABEL, status: 'fail', detail: `${found} That is under 500 MB: an interview could run out of room mid-answer.`, fix };
}
