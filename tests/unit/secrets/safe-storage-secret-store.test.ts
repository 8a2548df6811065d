import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { secretNames, type SecretName } from '../../../shared/domain/settings';
import { SAFE_STORAGE_FILE_NAME, SafeStorageSecretStore } from '../../../src-main/secrets/safe-storage-secret-store';
import { SecretStoreError } from '../../../src-main/secrets/secret-store';
import { fakeCipher } from './fake-safe-storage';

const posix = process.platform !== 'win32';
const values: Record<SecretName, string> = {
  'openai-api-key': 'sk-safe-storage-0123456789abcdef',
  'smtp-password': 'mail-pässwörd-with-ünïcode',
  'sync-device-credential': 'device-credential-9f8e7d',
  'proxy-password': 'proxy-pass-7c2e91',
};

async function failure(promise: Promise<unknown>): Promise<SecretStoreError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SecretStoreError);
  return error as SecretStoreError;
}

function openFailure(open: () => unknown): SecretStoreError {
  try {
    open();
  } catch (error) {
    expect(error).toBeInstanceOf(SecretStoreError);
    return error as SecretStoreError;
  }
  throw new Error('expected open() to refuse');
}

describe('SafeStorageSecretStore', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-safe-storage-'));
    file = join(dir, SAFE_STORAGE_FILE_NAME);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips every secret, keeping only ciphertext on disk', async () => {
    const { cipher } = fakeCipher();
    const store = SafeStorageSecretStore.open({ cipher, file, platform: 'linux' });
    expect(store.backend).toBe('Electron safeStorage (Secret Service)');
    for (const name of secretNames) expect(await store.get(name)).toBeNull();
    expect(existsSync(file)).toBe(false);

    for (const name of secretNames) await store.set(name, values[name]);
    for (const name of secretNames) expect(await store.get(name)).toBe(values[name]);

    const text = readFileSync(file, 'utf8');
    const onDisk = JSON.parse(text) as { secrets: Record<string, string> };
    expect(Object.keys(onDisk.secrets).sort()).toEqual([...secretNames].sort());
    for (const name of secretNames) {
      expect(text).not.toContain(values[name]);
      expect(Buffer.from(onDisk.secrets[name] ?? '', 'base64').subarray(0, 3).toString()).toBe('v11');
    }

    // A second store over the same file (the next start) reads the same.
    const again = SafeStorageSecretStore.open({ cipher, file, platform: 'linux' });
    expect(await again.get('smtp-password')).toBe(values['smtp-password']);

    await store.set('openai-api-key', 'sk-replaced-0001');
    expect(await again.get('openai-api-key')).toBe('sk-replaced-0001');
    expect(await store.delete('openai-api-key')).toBe(true);
    expect(await store.delete('openai-api-key')).toBe(false);
    expect(await again.get('openai-api-key')).toBeNull();
    expect(await again.get('sync-device-credential')).toBe(values['sync-device-credential']);
  });

  it.skipIf(!posix)('keeps the file owner-only (0600) through every write, and repairs a readable one', async () => {
    const { cipher } = fakeCipher();
    const store = SafeStorageSecretStore.open({ cipher, file, platform: 'linux' });
    await store.set('openai-api-key', values['openai-api-key']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await store.set('smtp-password', values['smtp-password']);
    await store.delete('smtp-password');
    expect(statSync(file).mode & 0o777).toBe(0o600);

    chmodSync(file, 0o644);
    SafeStorageSecretStore.open({ cipher, file, platform: 'linux' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('writes atomically: each change replaces the file whole and leaves no temporary file', async () => {
    const { cipher } = fakeCipher();
    const store = SafeStorageSecretStore.open({ cipher, file, platform: 'linux' });
    await store.set('openai-api-key', values['openai-api-key']);
    const first = statSync(file).ino;
    await store.set('smtp-password', values['smtp-password']);
    expect(statSync(file).ino).not.toBe(first);
    expect(readdirSync(dir)).toEqual([SAFE_STORAGE_FILE_NAME]);
  });

  it('keeps what was stored when a write fails, and says so without the value', async () => {
    const { cipher } = fakeCipher();
    const working = SafeStorageSecretStore.open({ cipher, file, platform: 'linux' });
    await working.set('openai-api-key', values['openai-api-key']);
    const broken = SafeStorageSecretStore.open({
      cipher,
      file,
      platform: 'linux',
      writeFile: () => {
        throw new Error('ENOSPC: no space left on device');
      },
    });
    const error = await failure(broken.set('openai-api-key', 'sk-never-stored-0002'));
    expect(error.message).toContain('could not be saved');
    expect(error.message).toContain('ENOSPC');
    expect(error.message).not.toContain('sk-never-stored-0002');
    expect(await working.get('openai-api-key')).toBe(values['openai-api-key']);
  });

  it("refuses Linux's 'basic_text', which only obscures, with what to configure", () => {
    const { cipher } = fakeCipher({ backend: 'basic_text' });
    // Electron can call basic_text "available"; the refusal must not depend on that.
    expect(cipher.isAvailable()).toBe(true);
    const error = openFailure(() => SafeStorageSecretStore.open({ cipher, file, platform: 'linux' }));
    expect(error.code).toBe('unavailable');
    expect(error.reason).toContain("'basic_text'");
    expect(error.message).toContain('gnome-keyring or KWallet');
    expect(error.message).toContain('--password-store=gnome-libsecret');
    expect(existsSync(file)).toBe(false);
  });

  it("refuses a safeStorage asked before the app is ready ('unknown')", () => {
    const { cipher } = fakeCipher({ ready: false });
    const error = openFailure(() => SafeStorageSecretStore.open({ cipher, file, platform: 'linux' }));
    expect(error.reason).toContain('before the app was ready');
  });

  it('refuses when the OS gives no key, or encryption does not work', () => {
    const unavailable = fakeCipher({ platform: 'darwin', available: false });
    expect(openFailure(() => SafeStorageSecretStore.open({ cipher: unavailable.cipher, file, platform: 'darwin' })).message).toMatch(
      /encryption is not available.*macOS unlock the login keychain/,
    );
    const broken = fakeCipher({ platform: 'win32' });
    broken.safeStorage.encryptString = () => {
      throw new Error('DPAPI refused');
    };
    expect(openFailure(() => SafeStorageSecretStore.open({ cipher: broken.cipher, file, platform: 'win32' })).reason).toBe('encryption does not work (DPAPI refused)');
  });

  it('accepts the macOS Keychain and Windows DPAPI, which have no Linux backend name', async () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const { cipher } = fakeCipher({ platform });
      const store = SafeStorageSecretStore.open({ cipher, file: join(dir, `${platform}.json`), platform });
      expect(store.backend).toBe(platform === 'darwin' ? 'Electron safeStorage (macOS Keychain)' : 'Electron safeStorage (Windows DPAPI)');
      await store.set('openai-api-key', values['openai-api-key']);
      expect(await store.get('openai-api-key')).toBe(values['openai-api-key']);
    }
  });

  it('says what to do when a value no longer decrypts (a reset keyring), and can store it again', async () => {
    const before = fakeCipher({ backend: 'gnome_libsecret' });
    await SafeStorageSecretStore.open({ cipher: before.cipher, file, platform: 'linux' }).set('openai-api-key', values['openai-api-key']);
    const after = fakeCipher({ backend: 'kwallet5' });
    const store = SafeStorageSecretStore.open({ cipher: after.cipher, file, platform: 'linux' });
    const error = await failure(store.get('openai-api-key'));
    expect(error.message).toContain('"openai-api-key" could not be decrypted');
    expect(error.message).toContain('encrypted with the key in Secret Service; this session uses KWallet 5');
    expect(error.message).toContain('store the secret again');
    await store.set('openai-api-key', 'sk-stored-again-0003');
    expect(await store.get('openai-api-key')).toBe('sk-stored-again-0003');
  });

  it('refuses a damaged file and never overwrites it', async () => {
    writeFileSync(file, '{"format": "teamified-kiosk-secrets", "version": 1, "secrets": {"openai-api-key": ', { mode: 0o600 });
    const { cipher } = fakeCipher();
    const error = openFailure(() => SafeStorageSecretStore.open({ cipher, file, platform: 'linux' }));
    expect(error.message).toContain(`The secrets file ${file} is damaged`);
    expect(error.message).toContain('Move it aside');
    expect(SafeStorageSecretStore.holdsSecrets(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain('"openai-api-key": ');
  });

  it('holdsSecrets looks at the file without asking safeStorage', async () => {
    expect(SafeStorageSecretStore.holdsSecrets(file)).toBe(false);
    const { cipher, safeStorage } = fakeCipher();
    const store = SafeStorageSecretStore.open({ cipher, file, platform: 'linux' });
    await store.set('smtp-password', values['smtp-password']);
    const calls = safeStorage.calls;
    expect(SafeStorageSecretStore.holdsSecrets(file)).toBe(true);
    await store.delete('smtp-password');
    expect(SafeStorageSecretStore.holdsSecrets(file)).toBe(false);
    expect(safeStorage.calls).toBe(calls);
  });

  it('validates names and values as every store does, without echoing the value', async () => {
    const { cipher } = fakeCipher();
    const store = SafeStorageSecretStore.open({ cipher, file, platform: 'linux' });
    expect((await failure(store.get('root-password' as never))).code).toBe('invalid-name');
    expect((await failure(store.set('openai-api-key', ''))).code).toBe('invalid-value');
    const huge = `sk-${'q'.repeat(4096)}`;
    const tooLong = await failure(store.set('openai-api-key', huge));
    expect(tooLong.code).toBe('invalid-value');
    expect(tooLong.message).not.toContain('qqqqqqqq');
    expect(existsSync(file)).toBe(false);
  });
});
