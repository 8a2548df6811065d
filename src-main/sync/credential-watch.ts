import type { StoredSecretName } from '../../shared/domain/settings';
import type { SecretStore } from '../secrets/secret-store';

/**
 * The keychain as the admin screens see it, telling sync when its
 * credential was stored or removed, so a device IT has just set up starts
 * syncing (and says so) at once rather than at the next interval.
 */
export function secretsNotifyingSync(store: SecretStore, onCredentialChange: () => void): SecretStore {
  const notify = (name: StoredSecretName) => {
    if (name === 'sync-device-credential') onCredentialChange();
  };
  return {
    get backend() {
      return store.backend;
    },
    get problem() {
      return store.problem ?? null;
    },
    get: (name) => store.get(name),
    async set(name, value) {
      await store.set(name, value);
      notify(name);
    },
    async delete(name) {
      const deleted = await store.delete(name);
      notify(name);
      return deleted;
    },
  };
}
