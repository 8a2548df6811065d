import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * electron-updater's own file for this device's place in a staged rollout
 * (AppUpdater.getOrCreateStagingUserId: `<userData>/.updaterId`, a UUID).
 * The core reads and writes the same file, so its decision and
 * electron-updater's, when the shell installs, are the same decision.
 */
export const STAGING_ID_FILE = '.updaterId';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * This device's number in [0, 100], stable across restarts: the last four
 * bytes of its staging UUID over 0xffffffff, as electron-updater reads them
 * (AppUpdater.isStagingMatch). A missing or damaged file gets a new UUID.
 */
export function deviceRolloutNumber(dataDir: string): number {
  const file = join(dataDir, STAGING_ID_FILE);
  let id: string | null = null;
  try {
    id = readFileSync(file, 'utf8').trim();
  } catch {
    // No file yet: made below.
  }
  if (!id || !UUID.test(id)) {
    id = randomUUID();
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, id);
  }
  const bytes = Buffer.from(id.replace(/-/g, ''), 'hex');
  return (bytes.readUInt32BE(12) / 0xffffffff) * 100;
}

/**
 * Whether a release staged to `percentage` of devices is offered to this
 * one. No percentage: every device. electron-updater reads the percentage
 * with parseInt, so 12.9 means 12; 0 offers it to none, 100 to all.
 */
export function inRollout(percentage: number | undefined, deviceNumber: number): boolean {
  if (percentage === undefined) return true;
  return deviceNumber < Math.trunc(percentage);
}
