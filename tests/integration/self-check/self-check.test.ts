import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskCheck } from '../../../shared/ipc/kiosk-channels';
import type { App } from '../../../src-main/app/create-app';
import { createLogger } from '../../../src-main/logging/logger';
import { MemorySecretStore } from '../../../src-main/secrets/memory-secret-store';
import { FileSettingsBackend } from '../../../src-main/settings/file-settings-backend';
import { SettingsService } from '../../../src-main/settings/settings-service';
import type { SecretStore } from '../../../src-main/secrets/secret-store';
import { linkedCore, turn, type LinkedCore } from '../core-host/support';
import { TEST_API_KEY, useFakeOpenAi } from '../providers/support';
import { appCalls, buildApp, strongPassword } from '../../support/test-app';

/**
 * The pre-sitting self-check through the real app (issue 17, point 5): the
 * real dispatcher and role checks, the real keychain store and sync status,
 * statfs on the real data folder, and the provider's reachability call
 * through the real `openai` SDK to the fake server. In the browser host (as
 * here) no shell reports, so its three checks are 'unknown'; the core-host
 * test at the end sends the shell's facts the way the Electron shell does.
 */
const fake = useFakeOpenAi();

interface Kiosk {
  app: App;
  dataDir: string;
  calls: ReturnType<typeof appCalls>;
  close(): void;
}

let kiosk: Kiosk | null = null;
let core: LinkedCore | null = null;
afterEach(async () => {
  kiosk?.close();
  kiosk = null;
  await core?.cleanup();
  core = null;
});

function startKiosk(secrets: SecretStore = new MemorySecretStore({ 'openai-api-key': TEST_API_KEY })): Kiosk {
  const dataDir = mkdtempSync(join(tmpdir(), 'self-check-'));
  const logger = createLogger({ level: 'error', sink: () => {} });
  const settings = new SettingsService({ backend: new FileSettingsBackend(join(dataDir, 'settings.json')), machineFilePath: null, logger });
  settings.update({ mode: 'kiosk', provider: { baseUrl: fake.server.url } });
  const app = buildApp({ dataDir, settings, secrets, logger });
  const started: Kiosk = {
    app,
    dataDir,
    calls: appCalls(() => app, 'admin'),
    close() {
      app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  kiosk = started;
  return started;
}

/** The first admin, and a signed-in proctor, candidate, recruiter and viewer, each in a window of their own. */
async function people({ calls }: Kiosk): Promise<void> {
  await calls.ok('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' }, 'admin');
  for (const role of ['proctor', 'recruiter', 'viewer'] as const) {
    await calls.ok('staff.create', { email: `${role}@example.com`, password: strongPassword, fullName: `Some ${role}`, role }, 'admin');
    await calls.ok('auth.signIn', { accountKind: 'staff', email: `${role}@example.com`, password: strongPassword }, role);
  }
  await calls.ok('auth.registerCandidate', { email: 'cand@example.com', password: strongPassword, fullName: 'Cara Candidate' }, 'candidate');
}

const byId = (checks: KioskCheck[]) => Object.fromEntries(checks.map((check) => [check.id, check])) as Record<KioskCheck['id'], KioskCheck>;

describe('kiosk.selfCheck', () => {
  it('answers a proctor with every check main makes, the provider reached through the real SDK', async () => {
    const { calls } = startKiosk();
    await people(kiosk!);
    const report = await calls.ok('kiosk.selfCheck', {}, 'proctor');
    const checks = byId(report.checks);
    expect(Object.keys(checks).sort()).toEqual(['bank-audio', 'clock', 'disk', 'displays', 'keychain', 'network', 'os-kiosk', 'provider', 'sandbox', 'sync', 'updates']);
    // The question bank's audio is prepared after the kiosk has been idle a while: not yet, just started.
    expect(checks['bank-audio']).toMatchObject({ status: 'warn', detail: expect.stringMatching(/^0 of 360 question bank questions ready/) });

    expect(checks.provider).toMatchObject({ status: 'ok', fix: null });
    expect(checks.provider.detail).toMatch(/^127\.0\.0\.1:\d+ \(model gpt-[^)]+\) answered in \d+ ms; the key was accepted\.$/);
    // One small authenticated chat call, the provider check's ping.
    const chat = fake.server.requests.filter((request) => request.endpoint === 'chat');
    expect(chat).toHaveLength(1);
    expect(chat[0]!.headers['authorization']).toBe(`Bearer ${TEST_API_KEY}`);
    expect(JSON.stringify(chat[0]!.json)).toContain('Reply with one word: ready.');

    // An in-memory store holds the key, but only until the app closes.
    expect(checks.keychain).toMatchObject({ status: 'warn', detail: expect.stringContaining('memory (not persisted)') });
    expect(checks.disk.status).not.toBe('unknown');
    expect(checks.disk.detail).toContain(`free on the drive holding the app’s data (${kiosk!.dataDir})`);
    expect(checks.sync).toMatchObject({ status: 'warn', detail: expect.stringContaining('Sync is not set up') });
    expect(checks.clock).toMatchObject({ status: 'unknown', detail: expect.stringContaining('sync is not set up') });
    for (const id of ['os-kiosk', 'sandbox', 'displays'] as const) expect(checks[id]).toMatchObject({ status: 'unknown', detail: expect.stringContaining('browser host') });
    // A copy run from the project is not an installed build: it never updates itself (issue 20, point 3).
    expect(checks.updates).toMatchObject({ status: 'ok', label: 'Updates', detail: expect.stringContaining('not an installed build') });
  });

  it('answers an admin too, and refuses a candidate, a recruiter, a viewer and anyone signed out, before calling the provider', async () => {
    const { calls } = startKiosk();
    await people(kiosk!);
    expect((await calls.call('kiosk.selfCheck', {}, 'admin')).ok).toBe(true);
    const before = fake.server.requests.length;
    expect(await calls.call('kiosk.selfCheck', {}, 'candidate')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await calls.call('kiosk.selfCheck', {}, 'recruiter')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await calls.call('kiosk.selfCheck', {}, 'viewer')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await calls.call('kiosk.selfCheck', {}, 'nobody')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await calls.call('kiosk.selfCheck', { extra: true }, 'proctor')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(fake.server.requests.length).toBe(before);
  });

  it('fails the provider check when the key is refused, with the HTTP status and what to do', async () => {
    const { calls } = startKiosk();
    await people(kiosk!);
    fake.server.enqueue('chat', { kind: 'fault', fault: 'unauthorized' });
    const checks = byId((await calls.ok('kiosk.selfCheck', {}, 'proctor')).checks);
    expect(checks.provider.status).toBe('fail');
    expect(checks.provider.detail).toContain('HTTP 401');
    expect(checks.provider.detail).not.toContain(TEST_API_KEY);
    expect(checks.provider.fix).toMatch(/valid OpenAI API key/);
  });

  it('fails the keychain and provider checks when no key is stored, without calling the provider', async () => {
    const { calls } = startKiosk(new MemorySecretStore());
    await people(kiosk!);
    const checks = byId((await calls.ok('kiosk.selfCheck', {}, 'proctor')).checks);
    expect(checks.keychain).toMatchObject({ status: 'fail', detail: expect.stringContaining('No OpenAI API key is stored') });
    expect(checks.provider).toMatchObject({ status: 'fail', detail: expect.stringContaining('No OpenAI API key is stored') });
    expect(fake.server.requests).toEqual([]);
  });
});

describe('the shell’s facts, sent to a core as the Electron shell sends them', () => {
  it('reach the self-check: sandbox, displays and the OS kiosk lock, and the latest report wins', async () => {
    core = linkedCore({ userSettings: { mode: 'kiosk' } });
    await core.client.start();
    const caller = { windowId: 'admin', trustedSender: true };
    const signedUp = await core.client.dispatch('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' }, caller);
    expect(signedUp.ok).toBe(true);

    core.client.reportShellFacts({ platform: 'win32', sandboxed: true, displays: 1, builtInDisplays: 0, osKiosk: 'missing' });
    core.client.reportShellFacts({ platform: 'win32', sandboxed: true, displays: 2, builtInDisplays: 0, osKiosk: 'present' });
    await turn();
    const result = await core.client.dispatch('kiosk.selfCheck', {}, caller);
    expect(result.ok).toBe(true);
    const checks = byId((result as { data: { checks: KioskCheck[] } }).data.checks);
    expect(checks['os-kiosk']).toMatchObject({ status: 'ok', detail: expect.stringContaining('Explorer is not running') });
    expect(checks.sandbox.status).toBe('ok');
    expect(checks.displays).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^2 displays are connected to this kiosk, and IT allows only one/) });
  });

  it('are refused by the core when they do not fit the protocol, and change nothing', async () => {
    core = linkedCore({ userSettings: { mode: 'kiosk' } });
    await core.client.start();
    core.sendRaw({ type: 'shell-facts', facts: { platform: 'linux', sandboxed: 'yes', displays: 1, osKiosk: 'present' } });
    await turn();
    expect(core.coreMessages()).toContain('a message from main was refused');
  });
});
