import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { errorText, isErrno, SettingsError } from './errors';
import type { SettingsBackend } from './settings-backend';

/**
 * The user's settings as a JSON file in the data directory. Used by the
 * browser host and tests, and anywhere Electron is not running.
 */
export class FileSettingsBackend implements SettingsBackend {
  constructor(readonly location: string) {}

  read(): unknown {
    let text: string;
    try {
      text = readFileSync(this.location, 'utf8');
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return {};
      throw new SettingsError('user-file-invalid', `Your settings file ${this.location} could not be read (${errorText(error)}). Check its permissions, or delete it to reset settings to their defaults.`, {
        path: this.location,
        cause: error,
      });
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      // Never replaced here: silently resetting would throw away an admin's configuration.
      throw new SettingsError('user-file-invalid', `Your settings file ${this.location} is not valid JSON (${errorText(error)}). Fix it, or delete it to reset settings to their defaults.`, {
        path: this.location,
        cause: error,
      });
    }
  }

  /** Atomic: a crash mid-write leaves the old file or the new one, never half of one. */
  write(value: unknown): void {
    const dir = dirname(this.location);
    const temp = join(dir, `.${basename(this.location)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      mkdirSync(dir, { recursive: true });
      const fd = openSync(temp, 'wx', 0o600);
      try {
        writeSync(fd, `${JSON.stringify(value, null, 2)}\n`);
        // Without fsync a power cut after rename can leave an empty file under the new name.
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, this.location);
      syncDirectory(dir);
    } catch (error) {
      rmSync(temp, { force: true });
      throw new SettingsError('write-failed', `Settings could not be saved to ${this.location} (${errorText(error)}). Check that the folder is writable and the disk is not full.`, {
        path: this.location,
        cause: error,
      });
    }
  }
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
