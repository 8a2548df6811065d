import { describe, expect, it, vi } from 'vitest';
import type { SecretOutcome } from '../../../src-main/ipc/core-protocol';
import { RemoteSecretStore, type SecretRequest } from '../../../src-main/core-host/remote-secret-store';
import { SecretStoreError } from '../../../src-main/secrets/secret-store';

/** The core's secret store: every request goes to main; what main's store says comes back as that store would have said it. */
function store(reply: (request: SecretRequest) => SecretOutcome) {
  const ask = vi.fn(async (request: SecretRequest) => reply(request));
  return { secrets: new RemoteSecretStore('Secret Service via keytar', null, ask), ask };
}

describe('the core’s secret store', () => {
  it('asks main for each get, set and delete, and returns what main’s store answered', async () => {
    const { secrets, ask } = store((request) => ({ ok: true, value: request.type === 'secret-get' ? 'sk-value' : request.type === 'secret-delete' ? true : null }));
    expect(secrets.backend).toBe('Secret Service via keytar');
    expect(secrets.problem).toBeNull();
    expect(await secrets.get('openai-api-key')).toBe('sk-value');
    await secrets.set('smtp-password', 'p4ss');
    expect(await secrets.delete('sync-device-credential')).toBe(true);
    expect(ask.mock.calls.map(([request]) => request)).toEqual([
      { type: 'secret-get', name: 'openai-api-key' },
      { type: 'secret-set', name: 'smtp-password', value: 'p4ss' },
      { type: 'secret-delete', name: 'sync-device-credential' },
    ]);
  });

  it('refuses a bad name or value itself, as the real store would, without asking main', async () => {
    const { secrets, ask } = store(() => ({ ok: true, value: null }));
    await expect(secrets.get('password' as never)).rejects.toMatchObject({ code: 'invalid-name' });
    await expect(secrets.set('smtp-password', '')).rejects.toMatchObject({ code: 'invalid-value' });
    await expect(secrets.set('smtp-password', 'x'.repeat(3000))).rejects.toMatchObject({ code: 'invalid-value' });
    expect(ask).not.toHaveBeenCalled();
  });

  it('throws main’s store’s failure as the SecretStoreError it was, code and reason included', async () => {
    const { secrets } = store(() => ({ ok: false, code: 'unavailable', message: 'The keychain is locked. Unlock it.', reason: 'locked' }));
    const failure = await secrets.get('openai-api-key').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SecretStoreError);
    expect(failure).toMatchObject({ code: 'unavailable', message: 'The keychain is locked. Unlock it.', reason: 'locked' });
  });

  it('does not take an answer of the wrong kind for a secret', async () => {
    await expect(store(() => ({ ok: true, value: true })).secrets.get('openai-api-key')).rejects.toThrow(/did not expect/);
    await expect(store(() => ({ ok: true, value: 'yes' })).secrets.delete('openai-api-key')).rejects.toThrow(/did not expect/);
  });
});
