import { storedSecretNames, type StoredSecretName } from '../../shared/domain/settings';
import type { Logger } from '../logging/logger-types';
import { describeCause, type SecretStore } from './secret-store';

export interface MoveResult {
  /** Now only in the new store. */
  moved: StoredSecretName[];
  /** Still in the old store (and authoritative there): the move failed before the old copy was removed. */
  unmoved: StoredSecretName[];
}

/**
 * Moves every secret `from` holds into `to`, one at a time: read from the
 * old store, write to the new one, read it back, and only when it reads back
 * the same delete the old copy. A failure at any step leaves that secret in
 * the old store (the next start tries again); a value in `to` is replaced,
 * because `from` is only written while it is the store in use, so its copy
 * is the newer one. Logs each move by name, never a value.
 */
export async function moveSecrets(from: SecretStore, to: SecretStore, logger: Logger): Promise<MoveResult> {
  const result: MoveResult = { moved: [], unmoved: [] };
  const where = { fromBackend: from.backend, toBackend: to.backend };
  for (const name of storedSecretNames) {
    let value: string | null = null;
    let replacedExisting = false;
    try {
      value = await from.get(name);
      if (value === null) continue;
      replacedExisting = (await to.get(name)) !== null;
      await to.set(name, value);
      if ((await to.get(name)) !== value) throw new Error(`${to.backend} did not give back what was stored`);
    } catch (error) {
      result.unmoved.push(name);
      logger.warn('secret not moved to the store in use; it stays where it was and is read from there', {
        secretName: name,
        ...where,
        reason: describeCause(error, value ?? undefined),
      });
      continue;
    }
    try {
      await from.delete(name);
    } catch (error) {
      // Both now hold the same value, so nothing is lost; the next start moves it again and retries the delete.
      logger.warn('secret moved, but its old copy could not be deleted', { secretName: name, ...where, reason: describeCause(error, value) });
    }
    result.moved.push(name);
    logger.info('secret moved', { secretName: name, ...where, replacedExisting });
  }
  return result;
}

/**
 * `store`, except that the secrets that could not be moved out of `old` are
 * still read from there, so a failed move costs nothing while the app runs.
 * Storing or deleting one of them also removes the old copy, so a stale
 * value is never moved over a newer one at the next start.
 */
export function withUnmovedSecrets(store: SecretStore, old: SecretStore, unmoved: readonly StoredSecretName[], logger: Logger): SecretStore {
  if (unmoved.length === 0) return store;
  const stillOld = new Set(unmoved);
  const forget = async (name: StoredSecretName) => {
    if (!stillOld.has(name)) return;
    stillOld.delete(name);
    try {
      await old.delete(name);
    } catch (error) {
      logger.warn('an old copy of a secret could not be deleted; delete it by hand or it will replace the new one at the next start', {
        secretName: name,
        fromBackend: old.backend,
        reason: describeCause(error),
      });
    }
  };
  return {
    get backend() {
      return store.backend;
    },
    get problem() {
      return store.problem ?? null;
    },
    async get(name) {
      if (!stillOld.has(name)) return store.get(name);
      return (await old.get(name)) ?? store.get(name);
    },
    async set(name, value) {
      await store.set(name, value);
      await forget(name);
    },
    async delete(name) {
      const deleted = await store.delete(name);
      const hadOld = stillOld.has(name);
      await forget(name);
      return deleted || hadOld;
    },
  };
}
