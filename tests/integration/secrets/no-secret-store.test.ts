import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type App } from '../../../src-main/app/create-app';
import { createLogger } from '../../../src-main/logging/logger';
import { openSecretStore } from '../../../src-main/secrets/open-secret-store';
import { SAFE_STORAGE_FILE_NAME, SafeStorageSecretStore } from '../../../src-main/secrets/safe-storage-secret-store';
import type { SecretStore } from '../../../src-main/secrets/secret-store';
import { FileSettingsBackend } from '../../../src-main/settings/file-settings-backend';
import { SettingsService } from '../../../src-main/settings/settings-service';
import { buildApp, appCalls, ownWindow, strongPassword } from '../../support/test-app';
import { fakeCipher, type FakeSafeStorageOptions } from '../../unit/secrets/fake-safe-storage';
import { fakeKeytar, tempDataDir } from '../../unit/secrets/support';
import { interviewerPrompt } from '../providers/support';

/**
 * The app on a device where secrets cannot be kept: it starts (it used to
 * exit with a dialog), admins see why, and what needs a secret says it is
 * not configured. Built as src-main/shell/main.ts builds it, with keytar and
 * safeStorage replaced by fakes.
 */

const admin = ownWindow('admin');
let running: { app: App; remove: () => void } | undefined;
afterEach(() => {
  running?.app.close();
  running?.remove();
  running = undefined;
});

async function startApp(options: { keychainWorks: boolean; safeStorage: FakeSafeStorageOptions; before?: (dataDir: string) => Promise<void> }) {
  const data = tempDataDir();
  await options.before?.(data.dir);
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => logLines.push(line) });
  const keytar = fakeKeytar();
  keytar.unreachable = !options.keychainWorks;
  const secrets: SecretStore = await openSecretStore({
    prefer: 'keychain',
    logger,
    loadKeytar: async () => keytar,
    platform: 'linux',
    safeStorage: { cipher: fakeCipher(options.safeStorage).cipher, dataDir: data.dir },
    whenNoneWorks: 'unavailable-store',
  });
  const app = buildApp({
    dataDir: data.dir,
    settings: new SettingsService({ backend: new FileSettingsBackend(join(data.dir, 'settings.json')), machineFilePath: null, logger }),
    secrets,
    logger,
  });
  running = { app, remove: data.remove };
  const created = await app.dispatch('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' }, admin);
  expect(created.ok).toBe(true);
  return { app, logLines };
}

describe('a device with no keychain and no usable safeStorage', () => {
  it('starts, shows admins what IT must configure, and refuses to store a secret with the same words', async () => {
    const { app, logLines } = await startApp({ keychainWorks: false, safeStorage: { backend: 'basic_text' } });

    const status = await appCalls(() => app, 'admin').ok('secrets.getStatus', {});
    expect(status).toMatchObject({ backend: 'unavailable', stored: { 'openai-api-key': false, 'smtp-password': false, 'sync-device-credential': false } });
    const { problem } = status;
    expect(problem).toMatch(/^No keychain is available on this device/);
    expect(problem).toContain('On Linux, install gnome-keyring (or KWallet)');

    const stored = await app.dispatch('secrets.set', { name: 'openai-api-key', value: 'sk-cannot-be-kept-0001' }, admin);
    expect(stored).toEqual({ ok: false, error: { code: 'unavailable', message: problem } });
    expect(logLines.join('\n')).not.toContain('sk-cannot-be-kept-0001');
  });

  it("fails AI calls with the provider layer's not_configured message", async () => {
    const { app } = await startApp({ keychainWorks: false, safeStorage: { available: false } });
    const error = await app.services.ai.languageModel.chat({ task: 'interview', messages: [interviewerPrompt, { role: 'user', content: 'Hi.' }] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'not_configured', retryable: false });
    expect((error as Error).message).toContain('No OpenAI API key is stored on this device');
  });
});

describe('secrets.getStatus on a device whose stores work', () => {
  it('has no problem to report', async () => {
    const { app } = await startApp({ keychainWorks: true, safeStorage: {} });
    expect(await app.dispatch('secrets.getStatus', {}, admin)).toMatchObject({ ok: true, data: { backend: 'Secret Service via keytar', problem: null } });
  });

  it('reports a secret that no longer decrypts as a problem beside the forms, so it can be stored again', async () => {
    const { app } = await startApp({
      keychainWorks: false,
      safeStorage: {},
      // Stored under another key (a keyring that was since reset).
      before: async (dataDir) => {
        const old = SafeStorageSecretStore.open({ cipher: fakeCipher().cipher, file: join(dataDir, SAFE_STORAGE_FILE_NAME), platform: 'linux' });
        await old.set('smtp-password', 'smtp-under-the-old-key');
      },
    });
    const status = await appCalls(() => app, 'admin').ok('secrets.getStatus', {});
    expect(status).toMatchObject({ backend: 'Electron safeStorage (Secret Service)', stored: { 'smtp-password': false } });
    expect(status.problem).toContain('"smtp-password" could not be decrypted');

    expect(await app.dispatch('secrets.set', { name: 'smtp-password', value: 'smtp-stored-again' }, admin)).toEqual({ ok: true, data: { stored: true } });
    expect(await app.dispatch('secrets.getStatus', {}, admin)).toMatchObject({ ok: true, data: { stored: { 'smtp-password': true }, problem: null } });
  });
});
