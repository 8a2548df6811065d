import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src-main/logging/logger';
import { KeytarSecretStore, type KeytarApi } from '../../../src-main/secrets/keytar-secret-store';
import { openSecretStore } from '../../../src-main/secrets/open-secret-store';
import { SecretStoreError } from '../../../src-main/secrets/secret-store';

const secret = 'sk-unit-0123456789abcdef';

/** A keychain in a Map, or one that fails every call the way libsecret does without D-Bus. */
function fakeKeytar(failure?: (password?: string) => Error): KeytarApi & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  const maybeFail = (password?: string) => {
    if (failure) throw failure(password);
  };
  return {
    entries,
    async getPassword(service, account) {
      maybeFail();
      return entries.get(`${service}/${account}`) ?? null;
    },
    async setPassword(service, account, password) {
      maybeFail(password);
      entries.set(`${service}/${account}`, password);
    },
    async deletePassword(service, account) {
      maybeFail();
      return entries.delete(`${service}/${account}`);
    },
  };
}

const logger = createLogger({ sink: () => {} });

describe('KeytarSecretStore (with a fake keytar)', () => {
  it('files secrets under the service, by secret name', async () => {
    const keytar = fakeKeytar();
    const store = await KeytarSecretStore.open({ load: async () => keytar, platform: 'linux' });
    expect(store.backend).toBe('Secret Service via keytar');
    await store.set('openai-api-key', secret);
    expect([...keytar.entries.keys()]).toEqual(['Teamified Kiosk/openai-api-key']);
    expect(await store.get('openai-api-key')).toBe(secret);
    expect(await store.delete('openai-api-key')).toBe(true);
    expect(await store.get('openai-api-key')).toBeNull();
  });

  it('turns keychain failures into SecretStoreError with advice, never quoting the value', async () => {
    // A native layer that echoes its input is the worst case the message scrubbing guards against.
    const keytar = fakeKeytar((password) => new Error(`Cannot autolaunch D-Bus without X11 $DISPLAY (input: ${password ?? ''})`));
    const store = await KeytarSecretStore.open({ load: async () => keytar, platform: 'linux' });
    const error = await store.set('openai-api-key', secret).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SecretStoreError);
    const message = (error as Error).message;
    expect(message).toContain('openai-api-key');
    expect(message).toContain('Cannot autolaunch D-Bus');
    expect(message).toContain('gnome-keyring');
    expect(message).not.toContain(secret);
    expect(JSON.stringify(error)).not.toContain(secret);
    expect((error as Error).cause).toBeUndefined();
  });

  it('reports a keytar module that cannot load as SecretStoreError', async () => {
    const failing = async (): Promise<KeytarApi> => {
      throw new SecretStoreError('unavailable', 'The OS keychain is not available (the keytar module could not be loaded: gone).');
    };
    await expect(openSecretStore({ prefer: 'keychain', logger, loadKeytar: failing })).rejects.toBeInstanceOf(SecretStoreError);
  });

  it('openSecretStore probes the keychain and throws, not falls back, when it is unreachable', async () => {
    const unreachable = fakeKeytar(() => new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'));
    const error = await openSecretStore({ prefer: 'keychain', logger, loadKeytar: async () => unreachable }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SecretStoreError);
    expect((error as SecretStoreError).code).toBe('unavailable');
    expect((error as Error).message).toMatch(/^The OS keychain is not available \(Cannot autolaunch D-Bus/);
  });

  it('openSecretStore gives up on a keychain that never answers', async () => {
    const silent: KeytarApi = { ...fakeKeytar(), getPassword: () => new Promise(() => {}) };
    await expect(openSecretStore({ prefer: 'keychain', logger, loadKeytar: async () => silent, probeTimeoutMs: 50 })).rejects.toThrow(/no answer within/);
  });

  it("openSecretStore({ prefer: 'memory' }) gives the memory store", async () => {
    const store = await openSecretStore({ prefer: 'memory', logger });
    expect(store.backend).toBe('memory (not persisted)');
  });
});
