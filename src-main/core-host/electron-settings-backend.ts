import Store from 'electron-store';
import { join } from 'node:path';
import { errorText, SettingsError } from '../settings/errors';
import type { SettingsBackend } from '../settings/settings-backend';

export interface ElectronSettingsBackendOptions {
  /** File name without `.json`. Default 'settings'. */
  name?: string;
  /**
   * The folder (Electron's userData), absolute. Required: the core runs in a
   * utility process, where Electron's `app` (electron-store's default) does not exist.
   */
  cwd: string;
}

// electron-store keeps its own bookkeeping (migrations) under this key; it is not a setting.
const INTERNAL_KEY = '__internal__';

/**
 * The user's settings layer on electron-store, for the app (the file it has
 * always written). electron-store imports Electron, so only the core running
 * in Electron's utility process loads this file, and only on demand
 * (open-settings.ts); under plain Node the same settings.json is read with
 * FileSettingsBackend. The store is opened lazily so a damaged file surfaces
 * through read() as a SettingsError naming the file, like the plain-file
 * backend does.
 */
export class ElectronSettingsBackend implements SettingsBackend {
  readonly location: string;
  private readonly name: string;
  private readonly cwd: string;
  private store: Store | null = null;

  constructor(options: ElectronSettingsBackendOptions) {
    this.name = options.name ?? 'settings';
    this.cwd = options.cwd;
    this.location = join(this.cwd, `${this.name}.json`);
  }

  read(): unknown {
    let data: Record<string, unknown>;
    try {
      data = this.open().store;
    } catch (error) {
      throw new SettingsError(
        'user-file-invalid',
        `Your settings file ${this.location} could not be read (${errorText(error)}). Fix it, or delete it to reset settings to their defaults.`,
        { path: this.location, cause: error },
      );
    }
    const { [INTERNAL_KEY]: _internal, ...settings } = data;
    return settings;
  }

  write(value: unknown): void {
    try {
      // electron-store writes atomically (temp file + rename) itself.
      this.open().store = value as Record<string, unknown>;
    } catch (error) {
      throw new SettingsError(
        'write-failed',
        `Settings could not be saved to ${this.location} (${errorText(error)}). Check that the folder is writable and the disk is not full.`,
        { path: this.location, cause: error },
      );
    }
  }

  private open(): Store {
    // clearInvalidConfig: false makes a damaged file an error instead of a silent reset to defaults.
    this.store ??= new Store({ name: this.name, cwd: this.cwd, clearInvalidConfig: false, configFileMode: 0o600 });
    return this.store;
  }
}
