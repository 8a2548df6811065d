import type { StoredSecretName } from '../../shared/domain/settings';
import type { SecretOutcome } from '../ipc/core-protocol';
import { assertSecretName, assertSecretValue, SecretStoreError, type SecretStore } from '../secrets/secret-store';

/** A request to main's store, without its id (the port adds it). */
export type SecretRequest = { type: 'secret-get'; name: StoredSecretName } | { type: 'secret-set'; name: StoredSecretName; value: string } | { type: 'secret-delete'; name: StoredSecretName };

/**
 * The secret store as the core sees it: each get, set and delete is a
 * request to main, which keeps the real store (the OS keychain, or Electron's
 * safeStorage, which exists only in the main process). Only the value asked
 * for crosses, in main's reply. Names and values are checked here first, so a
 * mistake fails exactly as it would against the real store, without a trip.
 */
export class RemoteSecretStore implements SecretStore {
  constructor(
    readonly backend: string,
    readonly problem: string | null,
    private readonly ask: (request: SecretRequest) => Promise<SecretOutcome>,
  ) {}

  async get(name: StoredSecretName): Promise<string | null> {
    assertSecretName(name);
    const value = await this.request({ type: 'secret-get', name });
    if (typeof value === 'boolean') throw unexpected();
    return value;
  }

  async set(name: StoredSecretName, value: string): Promise<void> {
    assertSecretName(name);
    assertSecretValue(name, value);
    await this.request({ type: 'secret-set', name, value });
  }

  async delete(name: StoredSecretName): Promise<boolean> {
    assertSecretName(name);
    const deleted = await this.request({ type: 'secret-delete', name });
    if (typeof deleted !== 'boolean') throw unexpected();
    return deleted;
  }

  private async request(request: SecretRequest): Promise<string | boolean | null> {
    const outcome = await this.ask(request);
    // Rebuilt as the error main's store threw, so handlers tell "unavailable" from a bad value as before.
    if (!outcome.ok) throw new SecretStoreError(outcome.code, outcome.message, outcome.reason);
    return outcome.value;
  }
}

function unexpected(): SecretStoreError {
  return new SecretStoreError('unavailable', 'The secret store gave an answer the app did not expect. Restart the app; if it keeps happening, tell IT.');
}
