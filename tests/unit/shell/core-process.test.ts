import { afterEach, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT } from '../../../shared/ipc/api';
import { strongPassword } from '../../support/test-app';
import { app, dialog, DownloadItem, session } from '../../fixtures/electron/index';
import { electronEvent } from '../../fixtures/electron/event';
import { bootShell, shutDownShell } from './support';

/**
 * The app's core in its own process, as the shell starts it: the real
 * startShell, the stand-in's utilityProcess.fork running the real core
 * (src-main/core-host) in a child process, main's CoreClient between them.
 * The client's rules alone (restart limit, close timeout) are in
 * tests/unit/ipc/core-client.test.ts; the core's, in-process, in
 * tests/integration/core-host/.
 */
vi.setConfig({ testTimeout: 60_000, hookTimeout: 30_000 });
afterEach(() => shutDownShell());

const admin = { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' };
const API_KEY = 'sk-test-core-process-0123456789';

describe('the core process', () => {
  it('is a utility process of its own, named, with its output piped to main', async () => {
    const shell = await bootShell();
    const core = shell.core();
    expect(core.pid).not.toBe(process.pid);
    expect(core.options).toMatchObject({ serviceName: 'Teamified Kiosk core', stdio: 'pipe' });
    // The version main read from Electron went to the core with init.
    expect(await shell.call('app.getStatus', {})).toEqual({ ok: true, data: { mode: 'kiosk', needsSetup: true, version: '0.0.0-stand-in' } });
    expect(shell.coreMessages()).toContain('core ready');
  });

  it('answers a page’s call through ipcMain, and sends the events it causes to that window', async () => {
    const shell = await bootShell();
    const contents = shell.window().webContents;
    const created = await shell.call('setup.createFirstAdmin', admin);
    expect(created).toMatchObject({ ok: true, data: { kind: 'staff', role: 'admin', email: admin.email } });
    await vi.waitFor(() => expect(contents.records.sent.map((sent) => sent.args[0])).toContain('session.changed'));
    expect(contents.records.sent[0]).toEqual({ channel: IPC_EVENT, args: ['session.changed', { user: expect.objectContaining({ kind: 'staff' }) }] });
  });

  it('gets the secrets it needs from main’s store, and stores what the page sets there', async () => {
    const shell = await bootShell({ secrets: { 'openai-api-key': API_KEY } });
    await shell.call('setup.createFirstAdmin', admin);
    expect(await shell.call('secrets.getStatus', {})).toMatchObject({
      ok: true,
      data: { backend: 'memory (not persisted)', problem: null, stored: { 'openai-api-key': true, 'sync-device-credential': false } },
    });
    expect(await shell.call('secrets.set', { name: 'smtp-password', value: 'smtp-secret-value' })).toEqual({ ok: true, data: { stored: true } });
    expect(await shell.secrets.get('smtp-password')).toBe('smtp-secret-value');
    // Asked for and carried, never written down on either side.
    for (const line of [...shell.messages(), ...shell.coreMessages()]) expect(line).not.toMatch(/smtp-secret-value|sk-test-core/);
  });

  it('tells main when the device mode changes, so downloads follow it without asking the core', async () => {
    const shell = await bootShell({ settings: { mode: 'kiosk' } });
    const contents = shell.window().webContents;
    const report = () => new DownloadItem({ url: 'blob:app://kiosk/1', filename: 'report.pdf' });
    await shell.call('setup.createFirstAdmin', admin);
    expect(session.defaultSession.download(report(), contents)).toBe('cancelled');
    expect(await shell.call('settings.update', { mode: 'recruiter' })).toMatchObject({ ok: true });
    expect(session.defaultSession.download(report(), contents)).toBe('saved');
    // Signed out: main's copy of the window's session follows too.
    await shell.call('auth.signOut', {});
    expect(session.defaultSession.download(report(), contents)).toBe('cancelled');
  });

  it('fails a call it was answering when it dies, clearly; then it is started again and the window reloaded', async () => {
    const shell = await bootShell();
    await shell.call('setup.createFirstAdmin', admin);
    const first = shell.core();
    const window = shell.window();

    // Busy (a long transaction, say) when the call comes, and then it dies.
    first.hold();
    const waiting = shell.call('auth.getSession', {});
    await first.crash();
    expect(await waiting).toEqual({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/stopped before it answered.*try again/i) } });
    // While the next one starts, calls are refused at once rather than left waiting.
    expect(await shell.call('auth.getSession', {})).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/restarting/) } });

    await vi.waitFor(() => expect(window.webContents.records.reloads).toBe(1), { timeout: 30_000 });
    expect(shell.core().pid).not.toBe(first.pid);
    // The session lived in the process that died; the reloaded page signs in again.
    expect(await shell.call('auth.getSession', {})).toEqual({ ok: true, data: { user: null } });
    expect(await shell.call('app.getStatus', {})).toMatchObject({ ok: true, data: { needsSetup: false } });
    expect(shell.messages()).toEqual(expect.arrayContaining(['the core stopped unexpectedly', 'the core was started again']));
    expect(dialog.errorBoxes).toEqual([]);
  });

  it('is not started a fourth time in a minute: the user is told, and the app exits', async () => {
    const shell = await bootShell();
    for (let restart = 1; restart <= 3; restart++) {
      await shell.core().crash();
      await vi.waitFor(() => expect(shell.window().webContents.records.reloads).toBe(restart), { timeout: 30_000 });
    }
    await shell.core().crash();
    await vi.waitFor(() => expect(app.records.exitCode).toBe(1));
    expect(dialog.errorBoxes).toEqual([{ title: 'Teamified Kiosk stopped', content: expect.stringMatching(/stopped 4 times in a short while/) }]);
  });

  it('holds a quit that did not come from closing the window (Cmd+Q, logging out) until it has closed its database', async () => {
    const shell = await bootShell();
    const core = shell.core();
    const quitting = electronEvent();
    app.emit('will-quit', quitting);
    expect(quitting.defaultPrevented).toBe(true);
    await core.whenEnded();
    await vi.waitFor(() => expect(app.records.quitCalls).toBe(1));
    expect(shell.coreMessages()).toContain('core closed');
    const again = electronEvent();
    app.emit('will-quit', again);
    expect(again.defaultPrevented).toBe(false);
  });
});
