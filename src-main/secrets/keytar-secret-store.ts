import type { StoredSecretName } from '../../shared/domain/settings';
import { assertSecretName, assertSecretValue, describeCause, keychainHelp, SecretStoreError, type SecretStore } from './secret-store';

/** The keychain "service" every entry is filed under; the secret name is the account. */
export const KEYCHAIN_SERVICE = 'Teamified Kiosk';

/**
 * The part of keytar this app uses. keytar's upstream repository is
 * archived, so nothing outside this file may depend on it: replacing it
 * (Electron safeStorage, a maintained fork, a per-OS CLI) means writing one
 * more SecretStore, not touching callers.
 */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export interface KeytarSecretStoreOptions {
  /** Default KEYCHAIN_SERVICE; tests use their own so they never touch a real key. */
  service?: string;
  /** Default: imports the real keytar module. */
  load?: () => Promise<KeytarApi>;
  platform?: NodeJS.Platform;
}

// A variable specifier keeps TypeScript and the bundler away from the module:
// keytar is an optional native dependency that may be absent, and a static
// import would fail at module load instead of when the keychain is opened.
const KEYTAR_MODULE = 'keytar';

/** Imports keytar, or throws SecretStoreError saying why it cannot be used. */
export async function loadKeytar(platform: NodeJS.Platform = process.platform): Promise<KeytarApi> {
  let loaded: unknown;
  try {
    loaded = await import(/* @vite-ignore */ KEYTAR_MODULE);
  } catch (error) {
    const reason = `the keytar module could not be loaded: ${describeCause(error)}`;
    throw new SecretStoreError(
      'unavailable',
      `The OS keychain is not available (${reason}). ` +
        `Reinstall Teamified Kiosk; in a development checkout run \`npm install\`${platform === 'linux' ? ' with libsecret-1-dev installed' : ''}.`,
      reason,
    );
  }
  // keytar is CommonJS: under ESM its functions sit on `default`.
  const api = (loaded as { default?: unknown }).default ?? loaded;
  if (!isKeytarApi(api)) {
    const reason = 'the keytar module loaded but does not look like keytar';
    throw new SecretStoreError('unavailable', `The OS keychain is not available (${reason}). Reinstall Teamified Kiosk.`, reason);
  }
  return api;
}

/** The OS keychain (macOS Keychain, Windows Credential Manager, Linux Secret Service) through keytar. */
export class KeytarSecretStore implements SecretStore {
  readonly backend: string;

  private constructor(
    private readonly keytar: KeytarApi,
    private readonly service: string,
    private readonly platform: NodeJS.Platform,
  ) {
    this.backend = `${keychainName(platform)} via keytar`;
  }

  /** Loads keytar; does not yet talk to the keychain (see probe()). */
  static async open(options: KeytarSecretStoreOptions = {}): Promise<KeytarSecretStore> {
    const platform = options.platform ?? process.platform;
    const keytar = await (options.load ?? (() => loadKeytar(platform)))();
    return new KeytarSecretStore(keytar, options.service ?? KEYCHAIN_SERVICE, platform);
  }

  /**
   * One harmless lookup, so an unreachable keychain is found at start-up
   * rather than when an admin first saves a key. The timeout guards against
   * a Secret Service that accepts the call and never answers.
   */
  async probe(timeoutMs = 10_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
      timer.unref();
    });
    try {
      await Promise.race([this.keytar.getPassword(this.service, 'availability-check'), timeout]);
    } catch (error) {
      throw this.unavailable(error);
    } finally {
      clearTimeout(timer);
    }
  }

  async get(name: StoredSecretName): Promise<string | null> {
    assertSecretName(name);
    try {
      return await this.keytar.getPassword(this.service, name);
    } catch (error) {
      throw this.failed('read', name, error);
    }
  }

  async set(name: StoredSecretName, value: string): Promise<void> {
    assertSecretName(name);
    assertSecretValue(name, value);
    try {
      await this.keytar.setPassword(this.service, name, value);
    } catch (error) {
      throw this.failed('store', name, error, value);
    }
  }

  async delete(name: StoredSecretName): Promise<boolean> {
    assertSecretName(name);
    try {
      return await this.keytar.deletePassword(this.service, name);
    } catch (error) {
      throw this.failed('delete', name, error);
    }
  }

  private unavailable(error: unknown): SecretStoreError {
    const reason = describeCause(error);
    return new SecretStoreError('unavailable', `The OS keychain is not available (${reason}). ${keychainHelp(this.platform)}`, reason);
  }

  private failed(action: string, name: StoredSecretName, error: unknown, value?: string): SecretStoreError {
    const reason = describeCause(error, value);
    return new SecretStoreError(
      'unavailable',
      `Could not ${action} the secret "${name}" in the OS keychain (${reason}). ${keychainHelp(this.platform)}`,
      reason,
    );
  }
}

function keychainName(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service';
}

function isKeytarApi(value: unknown): value is KeytarApi {
  const candidate = value as Partial<Record<keyof KeytarApi, unknown>> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.getPassword === 'function' &&
    typeof candidate.setPassword === 'function' &&
    typeof candidate.deletePassword === 'function'
  );
}
