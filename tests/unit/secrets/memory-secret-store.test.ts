import { describe, expect, it } from 'vitest';
import { secretNames } from '../../../shared/domain/settings';
import { MemorySecretStore } from '../../../src-main/secrets/memory-secret-store';
import { MAX_SECRET_BYTES, SecretStoreError } from '../../../src-main/secrets/secret-store';

const value = 'sk-test-memory-0123456789';

describe('MemorySecretStore', () => {
  it('says it does not persist', () => {
    expect(new MemorySecretStore().backend).toBe('memory (not persisted)');
  });

  it('stores, reads, replaces and deletes each secret independently', async () => {
    const store = new MemorySecretStore();
    for (const name of secretNames) expect(await store.get(name)).toBeNull();
    await store.set('openai-api-key', value);
    await store.set('smtp-password', 'mail-pass');
    expect(await store.get('openai-api-key')).toBe(value);
    await store.set('openai-api-key', 'replaced');
    expect(await store.get('openai-api-key')).toBe('replaced');
    expect(await store.delete('openai-api-key')).toBe(true);
    expect(await store.delete('openai-api-key')).toBe(false);
    expect(await store.get('openai-api-key')).toBeNull();
    expect(await store.get('smtp-password')).toBe('mail-pass');
  });

  it('keeps separate instances separate', async () => {
    const a = new MemorySecretStore({ 'sync-device-credential': 'device-1' });
    const b = new MemorySecretStore();
    expect(await a.get('sync-device-credential')).toBe('device-1');
    expect(await b.get('sync-device-credential')).toBeNull();
  });

  it('refuses unknown names, empty and oversized values, without echoing the value', async () => {
    const store = new MemorySecretStore();
    await expect(store.get('root-password' as never)).rejects.toMatchObject({ name: 'SecretStoreError', code: 'invalid-name' });
    await expect(store.set('openai-api-key', '')).rejects.toMatchObject({ code: 'invalid-value' });
    const huge = `sk-${'a'.repeat(MAX_SECRET_BYTES)}`;
    const error = await store.set('openai-api-key', huge).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SecretStoreError);
    expect((error as Error).message).toContain('too long');
    expect((error as Error).message).not.toContain('aaaaaaaa');
    expect(await store.get('openai-api-key')).toBeNull();
  });
});
