import { storedSecretNames, type StoredSecretName } from '../../shared/domain/settings';

/**
 * Where API keys and credentials live. Values stay in the app's own
 * processes (in Electron, main keeps the store and the core asks it for the
 * one value it needs): the renderer may ask whether a secret is stored,
 * never what it is.
 */
export interface SecretStore {
  /** Shown to admins, e.g. "Secret Service via keytar", "Electron safeStorage (Secret Service)" or "unavailable". */
  readonly backend: string;
  /**
   * Set when secrets cannot be kept at all: what IT must configure, shown
   * prominently to admins. Absent or null when the store works.
   */
  readonly problem?: string | null;
  /** The stored value, or null when none is stored. */
  get(name: StoredSecretName): Promise<string | null>;
  /** Stores or replaces the value. */
  set(name: StoredSecretName, value: string): Promise<void>;
  /** True when something was deleted. */
  delete(name: StoredSecretName): Promise<boolean>;
}

export type SecretStoreErrorCode =
  /** The keychain (or the module that reaches it) is missing, locked or not answering. */
  | 'unavailable'
  /** Not one of the known secret names. */
  | 'invalid-name'
  /** Empty or too long to store. */
  | 'invalid-value';

/**
 * A keychain problem. The message says what failed and what to do, and is
 * shown to admins and written to logs, so it never contains a secret value:
 * every message is built from the secret's name and a scrubbed cause.
 */
export class SecretStoreError extends Error {
  readonly code: SecretStoreErrorCode;
  /**
   * The cause alone, in a few words and already scrubbed (e.g. "Cannot
   * autolaunch D-Bus without X11 $DISPLAY"), for a message that sums up
   * several backends' failures without repeating each one's advice.
   */
  readonly reason: string;

  constructor(code: SecretStoreErrorCode, message: string, reason?: string) {
    // No `cause`: the underlying error is outside our control and might quote what it was given.
    super(message);
    this.name = 'SecretStoreError';
    this.code = code;
    this.reason = reason ?? message;
  }
}

/** The cause in one short line, with the value it was given cut out in case a native layer echoed it. */
export function describeCause(error: unknown, value?: string): string {
  let text = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
  if (value) text = text.split(value).join('[secret]');
  return text.length > 300 ? `${text.slice(0, 300)}…` : text || 'no details';
}

/** Windows Credential Manager caps a credential at 2560 bytes; keep under it everywhere so a key that works in tests works on every OS. */
export const MAX_SECRET_BYTES = 2048;

const knownNames: ReadonlySet<string> = new Set(storedSecretNames);

/** Names arrive over IPC: checked at runtime, not only by type. */
export function assertSecretName(name: unknown): asserts name is StoredSecretName {
  if (typeof name !== 'string' || !knownNames.has(name)) {
    throw new SecretStoreError('invalid-name', `Unknown secret name. Use one of: ${storedSecretNames.join(', ')}.`);
  }
}

export function assertSecretValue(name: StoredSecretName, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new SecretStoreError('invalid-value', `The value for "${name}" must be a non-empty text. To remove the secret, delete it instead.`);
  }
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > MAX_SECRET_BYTES) {
    throw new SecretStoreError('invalid-value', `The value for "${name}" is too long (${bytes} bytes; at most ${MAX_SECRET_BYTES}). Check that only the key was pasted.`);
  }
}

/** What a person can do about an unreachable keychain on this OS. */
export function keychainHelp(platform: NodeJS.Platform = process.platform): string {
  switch (platform) {
    case 'darwin':
      return 'On macOS unlock the login keychain (Keychain Access) and try again.';
    case 'win32':
      return 'On Windows check that the Credential Manager service is running and try again.';
    default:
      return 'On Linux install and unlock gnome-keyring or another Secret Service provider (for a headless test run, use scripts/with-keyring.sh).';
  }
}
