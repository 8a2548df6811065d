import type { Logger } from '../logging/logger-types';
import { KeytarSecretStore, type KeytarApi } from './keytar-secret-store';
import { MemorySecretStore } from './memory-secret-store';
import type { SecretStore } from './secret-store';

export interface OpenSecretStoreOptions {
  /** 'memory' is for tests and the browser demo host: nothing survives a restart. */
  prefer: 'keychain' | 'memory';
  logger: Logger;
  /** How long the start-up check waits for the keychain. Default 10 s. */
  probeTimeoutMs?: number;
  /** Keychain service name; tests pass their own. */
  service?: string;
  /** Replaces the keytar import (tests). */
  loadKeytar?: () => Promise<KeytarApi>;
}

/**
 * Opens the secret store and checks that it answers. A missing or locked
 * keychain throws SecretStoreError: whether to stop or to carry on without
 * persisted secrets is the caller's decision, so it is never made silently here.
 */
export async function openSecretStore(options: OpenSecretStoreOptions): Promise<SecretStore> {
  if (options.prefer === 'memory') {
    options.logger.warn('secrets are kept in memory only and are lost when the app stops');
    return new MemorySecretStore();
  }
  const store = await KeytarSecretStore.open({
    ...(options.service !== undefined ? { service: options.service } : {}),
    ...(options.loadKeytar !== undefined ? { load: options.loadKeytar } : {}),
  });
  await store.probe(options.probeTimeoutMs);
  options.logger.info('secret store ready', { backend: store.backend });
  return store;
}
