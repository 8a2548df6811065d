import { readFileSync } from 'node:fs';
import { writePrivateFileAtomically } from '../files/private-file';
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

  /** Atomic and owner-only (see writePrivateFileAtomically): a crash mid-write leaves the old file or the new one, never half of one. */
  write(value: unknown): void {
    try {
      writePrivateFileAtomically(this.location, `${JSON.stringify(value, null, 2)}\n`);
    } catch (error) {
      throw new SettingsError('write-failed', `Settings could not be saved to ${this.location} (${errorText(error)}). Check that the folder is writable and the disk is not full.`, {
        path: this.location,
        cause: error,
      });
    }
  }
}
