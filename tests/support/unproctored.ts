import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes the settings an admin saves to let candidates start without a
 * proctor's sitting (`interview.requireProctorSitting`, on by default at a
 * kiosk) into a data folder that has none yet. Tests and benchmarks about
 * other things take interviews at such a kiosk; the proctoring tests leave
 * the setting on.
 */
export function turnSittingsOff(dataDir: string): void {
  writeFileSync(join(dataDir, 'settings.json'), `${JSON.stringify({ interview: { requireProctorSitting: false } }, null, 2)}\n`, { flag: 'wx' });
}
