import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UnavailableSecretStore } from '../../../src-main/secrets/unavailable-secret-store';
import { MemorySecretStore } from '../../../src-main/secrets/memory-secret-store';
import { strongPassword } from '../../support/test-app';
import { verifiedUpdate } from '../../support/verified-update';
import { linkedCore, turn, type LinkedCore, type LinkedCoreOptions } from './support';

/**
 * The core as the Electron shell drives it (src-main/core-host/serve-core.ts),
 * in this process over linked ports: the real app on SQLite, main's real
 * CoreClient. tests/unit/shell/core-process.test.ts runs the same in a real
 * child process; this is where its rules are shown one by one.
 */
const admin = { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' };
const own = (windowId = '1') => ({ windowId, trustedSender: true });

let core: LinkedCore | null = null;
afterEach(async () => {
  await core?.cleanup();
  core = null;
});

async function ready(options: LinkedCoreOptions = {}): Promise<LinkedCore> {
  core = linkedCore(options);
  await core.client.start();
  return core;
}

describe('the core', () => {
  it('builds the app from init and serves calls through its dispatcher, with its own log', async () => {
    const { client, coreMessages } = await ready();
    expect(await client.dispatch('app.getStatus', {}, own())).toEqual({ ok: true, data: { mode: 'kiosk', needsSetup: true, version: '9.9.9-core' } });
    expect(await client.dispatch('db.exec', {}, own())).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(await client.dispatch('app.getStatus', {}, { windowId: '1', trustedSender: false })).toMatchObject({ ok: false, error: { code: 'untrusted_sender' } });
    expect(coreMessages()).toEqual(expect.arrayContaining(['settings loaded', 'core ready']));
  });

  it('pushes each window’s session and the device mode as they change, and forwards events', async () => {
    const { client } = await ready({ machineSettings: {} });
    const events: unknown[] = [];
    client.events.subscribe((windowId, name, payload) => events.push({ windowId, name, payload }));
    await client.dispatch('setup.createFirstAdmin', admin, own());
    expect(client.isStaffWindow('1')).toBe(true);
    expect(client.isStaffWindow('2')).toBe(false);
    expect(events).toEqual([{ windowId: '1', name: 'session.changed', payload: { user: expect.objectContaining({ kind: 'staff', role: 'admin' }) } }]);
    expect(await client.dispatch('settings.update', { mode: 'recruiter' }, own())).toMatchObject({ ok: true });
    expect(client.mode()).toBe('recruiter');
    // Saving without changing the mode sends nothing new.
    const before = core!.received.length;
    await client.dispatch('settings.update', { mode: 'recruiter' }, own());
    expect(core!.received.length - before).toBe(1);
    await client.dispatch('auth.signOut', {}, own());
    expect(client.isStaffWindow('1')).toBe(false);
  });

  it('forgets a window that is gone', async () => {
    const { client } = await ready();
    await client.dispatch('setup.createFirstAdmin', admin, own('5'));
    client.forgetWindow('5');
    expect(await client.dispatch('auth.getSession', {}, own('5'))).toEqual({ ok: true, data: { user: null } });
  });

  it('records screen events for the window’s candidate, and takes those of other windows quietly', async () => {
    const { client, coreMessages } = await ready();
    await client.dispatch('auth.registerCandidate', { email: 'casey@example.com', password: strongPassword, fullName: 'Casey Candidate' }, own('3'));
    client.recordScreenEvent('3', 'screen_crashed', { reason: 'crashed', exitCode: 139 });
    client.recordScreenEvent('4', 'shortcut_attempted', { shortcut: 'reload' });
    await client.dispatch('auth.getSession', {}, own('3'));
    expect(coreMessages()).not.toContain('screen event could not be recorded');
    expect(coreMessages()).not.toContain('a message from main was refused');
  });

  it('asks main for every secret: stored and read through main’s store, which says what it is', async () => {
    const secrets = new MemorySecretStore({ 'openai-api-key': 'sk-from-main-0123456789' });
    const { client } = await ready({ secrets });
    await client.dispatch('setup.createFirstAdmin', admin, own());
    expect(await client.dispatch('secrets.getStatus', {}, own())).toEqual({
      ok: true,
      data: { backend: 'memory (not persisted)', problem: null, stored: { 'openai-api-key': true, 'smtp-password': false, 'sync-device-credential': false, 'proxy-password': false } },
    });
    expect(await client.dispatch('secrets.set', { name: 'smtp-password', value: 'smtp-from-page' }, own())).toEqual({ ok: true, data: { stored: true } });
    expect(await secrets.get('smtp-password')).toBe('smtp-from-page');
  });

  it('passes on main’s store’s refusal, in its words, and its problem for admins', async () => {
    const problem = 'No keychain answers: install gnome-keyring.';
    const { client } = await ready({ secrets: new UnavailableSecretStore(problem), init: (init) => ({ ...init, secrets: { backend: 'unavailable', problem } }) });
    await client.dispatch('setup.createFirstAdmin', admin, own());
    expect(await client.dispatch('secrets.set', { name: 'smtp-password', value: 'x' }, own())).toEqual({ ok: false, error: { code: 'unavailable', message: problem } });
    expect(await client.dispatch('secrets.getStatus', {}, own())).toMatchObject({ ok: true, data: { backend: 'unavailable', problem } });
  });

  it('reads IT’s policy from the file init names, and none at all when it says null (tests never read the machine’s own)', async () => {
    const none = await ready();
    await none.client.dispatch('setup.createFirstAdmin', admin, own());
    expect(await none.client.dispatch('settings.get', {}, own())).toMatchObject({ ok: true, data: { policy: { location: null, settings: {} } } });
    await none.cleanup();

    let policyFile = '';
    core = linkedCore({
      init: (init) => {
        policyFile = join(init.dataDir, 'policy.json');
        writeFileSync(policyFile, JSON.stringify({ EndOfTurnSilenceMs: 2500 }), { mode: 0o644 });
        return { ...init, settings: { ...init.settings, policyFilePath: policyFile } };
      },
    });
    await core.client.start();
    await core.client.dispatch('setup.createFirstAdmin', admin, own());
    expect(await core.client.dispatch('settings.get', {}, own())).toMatchObject({
      ok: true,
      data: { settings: { interview: { endOfTurnSilenceMs: 2500 } }, policy: { location: policyFile, settings: { 'interview.endOfTurnSilenceMs': 'EndOfTurnSilenceMs' } } },
    });
  });

  it('asks main’s shell to fetch and install the updates the app verified (issue 20, point 3)', async () => {
    const onUpdate = vi.fn();
    const linked = await ready({ onUpdate });
    const installer = linked.appOptions()?.updateInstaller;
    expect(installer).toBeDefined();
    const update = verifiedUpdate(join(linked.dataDir, 'updates', 'Teamified-Kiosk-1.5.0.AppImage'));
    installer!.prepare(update);
    installer!.installNow(update);
    installer!.installOnQuit(update);
    await turn();
    expect(linked.received.filter((message) => (message as { type: string }).type === 'update')).toEqual([
      { type: 'update', action: 'prepare', update },
      { type: 'update', action: 'install-now', update },
      { type: 'update', action: 'install-on-quit', update },
    ]);
    expect(onUpdate.mock.calls).toEqual([
      ['prepare', update],
      ['install-now', update],
      ['install-on-quit', update],
    ]);

    // The shell's answer reaches the update service (which knows no such update here, and says so).
    linked.client.reportUpdate({ version: update.version, sha512: update.sha512, outcome: 'prepared' });
    await turn();
    await turn();
    expect(linked.coreMessages()).toContain('the shell’s report on an update no longer current was ignored');
  });

  it('closes the app when asked, says so, and exits cleanly', async () => {
    const linked = await ready();
    await linked.client.close();
    expect(linked.exits).toEqual([0]);
    expect(linked.kills()).toBe(1);
    expect(linked.received.at(-1)).toEqual({ type: 'closed' });
    // Its log was closed before it said so; the lines are on disk.
    expect(linked.coreMessages().at(-1)).toBe('core closed');
  });

  it('closes when main goes away (Node’s IPC channel closed)', async () => {
    const linked = await ready();
    linked.disconnect();
    await turn();
    expect(linked.exits).toEqual([0]);
    expect(linked.coreMessages()).toContain('main went away; the core closes');
  });
});

describe('the core refusing', () => {
  it('to start, in words a person can act on, when the app cannot be built', async () => {
    core = linkedCore({ userSettings: { mode: 'nonsense' } as never });
    await expect(core.client.start()).rejects.toThrow(/settings file .*settings\.json is invalid/);
    expect(core.exits).toEqual([1]);
    expect(core.coreMessages()).toContain('start-up failed');
  });

  it('to start on an init it cannot use, rather than leave main waiting', async () => {
    core = linkedCore({ init: (init) => ({ ...init, dataDir: 'relative/data' }) });
    await expect(core.client.start()).rejects.toThrow(/started with settings it cannot use: message 'init' refused \(init\.dataDir: custom\)/);
    expect(core.earlyMessages).toContain('a message from main was refused');
    expect(core.exits).toEqual([1]);
  });

  it('malformed messages and a second init, and carries on', async () => {
    const linked = await ready();
    linked.sendRaw({ type: 'call', id: 'x' });
    linked.sendRaw({ type: 'secret-reply', id: 99, outcome: { ok: true, value: null } });
    linked.sendRaw({ type: 'init', init: linked.init });
    await turn();
    expect(linked.coreMessages()).toEqual(expect.arrayContaining(['a message from main was refused', 'a secret reply came for no request', 'a second init was ignored']));
    expect(await linked.client.dispatch('app.getStatus', {}, own())).toMatchObject({ ok: true });
  });

  it('calls before it is ready', async () => {
    core = linkedCore();
    core.sendRaw({ type: 'call', id: 1, channel: 'app.getStatus', input: {}, caller: own() });
    await turn();
    await turn();
    expect(core.received).toEqual([{ type: 'result', id: 1, result: { ok: false, error: { code: 'unavailable', message: expect.stringMatching(/not ready/) } } }]);
  });

  it('to serve an app it was told to close while building it', async () => {
    core = linkedCore();
    core.sendRaw({ type: 'init', init: core.init }, { type: 'close' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(core.exits).toEqual([0]);
    expect(core.received).toEqual([{ type: 'closed' }]);
  });
});
