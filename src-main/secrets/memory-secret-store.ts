import type { StoredSecretName } from '../../shared/domain/settings';
import { assertSecretName, assertSecretValue, type SecretStore } from './secret-store';

/**
 * Secrets in a Map, gone when the process ends. For tests and the browser
 * demo host only; the app itself uses the OS keychain. It validates exactly
 * as the keychain store does so tests catch what production would refuse.
 */
export class MemorySecretStore implements SecretStore {
  readonly backend = 'memory (not persisted)';
  private readonly values = new Map<StoredSecretName, string>();

  constructor(initial: Partial<Record<StoredSecretName, string>> = {}) {
    for (const [name, value] of Object.entries(initial)) {
      assertSecretName(name);
      assertSecretValue(name, value);
      this.values.set(name, value);
    }
  }

  async get(name: StoredSecretName): Promise<string | null> {
    assertSecretName(name);
    return this.values.get(name) ?? null;
  }

  async set(name: StoredSecretName, value: string): Promise<void> {
    assertSecretName(name);
    assertSecretValue(name, value);
    this.values.set(name, value);
  }

  async delete(name: StoredSecretName): Promise<boolean> {
    assertSecretName(name);
    return this.values.delete(name);
  }
}
