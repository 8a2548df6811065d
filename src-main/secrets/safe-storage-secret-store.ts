import { readFileSync } from 'node:fs';
import type { StoredSecretName } from '../../shared/domain/settings';
import { keepPrivate, writePrivateFileAtomically } from '../files/private-file';
import type { SecretCipher } from './secret-cipher';
import { assertSecretName, assertSecretValue, describeCause, keychainHelp, SecretStoreError, type SecretStore } from './secret-store';

/** The file in the app's data folder; holds only ciphertext. */
export const SAFE_STORAGE_FILE_NAME = 'secrets.safe-storage.json';

const FILE_FORMAT = 'teamified-kiosk-secrets';

/**
 * What is on disk: each value encrypted with safeStorage, base64. `keyBackend`
 * records where the key was when the file was last written, so a file that
 * no longer decrypts can say why (a Linux session that moved from GNOME to
 * KDE has another key).
 */
interface SecretsFile {
  format: typeof FILE_FORMAT;
  version: 1;
  keyBackend: string;
  secrets: Record<string, string>;
}

/**
 * Linux backends safeStorage can pick that do not encrypt with a key the OS
 * protects: 'basic_text' uses a fixed password built into Chromium (the same
 * on every machine), and 'unknown' means it was asked before the app was ready.
 */
const refusedBackends: Readonly<Record<string, string>> = {
  basic_text: "Electron's safeStorage found no keyring in this session ('basic_text': it would only obscure secrets with a fixed password that is the same on every computer)",
  unknown: "Electron's safeStorage was asked before the app was ready ('unknown')",
};

const backendLabels: Readonly<Record<string, string>> = {
  gnome_libsecret: 'Secret Service',
  kwallet: 'KWallet',
  kwallet5: 'KWallet 5',
  kwallet6: 'KWallet 6',
  keychain: 'macOS Keychain',
  dpapi: 'Windows DPAPI',
};

export interface SafeStorageSecretStoreOptions {
  cipher: SecretCipher;
  /** The secrets file, normally `<data folder>/secrets.safe-storage.json`. */
  file: string;
  platform?: NodeJS.Platform;
  /** Tests only: replaces the atomic owner-only write. */
  writeFile?: (path: string, text: string) => void;
}

/**
 * Secrets encrypted with Electron's safeStorage (the OS keeps the key: the
 * macOS Keychain, Windows DPAPI, or on Linux the Secret Service or KWallet)
 * and kept as base64 in one owner-only file in the data folder, rewritten
 * atomically on every change. The file is read on every call, so it is the
 * only copy of the truth.
 */
export class SafeStorageSecretStore implements SecretStore {
  readonly backend: string;
  private readonly keyBackend: string;

  private constructor(
    private readonly cipher: SecretCipher,
    private readonly file: string,
    private readonly platform: NodeJS.Platform,
    private readonly writeFile: (path: string, text: string) => void,
  ) {
    this.keyBackend = cipher.backend();
    this.backend = `Electron safeStorage (${label(this.keyBackend)})`;
  }

  /**
   * Checks that safeStorage really encrypts here (refusing Linux's
   * 'basic_text') and that the file, when there is one, is readable; throws
   * SecretStoreError saying what to configure otherwise. Call after Electron's
   * app is ready.
   */
  static open(options: SafeStorageSecretStoreOptions): SafeStorageSecretStore {
    const platform = options.platform ?? process.platform;
    const { cipher } = options;
    const refuse = (reason: string) =>
      new SecretStoreError('unavailable', `Secrets cannot be encrypted with Electron's safeStorage: ${reason}. ${safeStorageHelp(platform)}`, reason);

    const keyBackend = cipher.backend();
    const refused = refusedBackends[keyBackend];
    if (refused) throw refuse(refused);
    if (!cipher.isAvailable()) throw refuse(`Electron's safeStorage reports that encryption is not available (key backend '${keyBackend}')`);
    // A key that exists but cannot be used (a keychain that refuses this app) shows up only when used.
    const probe = 'availability-check';
    try {
      if (cipher.decrypt(cipher.encrypt(probe)) !== probe) throw new Error('decrypting gave back different text');
    } catch (error) {
      throw refuse(`encryption does not work (${describeCause(error)})`);
    }

    const store = new SafeStorageSecretStore(cipher, options.file, platform, options.writeFile ?? writePrivateFileAtomically);
    // Refuses a damaged file now rather than at the first secret.
    if (store.read() !== null) keepPrivate(options.file);
    return store;
  }

  /**
   * Whether the file holds any secret, found without decrypting (so without
   * asking the OS for the key). A file that cannot be read or parsed counts
   * as holding secrets: open() then reports what is wrong with it.
   */
  static holdsSecrets(file: string): boolean {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      return !isErrno(error, 'ENOENT');
    }
    try {
      const parsed = parseSecretsFile(text);
      return Object.keys(parsed.secrets).length > 0;
    } catch {
      return true;
    }
  }

  async get(name: StoredSecretName): Promise<string | null> {
    assertSecretName(name);
    const content = this.read();
    const encoded = content?.secrets[name];
    if (encoded === undefined) return null;
    try {
      return this.cipher.decrypt(Buffer.from(encoded, 'base64'));
    } catch (error) {
      const reason = describeCause(error);
      const stored = content?.keyBackend;
      const moved = stored && stored !== this.keyBackend ? ` It was encrypted with the key in ${label(stored)}; this session uses ${label(this.keyBackend)}.` : '';
      throw new SecretStoreError(
        'unavailable',
        `The stored secret "${name}" could not be decrypted (${reason}).${moved} If this user's keyring was reset, store the secret again under Device settings → Stored secrets.`,
        reason,
      );
    }
  }

  async set(name: StoredSecretName, value: string): Promise<void> {
    assertSecretName(name);
    assertSecretValue(name, value);
    const current = this.read();
    let encrypted: Buffer;
    try {
      encrypted = this.cipher.encrypt(value);
    } catch (error) {
      const reason = describeCause(error, value);
      throw new SecretStoreError('unavailable', `The secret "${name}" could not be encrypted with Electron's safeStorage (${reason}). ${safeStorageHelp(this.platform)}`, reason);
    }
    this.write({ ...emptyFile(this.keyBackend), secrets: { ...current?.secrets, [name]: encrypted.toString('base64') } }, name);
  }

  async delete(name: StoredSecretName): Promise<boolean> {
    assertSecretName(name);
    const current = this.read();
    if (current?.secrets[name] === undefined) return false;
    const secrets = { ...current.secrets };
    delete secrets[name];
    this.write({ ...current, secrets }, name);
    return true;
  }

  /** The file's content, or null when there is no file yet. */
  private read(): SecretsFile | null {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return null;
      const reason = describeCause(error);
      throw new SecretStoreError('unavailable', `The secrets file ${this.file} could not be read (${reason}). Check that the user the app runs as owns it.`, reason);
    }
    try {
      return parseSecretsFile(text);
    } catch (error) {
      // Never replaced here: rewriting it would throw away every secret it still holds.
      const reason = describeCause(error);
      throw new SecretStoreError(
        'unavailable',
        `The secrets file ${this.file} is damaged (${reason}). Move it aside, restart Teamified Kiosk and store the secrets again under Device settings → Stored secrets.`,
        reason,
      );
    }
  }

  private write(content: SecretsFile, name: StoredSecretName): void {
    try {
      this.writeFile(this.file, `${JSON.stringify(content, null, 2)}\n`);
    } catch (error) {
      const reason = describeCause(error);
      throw new SecretStoreError(
        'unavailable',
        `The secret "${name}" could not be saved to ${this.file} (${reason}). Check that the folder is writable and the disk is not full.`,
        reason,
      );
    }
  }
}

function emptyFile(keyBackend: string): SecretsFile {
  return { format: FILE_FORMAT, version: 1, keyBackend, secrets: {} };
}

function parseSecretsFile(text: string): SecretsFile {
  const parsed = JSON.parse(text) as unknown;
  if (typeof parsed !== 'object' || parsed === null) throw new Error('not a JSON object');
  const file = parsed as Partial<Record<keyof SecretsFile, unknown>>;
  if (file.format !== FILE_FORMAT || file.version !== 1) throw new Error(`not a version 1 ${FILE_FORMAT} file`);
  const { secrets } = file;
  if (typeof secrets !== 'object' || secrets === null || Array.isArray(secrets)) throw new Error('no "secrets" object');
  for (const [name, value] of Object.entries(secrets)) {
    if (typeof value !== 'string' || value.length === 0) throw new Error(`the entry "${name}" is not base64 text`);
  }
  return {
    format: FILE_FORMAT,
    version: 1,
    keyBackend: typeof file.keyBackend === 'string' ? file.keyBackend : 'unknown',
    secrets: secrets as Record<string, string>,
  };
}

function label(keyBackend: string): string {
  return backendLabels[keyBackend] ?? keyBackend;
}

/** What a person can do when safeStorage cannot be used on this OS. */
export function safeStorageHelp(platform: NodeJS.Platform): string {
  switch (platform) {
    case 'linux':
      return (
        'On Linux, gnome-keyring or KWallet must be running and unlocked in the session of the user the app runs as; ' +
        'when that session is not GNOME or KDE, start the app with --password-store=gnome-libsecret (or kwallet5 / kwallet6).'
      );
    case 'win32':
      return 'On Windows, run the app as a user with a normal (not temporary) Windows profile.';
    default:
      return keychainHelp(platform);
  }
}

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
