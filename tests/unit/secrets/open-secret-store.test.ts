import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeytarSecretStore } from '../../../src-main/secrets/keytar-secret-store';
import { openSecretStore, type OpenSecretStoreOptions } from '../../../src-main/secrets/open-secret-store';
import { SAFE_STORAGE_FILE_NAME, SafeStorageSecretStore } from '../../../src-main/secrets/safe-storage-secret-store';
import { SecretStoreError, type SecretStore } from '../../../src-main/secrets/secret-store';
import { fakeCipher, type FakeSafeStorageOptions } from './fake-safe-storage';
import { allSecretNames, fakeKeytar, recordingLogger, secretValues, tempDataDir, type FakeKeytar } from './support';

const SERVICE = 'Teamified Kiosk open test';

async function contents(store: SecretStore): Promise<Record<string, string | null>> {
  const found: Record<string, string | null> = {};
  for (const name of allSecretNames) found[name] = await store.get(name);
  return found;
}

describe('openSecretStore: choosing where secrets live', () => {
  let data: ReturnType<typeof tempDataDir>;
  let file: string;
  let keytar: FakeKeytar;
  let log: ReturnType<typeof recordingLogger>;

  beforeEach(() => {
    data = tempDataDir();
    file = join(data.dir, SAFE_STORAGE_FILE_NAME);
    keytar = fakeKeytar();
    log = recordingLogger();
  });
  afterEach(() => data.remove());

  /** The Electron app's call, with fakes for keytar and safeStorage. */
  function open(overrides: Omit<Partial<OpenSecretStoreOptions>, 'safeStorage'> & { safeStorage?: FakeSafeStorageOptions } = {}) {
    const { cipher, safeStorage } = fakeCipher(overrides.safeStorage);
    const { safeStorage: _ignored, ...rest } = overrides;
    const store = openSecretStore({
      prefer: 'keychain',
      logger: log.logger,
      service: SERVICE,
      loadKeytar: async () => keytar,
      platform: 'linux',
      safeStorage: { cipher, dataDir: data.dir },
      whenNoneWorks: 'unavailable-store',
      probeTimeoutMs: 200,
      ...rest,
    });
    return { store, safeStorage };
  }

  /** What safeStorage held before, written the way the app writes it. */
  async function safeStorageHolding(names = allSecretNames, options: FakeSafeStorageOptions = {}) {
    const { cipher } = fakeCipher(options);
    const store = SafeStorageSecretStore.open({ cipher, file, platform: 'linux' });
    for (const name of names) await store.set(name, secretValues[name]);
    return cipher;
  }

  it('uses the OS keychain when it works, without touching safeStorage when it holds nothing', async () => {
    const { store, safeStorage } = open();
    const secrets = await store;
    expect(secrets).toBeInstanceOf(KeytarSecretStore);
    expect(secrets.backend).toBe('Secret Service via keytar');
    expect(secrets.problem ?? null).toBeNull();
    // On macOS the first safeStorage call can ask the user about the keychain: not for nothing.
    expect(safeStorage.calls).toBe(0);
    expect(log.messages()).toContain('secret store ready');
  });

  it('uses safeStorage where keytar cannot reach a keychain, and says why in the log', async () => {
    keytar.unreachable = true;
    const secrets = await open().store;
    expect(secrets).toBeInstanceOf(SafeStorageSecretStore);
    await secrets.set('openai-api-key', secretValues['openai-api-key']);
    expect(await secrets.get('openai-api-key')).toBe(secretValues['openai-api-key']);
    expect(existsSync(file)).toBe(true);
    const line = log.lines.find((l) => l.includes('in place of one that is not available'));
    expect(line).toContain('the OS keychain through keytar: Cannot autolaunch D-Bus');
  });

  it('uses safeStorage when the keytar module cannot even load', async () => {
    const secrets = await open({
      loadKeytar: async () => {
        throw new Error('was compiled against a different Node.js version');
      },
    }).store;
    expect(secrets.backend).toBe('Electron safeStorage (Secret Service)');
  });

  it('moves secrets from safeStorage into the keychain once the keychain works, logging each move', async () => {
    // Kept in safeStorage while the keychain was out; now it answers again.
    const cipher = await safeStorageHolding();
    const secrets = await openSecretStore({
      prefer: 'keychain',
      logger: log.logger,
      service: SERVICE,
      loadKeytar: async () => keytar,
      platform: 'linux',
      safeStorage: { cipher, dataDir: data.dir },
      whenNoneWorks: 'unavailable-store',
    });
    expect(secrets.backend).toBe('Secret Service via keytar');
    expect(await contents(secrets)).toEqual(secretValues);
    expect([...keytar.entries.keys()].sort()).toEqual(allSecretNames.map((name) => `${SERVICE}/${name}`).sort());
    expect(SafeStorageSecretStore.holdsSecrets(file)).toBe(false);
    expect(log.messages().filter((message) => message === 'secret moved')).toHaveLength(allSecretNames.length);
    for (const value of Object.values(secretValues)) {
      expect(log.lines.join('\n')).not.toContain(value);
      expect(readFileSync(file, 'utf8')).not.toContain(value);
    }
  });

  it("with prefer 'safe-storage', moves what the keychain holds into safeStorage", async () => {
    for (const name of allSecretNames) keytar.entries.set(`${SERVICE}/${name}`, secretValues[name]);
    const secrets = await open({ prefer: 'safe-storage' }).store;
    expect(secrets).toBeInstanceOf(SafeStorageSecretStore);
    expect(await contents(secrets)).toEqual(secretValues);
    expect(keytar.entries.size).toBe(0);
    expect(log.messages().filter((message) => message === 'secret moved')).toHaveLength(allSecretNames.length);
  });

  it('still reads a secret whose move failed from where it was, and moves it at the next start', async () => {
    const cipher = await safeStorageHolding();
    keytar.failOn = { call: 'setPassword', account: 'sync-device-credential' };
    const options = {
      prefer: 'keychain' as const,
      logger: log.logger,
      service: SERVICE,
      loadKeytar: async () => keytar,
      platform: 'linux' as const,
      safeStorage: { cipher, dataDir: data.dir },
    };
    const first = await openSecretStore(options);
    expect(await contents(first)).toEqual(secretValues);
    expect(SafeStorageSecretStore.holdsSecrets(file)).toBe(true);

    keytar.failOn = null;
    const second = await openSecretStore(options);
    expect(await contents(second)).toEqual(secretValues);
    expect(SafeStorageSecretStore.holdsSecrets(file)).toBe(false);
  });

  it('leaves safeStorage secrets alone (and says so) when they cannot be read now', async () => {
    await safeStorageHolding(['smtp-password']);
    const before = readFileSync(file, 'utf8');
    // This session's safeStorage is plain obfuscation: not trusted to decrypt, not written.
    const secrets = await open({ safeStorage: { backend: 'basic_text' } }).store;
    expect(secrets.backend).toBe('Secret Service via keytar');
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(log.lines.join('\n')).toContain('cannot be read, so they were not moved');
  });

  it('starts without secrets when neither works: reads find nothing, writes say what IT must configure', async () => {
    keytar.unreachable = true;
    const secrets = await open({ safeStorage: { backend: 'basic_text' } }).store;
    expect(secrets.backend).toBe('unavailable');
    for (const name of allSecretNames) expect(await secrets.get(name)).toBeNull();
    expect(await secrets.delete('openai-api-key')).toBe(false);

    const problem = secrets.problem ?? '';
    expect(problem).toMatch(/^No keychain is available on this device/);
    expect(problem).toContain('On Linux, install gnome-keyring (or KWallet)');
    expect(problem).toContain('unlocked in the session of the user the kiosk runs as');
    expect(problem).toContain('"Secrets on a kiosk" in the README');
    expect(problem).toContain('--password-store=gnome-libsecret');
    // What was tried, each once, without each backend's own advice repeated.
    expect(problem).toContain('the OS keychain through keytar: Cannot autolaunch D-Bus without X11 $DISPLAY');
    expect(problem).toContain("Electron's safeStorage: Electron's safeStorage found no keyring in this session ('basic_text'");

    const error = await secrets.set('openai-api-key', secretValues['openai-api-key']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SecretStoreError);
    expect(error).toMatchObject({ code: 'unavailable', message: problem });
    expect((error as Error).message).not.toContain(secretValues['openai-api-key']);
    expect(existsSync(file)).toBe(false);
    expect(log.lines.find((line) => line.includes('no secret store works'))).toContain('"level":"error"');
  });

  it('gives advice for the OS it runs on', async () => {
    keytar.unreachable = true;
    const mac = await open({ platform: 'darwin', safeStorage: { platform: 'darwin', available: false } }).store;
    expect(mac.problem).toContain('On macOS, the login keychain of the user the kiosk runs as must exist and be unlocked');
    expect(mac.problem).not.toContain('gnome-keyring');
    const windows = await open({ platform: 'win32', safeStorage: { platform: 'win32', available: false } }).store;
    expect(windows.problem).toContain('On Windows');
  });

  it("throws instead (the default, for the command line) when neither works", async () => {
    keytar.unreachable = true;
    const error = await open({ whenNoneWorks: undefined, safeStorage: { backend: 'basic_text' } }).store.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SecretStoreError);
    expect((error as Error).message).toMatch(/^No keychain is available on this device/);
  });

  it('without safeStorage (command line, browser host) behaves as before: the keychain or its own error', async () => {
    keytar.unreachable = true;
    const error = await openSecretStore({ prefer: 'keychain', logger: log.logger, loadKeytar: async () => keytar }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/^The OS keychain is not available \(Cannot autolaunch D-Bus/);
  });

  it('a damaged secrets file does not stop the app: the keychain is used and the file kept', async () => {
    writeFileSync(file, 'not json', { mode: 0o600 });
    const secrets = await open().store;
    expect(secrets.backend).toBe('Secret Service via keytar');
    expect(readFileSync(file, 'utf8')).toBe('not json');
    expect(log.lines.join('\n')).toContain('is damaged');
  });
});
