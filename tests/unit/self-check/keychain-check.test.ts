import { describe, expect, it } from 'vitest';
import { checkKeychain, keychainSource, type KeychainSource } from '../../../src-main/self-check/keychain-check';
import { MemorySecretStore } from '../../../src-main/secrets/memory-secret-store';
import { SecretStoreError, type SecretStore } from '../../../src-main/secrets/secret-store';

const source = (patch: Partial<KeychainSource> = {}): KeychainSource => ({
  backend: 'Secret Service via keytar',
  problem: null,
  hasOpenAiKey: async () => true,
  ...patch,
});

describe('the keychain check', () => {
  it('passes when the keychain works and holds the OpenAI key, naming the keychain', async () => {
    expect(await checkKeychain(source())).toEqual({
      id: 'keychain',
      label: 'Keychain',
      status: 'ok',
      detail: 'Secrets are kept in: Secret Service via keytar. The OpenAI API key is stored.',
      fix: null,
    });
  });

  it('fails when no key is stored, saying where an administrator stores it', async () => {
    const result = await checkKeychain(source({ hasOpenAiKey: async () => false }));
    expect(result).toMatchObject({ status: 'fail', detail: expect.stringContaining('No OpenAI API key is stored') });
    expect(result.fix).toMatch(/Device settings → Stored secrets → “OpenAI API key”/);
  });

  it('fails with the store’s own problem when it cannot keep secrets at all, and does not ask it for the key', async () => {
    let asked = false;
    const result = await checkKeychain(
      source({
        backend: 'unavailable',
        problem: 'No OS keychain answered: install and unlock gnome-keyring.',
        hasOpenAiKey: async () => {
          asked = true;
          return false;
        },
      }),
    );
    expect(asked).toBe(false);
    expect(result).toMatchObject({ status: 'fail', detail: expect.stringContaining('install and unlock gnome-keyring') });
    expect(result.fix).toMatch(/IT sets up the OS keychain/);
  });

  it('fails with the keychain’s message when the key cannot be read', async () => {
    const result = await checkKeychain(
      source({
        hasOpenAiKey: () => Promise.reject(new SecretStoreError('unavailable', 'The keychain is locked: unlock it at sign-in.')),
      }),
    );
    expect(result).toMatchObject({ status: 'fail', detail: expect.stringContaining('The keychain is locked: unlock it at sign-in.') });
    expect(result.fix).toMatch(/unlocks or repairs/);
  });

  it('warns when secrets live only in memory: the key is gone when the app closes', async () => {
    const result = await checkKeychain(source({ backend: 'memory (not persisted)' }));
    expect(result).toMatchObject({ status: 'warn', detail: expect.stringContaining('only in memory') });
  });

  it('reads a real store: its backend, its problem, and the key by name only', async () => {
    const names: string[] = [];
    const store = new MemorySecretStore({ 'openai-api-key': 'sk-test' });
    const watched: SecretStore = Object.assign(Object.create(store) as SecretStore, {
      get: (name: Parameters<SecretStore['get']>[0]) => {
        names.push(name);
        return store.get(name);
      },
    });
    const read = keychainSource(watched);
    expect(read.backend).toBe('memory (not persisted)');
    expect(read.problem).toBeNull();
    expect(await read.hasOpenAiKey()).toBe(true);
    expect(names).toEqual(['openai-api-key']);
    expect(await keychainSource(new MemorySecretStore()).hasOpenAiKey()).toBe(false);
  });
});
