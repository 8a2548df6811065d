import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SecretName } from '../../../shared/domain/settings';
import { KeytarSecretStore } from '../../../src-main/secrets/keytar-secret-store';
import { moveSecrets, withUnmovedSecrets } from '../../../src-main/secrets/move-secrets';
import { SAFE_STORAGE_FILE_NAME, SafeStorageSecretStore } from '../../../src-main/secrets/safe-storage-secret-store';
import type { SecretStore } from '../../../src-main/secrets/secret-store';
import { fakeCipher } from './fake-safe-storage';
import { allSecretNames, fakeKeytar, recordingLogger, secretValues, tempDataDir, type FakeKeytar } from './support';

/** Every value, as whichever of the two stores holds it (the old one first, as the app reads an unmoved secret). */
async function everyValue(old: SecretStore, current: SecretStore): Promise<Record<string, string | null>> {
  const found: Record<string, string | null> = {};
  for (const name of allSecretNames) found[name] = (await old.get(name)) ?? (await current.get(name));
  return found;
}

async function contents(store: SecretStore): Promise<Record<string, string | null>> {
  const found: Record<string, string | null> = {};
  for (const name of allSecretNames) found[name] = await store.get(name);
  return found;
}

async function fill(store: SecretStore, names: readonly SecretName[] = allSecretNames): Promise<void> {
  for (const name of names) await store.set(name, secretValues[name]);
}

describe('moving secrets between the keychain and safeStorage', () => {
  let data: ReturnType<typeof tempDataDir>;
  let keytar: FakeKeytar;
  let keychain: KeytarSecretStore;
  let safe: SafeStorageSecretStore;
  let log: ReturnType<typeof recordingLogger>;

  beforeEach(async () => {
    data = tempDataDir();
    keytar = fakeKeytar();
    keychain = await KeytarSecretStore.open({ load: async () => keytar, platform: 'linux', service: 'Teamified Kiosk move test' });
    safe = SafeStorageSecretStore.open({ cipher: fakeCipher().cipher, file: join(data.dir, SAFE_STORAGE_FILE_NAME), platform: 'linux' });
    log = recordingLogger();
  });
  afterEach(() => data.remove());

  it('moves every secret from the keychain to safeStorage and back, without loss, logging names only', async () => {
    await fill(keychain);

    expect(await moveSecrets(keychain, safe, log.logger)).toEqual({ moved: [...allSecretNames], unmoved: [] });
    expect(await contents(safe)).toEqual(secretValues);
    expect(keytar.entries.size).toBe(0);

    expect(await moveSecrets(safe, keychain, log.logger)).toEqual({ moved: [...allSecretNames], unmoved: [] });
    expect(await contents(keychain)).toEqual(secretValues);
    expect(SafeStorageSecretStore.holdsSecrets(join(data.dir, SAFE_STORAGE_FILE_NAME))).toBe(false);

    const moves = log.lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg === 'secret moved');
    expect(moves.map((line) => [line.secretName, line.fromBackend, line.toBackend])).toEqual([
      ...allSecretNames.map((name) => [name, 'Secret Service via keytar', 'Electron safeStorage (Secret Service)']),
      ...allSecretNames.map((name) => [name, 'Electron safeStorage (Secret Service)', 'Secret Service via keytar']),
    ]);
    for (const value of Object.values(secretValues)) expect(log.lines.join('\n')).not.toContain(value);
  });

  it('moves only what is there, and replaces an older copy in the store in use', async () => {
    await fill(safe, ['smtp-password']);
    await keychain.set('smtp-password', 'an-older-smtp-password');
    expect(await moveSecrets(safe, keychain, log.logger)).toEqual({ moved: ['smtp-password'], unmoved: [] });
    expect(await contents(keychain)).toEqual({ 'openai-api-key': null, 'smtp-password': secretValues['smtp-password'], 'sync-device-credential': null, 'proxy-password': null });
    expect(log.lines.find((line) => line.includes('"secret moved"'))).toContain('"replacedExisting":true');
  });

  it('keeps the old copy when writing to the new store fails mid-move', async () => {
    await fill(safe);
    keytar.failOn = { call: 'setPassword', account: 'smtp-password' };
    const result = await moveSecrets(safe, keychain, log.logger);
    expect(result).toEqual({ moved: ['openai-api-key', 'sync-device-credential', 'proxy-password'], unmoved: ['smtp-password'] });
    expect(await safe.get('smtp-password')).toBe(secretValues['smtp-password']);
    expect(await safe.get('openai-api-key')).toBeNull();
    expect(await everyValue(safe, keychain)).toEqual(secretValues);
    expect(log.lines.join('\n')).toContain('secret not moved');
    expect(log.lines.join('\n')).not.toContain(secretValues['smtp-password']);

    // The next start finishes the move.
    keytar.failOn = null;
    expect(await moveSecrets(safe, keychain, log.logger)).toEqual({ moved: ['smtp-password'], unmoved: [] });
    expect(await contents(keychain)).toEqual(secretValues);
  });

  it('keeps the old copy when the new store does not give back what was written', async () => {
    await fill(keychain);
    const forgetful: SecretStore = {
      backend: safe.backend,
      get: async (name) => (name === 'openai-api-key' ? 'sk-something-else-entirely' : safe.get(name)),
      set: (name, value) => safe.set(name, value),
      delete: (name) => safe.delete(name),
    };
    const result = await moveSecrets(keychain, forgetful, log.logger);
    expect(result.unmoved).toEqual(['openai-api-key']);
    expect(await keychain.get('openai-api-key')).toBe(secretValues['openai-api-key']);
    expect(log.lines.join('\n')).toContain('did not give back what was stored');
  });

  it('keeps the old copy when it cannot be read, and still moves the rest', async () => {
    await fill(keychain);
    keytar.failOn = { call: 'getPassword', account: 'openai-api-key' };
    const result = await moveSecrets(keychain, safe, log.logger);
    expect(result).toEqual({ moved: ['smtp-password', 'sync-device-credential', 'proxy-password'], unmoved: ['openai-api-key'] });
    keytar.failOn = null;
    expect(await everyValue(keychain, safe)).toEqual(secretValues);
  });

  it('counts a secret as moved when only the old copy could not be deleted; both then hold the same value', async () => {
    await fill(keychain);
    keytar.failOn = { call: 'deletePassword', account: 'sync-device-credential' };
    expect((await moveSecrets(keychain, safe, log.logger)).moved).toEqual([...allSecretNames]);
    expect(await keychain.get('sync-device-credential')).toBe(secretValues['sync-device-credential']);
    expect(await safe.get('sync-device-credential')).toBe(secretValues['sync-device-credential']);
    expect(log.lines.join('\n')).toContain('its old copy could not be deleted');
  });
});

describe('withUnmovedSecrets', () => {
  let data: ReturnType<typeof tempDataDir>;
  let keytar: FakeKeytar;
  let keychain: KeytarSecretStore;
  let safe: SafeStorageSecretStore;
  const { logger } = recordingLogger();

  beforeEach(async () => {
    data = tempDataDir();
    keytar = fakeKeytar();
    keychain = await KeytarSecretStore.open({ load: async () => keytar, platform: 'linux' });
    safe = SafeStorageSecretStore.open({ cipher: fakeCipher().cipher, file: join(data.dir, SAFE_STORAGE_FILE_NAME), platform: 'linux' });
  });
  afterEach(() => data.remove());

  it('is the store itself when everything moved', () => {
    expect(withUnmovedSecrets(keychain, safe, [], logger)).toBe(keychain);
  });

  it('reads an unmoved secret from the old store, and a new value replaces both copies for good', async () => {
    await fill(safe);
    keytar.failOn = { call: 'setPassword', account: 'openai-api-key' };
    const { unmoved } = await moveSecrets(safe, keychain, logger);
    keytar.failOn = null;
    const store = withUnmovedSecrets(keychain, safe, unmoved, logger);
    expect(store.backend).toBe(keychain.backend);
    expect(await contents(store)).toEqual(secretValues);

    await store.set('openai-api-key', 'sk-rotated-after-failed-move');
    expect(await safe.get('openai-api-key')).toBeNull();
    expect(await store.get('openai-api-key')).toBe('sk-rotated-after-failed-move');
    // So the next start has nothing stale to move over the new value.
    expect((await moveSecrets(safe, keychain, logger)).moved).toEqual([]);
    expect(await keychain.get('openai-api-key')).toBe('sk-rotated-after-failed-move');
  });

  it('deletes an unmoved secret from the old store too', async () => {
    await fill(safe, ['smtp-password']);
    const store = withUnmovedSecrets(keychain, safe, ['smtp-password'], logger);
    expect(await store.delete('smtp-password')).toBe(true);
    expect(await store.get('smtp-password')).toBeNull();
    expect(await safe.get('smtp-password')).toBeNull();
  });
});
