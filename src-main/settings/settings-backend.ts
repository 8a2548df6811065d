/**
 * Where the user's own settings layer lives: a JSON file under Node, an
 * electron-store in the Electron shell. Backends only store and load; the
 * settings service validates what comes back.
 */
export interface SettingsBackend {
  /**
   * The stored value, `{}` when nothing was stored yet. Throws SettingsError
   * ('user-file-invalid') when the stored data cannot be read or parsed.
   */
  read(): unknown;
  /** Replaces the stored value. Throws SettingsError ('write-failed'). */
  write(value: unknown): void;
  /** The file behind it, named in error messages so a person can find it. */
  readonly location?: string;
}
