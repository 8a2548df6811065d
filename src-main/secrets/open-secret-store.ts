import { join } from 'node:path';
import type { Logger } from '../logging/logger-types';
import { KeytarSecretStore, type KeytarApi } from './keytar-secret-store';
import { MemorySecretStore } from './memory-secret-store';
import { moveSecrets, withUnmovedSecrets } from './move-secrets';
import { SAFE_STORAGE_FILE_NAME, SafeStorageSecretStore } from './safe-storage-secret-store';
import type { SecretCipher } from './secret-cipher';
import { describeCause, SecretStoreError, type SecretStore } from './secret-store';
import { noSecretStoreMessage, UnavailableSecretStore } from './unavailable-secret-store';

export interface SafeStorageChoice {
  /** Electron's safeStorage: createSafeStorageCipher() in src-main/shell/safe-storage-cipher.ts. */
  cipher: SecretCipher;
  /** The app's data folder; the encrypted secrets are kept in secrets.safe-storage.json there. */
  dataDir: string;
}

export interface OpenSecretStoreOptions {
  /**
   * 'keychain': the OS keychain through keytar, else Electron's safeStorage
   * (when `safeStorage` is given). 'safe-storage': the other way round, for
   * when the app moves off keytar (archived upstream); secrets then move
   * across on their own. 'memory' is for tests and the browser demo host:
   * nothing survives a restart.
   */
  prefer: 'keychain' | 'safe-storage' | 'memory';
  logger: Logger;
  /** How long the start-up check waits for the keychain. Default 10 s. */
  probeTimeoutMs?: number;
  /** Keychain service name; tests pass their own. */
  service?: string;
  /** Replaces the keytar import (tests). */
  loadKeytar?: () => Promise<KeytarApi>;
  /** Only the Electron app has safeStorage; without it only the keychain is tried. */
  safeStorage?: SafeStorageChoice;
  /**
   * When no backend works. 'throw' (the default): SecretStoreError, for the
   * command line and the browser host, which decide for themselves.
   * 'unavailable-store': a store that keeps nothing and whose `problem` says
   * what IT must configure, so the app starts and tells its admins.
   */
  whenNoneWorks?: 'throw' | 'unavailable-store';
  platform?: NodeJS.Platform;
}

/** A place secrets can be kept, before it is opened. */
interface Backend {
  /** For messages: what was tried. */
  name: string;
  /** Checks that the backend really works here; SecretStoreError says why not. */
  open(): Promise<SecretStore>;
  /** False when it certainly holds nothing to move, found without opening it (no keychain prompt). */
  mayHoldSecrets(): boolean;
}

/**
 * Opens the first backend that works, in the order `prefer` gives, and
 * moves into it any secret a later backend still holds (from the time that
 * one was in use), so switching backend never strands a key. What happens
 * when none works is the caller's choice (`whenNoneWorks`), never made
 * silently here.
 */
export async function openSecretStore(options: OpenSecretStoreOptions): Promise<SecretStore> {
  const { logger } = options;
  if (options.prefer === 'memory') {
    logger.warn('secrets are kept in memory only and are lost when the app stops');
    return new MemorySecretStore();
  }
  const platform = options.platform ?? process.platform;
  const backends = backendsInOrder(options, platform);

  const failures: Array<{ backend: Backend; error: SecretStoreError }> = [];
  for (const [index, backend] of backends.entries()) {
    let store: SecretStore;
    try {
      store = await backend.open();
    } catch (error) {
      failures.push({ backend, error: asSecretStoreError(error) });
      continue;
    }
    if (failures.length === 0) {
      logger.info('secret store ready', { backend: store.backend });
    } else {
      logger.warn('secret store ready, in place of one that is not available', {
        backend: store.backend,
        unavailable: failures.map(({ backend: failed, error }) => `${failed.name}: ${error.reason}`),
      });
    }
    return takeOverSecrets(store, backends.slice(index + 1), logger);
  }

  const lone = failures.length === 1 ? failures[0] : undefined;
  if ((options.whenNoneWorks ?? 'throw') === 'throw') {
    // One backend tried: its own message is the most precise one.
    if (lone) throw lone.error;
    throw new SecretStoreError('unavailable', noneWorksMessage(platform, failures));
  }
  const problem = noneWorksMessage(platform, failures);
  logger.error('no secret store works; the app runs without stored secrets', { problem });
  return new UnavailableSecretStore(problem);
}

function backendsInOrder(options: OpenSecretStoreOptions, platform: NodeJS.Platform): Backend[] {
  const keychain: Backend = {
    name: 'the OS keychain through keytar',
    async open() {
      const store = await KeytarSecretStore.open({
        platform,
        ...(options.service !== undefined ? { service: options.service } : {}),
        ...(options.loadKeytar !== undefined ? { load: options.loadKeytar } : {}),
      });
      await store.probe(options.probeTimeoutMs);
      return store;
    },
    // Unknown without asking it; asking is what open() does.
    mayHoldSecrets: () => true,
  };
  const choice = options.safeStorage;
  if (!choice) return [keychain];
  const file = join(choice.dataDir, SAFE_STORAGE_FILE_NAME);
  const safeStorage: Backend = {
    name: "Electron's safeStorage",
    open: async () => SafeStorageSecretStore.open({ cipher: choice.cipher, file, platform }),
    mayHoldSecrets: () => SafeStorageSecretStore.holdsSecrets(file),
  };
  return options.prefer === 'safe-storage' ? [safeStorage, keychain] : [keychain, safeStorage];
}

/**
 * Moves into `store` what the backends after it (less preferred, not in use)
 * still hold. Those before it could not be opened, so whatever they hold
 * cannot be read now; it stays there until they work again.
 */
async function takeOverSecrets(store: SecretStore, others: readonly Backend[], logger: Logger): Promise<SecretStore> {
  let result = store;
  for (const other of others) {
    if (!other.mayHoldSecrets()) continue;
    let old: SecretStore;
    try {
      old = await other.open();
    } catch (error) {
      logger.warn('secrets kept in another store cannot be read, so they were not moved to the store in use', {
        backend: store.backend,
        unreadable: other.name,
        problem: asSecretStoreError(error).message,
      });
      continue;
    }
    const { moved, unmoved } = await moveSecrets(old, store, logger);
    if (moved.length > 0 || unmoved.length > 0) logger.info('secrets moved between stores', { fromBackend: old.backend, toBackend: store.backend, count: moved.length, unmovedCount: unmoved.length });
    result = withUnmovedSecrets(result, old, unmoved, logger);
  }
  return result;
}

function noneWorksMessage(platform: NodeJS.Platform, failures: ReadonlyArray<{ backend: Backend; error: SecretStoreError }>): string {
  return noSecretStoreMessage(
    platform,
    failures.map(({ backend, error }) => ({ backend: backend.name, reason: error.reason })),
  );
}

/** A backend that fails in an unexpected way (a native module throwing) is as unavailable as one that says so. */
function asSecretStoreError(error: unknown): SecretStoreError {
  if (error instanceof SecretStoreError) return error;
  const reason = describeCause(error);
  return new SecretStoreError('unavailable', `The secret store could not be opened (${reason}).`, reason);
}
