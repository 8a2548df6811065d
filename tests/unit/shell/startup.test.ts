import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IPC_INVOKE } from '../../../shared/ipc/api';
import { strongPassword } from '../../support/test-app';
import { app, BrowserWindow, clipboard, crashReporter, dialog, ipcMain, powerSaveBlocker, screen, session, shownMenuRoles, standInDisplay } from '../../fixtures/electron/index';
import { electronEvent } from '../../fixtures/electron/event';
import { NO_SANDBOX_AT_KIOSK } from '../../../src-main/shell/startup';
import { FileErrorReports } from '../../../src-main/errors/error-store';
import { APP_PAGE, bootShell, shutDownShell } from './support';
import { verifiedUpdate } from '../../support/verified-update';
import type { ShellUpdateContext } from '../../../src-main/shell/auto-update';

// Each shell starts a real core process (tsx compiling the sources), a few seconds on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 30_000 });
afterEach(() => shutDownShell());

/** Fix 9, and the order startShell does things in (module load, then 'ready'). */
describe('start-up', () => {
  it('claims the single-instance lock and listens for a second instance at module load, before ready and before the core starts', async () => {
    const shell = await bootShell({ beforeReady: true });
    expect(shell.atLoad).toMatchObject({ lockRequests: 1, secondInstanceListeners: 1, coreStarted: false });
    // A second start while the first is still starting: nothing to focus yet, and nothing breaks.
    app.launchSecondInstance();
    app.becomeReady();
    await shell.started;
    const window = shell.window();
    window.minimize();
    app.launchSecondInstance();
    expect(window.isMinimized()).toBe(false);
    expect(window.records.focused).toBe(1);
  });

  it('quits at once, building nothing, when another copy holds the lock', async () => {
    const shell = await bootShell({ singleInstanceLock: false, beforeReady: true });
    expect(app.records.quitCalls).toBe(1);
    expect(shell.atLoad.secondInstanceListeners).toBe(0);
    app.becomeReady();
    await shell.started;
    expect(BrowserWindow.getAllWindows()).toEqual([]);
  });

  it('starts Electron’s crash reporter before ready, keeping its minidumps on this device, with the app version (issue 20, point 6)', async () => {
    const shell = await bootShell({ beforeReady: true });
    expect(crashReporter.started).toEqual([{ uploadToServer: false, globalExtra: { appVersion: app.getVersion() } }]);
    app.becomeReady();
    await shell.started;
  });

  it('keeps an unhandled error of the main process, redacted, in the data folder’s error file (issue 20, point 6)', async () => {
    const shell = await bootShell();
    const sentence = 'I led the migration of our payments service to Kubernetes';
    shell.errorEvents.emit('uncaughtExceptionMonitor', new TypeError(`no window for "${sentence}" of grace@example.com`), 'uncaughtException');
    const kept = new FileErrorReports(join(app.getPath('userData'), 'errors')).list(new Date(0));
    expect(kept).toMatchObject([{ source: 'main', kind: 'uncaught', errorClass: 'TypeError', message: 'no window for [text] of [email]', appVersion: app.getVersion() }]);
  });

  it('keeps a report of a window whose renderer process died, minidump or not, with its reason and exit code (issue 20, point 6)', async () => {
    const shell = await bootShell();
    const contents = shell.window().webContents;
    const kept = () => new FileErrorReports(join(app.getPath('userData'), 'errors')).list(new Date(0));
    // A window closing ends its renderer cleanly: not a crash.
    contents.crash({ reason: 'clean-exit', exitCode: 0 });
    // Killed from outside: Crashpad writes no minidump for it, so this report is the only count of it.
    contents.crash({ reason: 'killed', exitCode: 9 });
    await vi.waitFor(() => expect(kept()).toHaveLength(1), { timeout: 10_000 });
    expect(kept()).toMatchObject([
      { source: 'renderer', kind: 'crash', errorClass: 'RendererGone', appVersion: app.getVersion(), frames: [], context: { reason: 'killed', exitCode: 9, role: 'signed-out' } },
    ]);
    expect(contents.records.reloads).toBe(1);
  });

  it('turns the sandbox on for every renderer before ready, and locks down web contents before the first exists', async () => {
    const shell = await bootShell({ beforeReady: true });
    expect(shell.atLoad.sandboxEnabled).toBe(true);
    expect(shell.atLoad.webContentsCreatedListeners).toBe(1);
    app.becomeReady();
    await shell.started;
  });

  it('opens the app’s own page in its own window, and closes the app with it, once the core has closed its database', async () => {
    const shell = await bootShell();
    const window = shell.window();
    const core = shell.core();
    expect(window.webContents.records.loads).toEqual([APP_PAGE]);
    window.readyToShow();
    expect(window.isVisible()).toBe(true);
    window.close();
    expect(app.records.quitCalls).toBe(0);
    await core.whenEnded();
    await vi.waitFor(() => expect(app.records.quitCalls).toBe(1));
    expect(shell.coreMessages()).toContain('core closed');
    expect(shell.messages()).toContain('the core closed its database');
    expect(shell.messages()).not.toContain('the core stopped unexpectedly');
  });

  it('says what stopped start-up, and exits, when the core cannot build the app', async () => {
    const shell = await bootShell({ settings: { mode: 'nonsense' } as never });
    expect(dialog.errorBoxes).toEqual([{ title: 'Teamified Kiosk cannot start', content: expect.stringContaining('settings') }]);
    expect(app.records.exitCode).toBe(1);
    expect(BrowserWindow.getAllWindows()).toEqual([]);
    expect(shell.messages()).toContain('start-up failed');
    // The core wrote why in its own log, then ended.
    expect(shell.coreMessages()).toContain('start-up failed');
    await vi.waitFor(() => expect(() => shell.core()).toThrow(/no core/), { timeout: 10_000 });
  });

  it('refuses to run as a kiosk when started with --no-sandbox, saying why and what to do (issue 17, point 3)', async () => {
    const shell = await bootShell({ settings: { mode: 'kiosk' }, switches: ['no-sandbox'] });
    expect(dialog.errorBoxes).toEqual([{ title: 'Teamified Kiosk will not run as a kiosk like this', content: NO_SANDBOX_AT_KIOSK }]);
    expect(app.records.exitCode).toBe(1);
    expect(BrowserWindow.getAllWindows()).toEqual([]);
    expect(shell.messages()).toContain('refusing to run as a kiosk: started with --no-sandbox');
  });

  it('runs on a recruiter’s laptop started with --no-sandbox', async () => {
    await bootShell({ settings: { mode: 'recruiter' }, switches: ['no-sandbox'] });
    expect(dialog.errorBoxes).toEqual([]);
    expect(BrowserWindow.getAllWindows()).toHaveLength(1);
  });
});

describe('a packaged build', () => {
  it('has no DevTools and no developer menu', async () => {
    const shell = await bootShell({ packaged: true, platform: 'linux' });
    expect(shell.window().options.webPreferences?.devTools).toBe(false);
    expect(shownMenuRoles()).toEqual([]);
  });

  it('is full screen at a kiosk, and blocks reload and DevTools keys there', async () => {
    const shell = await bootShell({ packaged: true, platform: 'linux' });
    const window = shell.window();
    expect(window.options.fullscreen).toBe(true);
    expect(window.options.kiosk).toBeUndefined();
    expect(window.webContents.press('F12')).toBe(false);
    expect(window.webContents.press('r', { control: true })).toBe(false);
  });

  it('is a macOS kiosk window at a kiosk on a Mac, and an ordinary one on a recruiter laptop', async () => {
    expect((await bootShell({ packaged: true, platform: 'darwin' })).window().options.kiosk).toBe(true);
    const laptop = (await bootShell({ packaged: true, platform: 'darwin', settings: { mode: 'recruiter' } })).window().options;
    expect(laptop.fullscreen).toBe(false);
    expect(laptop.kiosk).toBeUndefined();
  });

  it('ignores ELECTRON_RENDERER_URL and loads its own files', async () => {
    const shell = await bootShell({ packaged: true, env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' } });
    expect(shell.window().webContents.records.loads).toEqual([APP_PAGE]);
    expect(shell.messages()).toContain('ELECTRON_RENDERER_URL is ignored in a packaged build');
  });

  it('ignores TEAMIFIED_DATA_DIR and TEAMIFIED_MACHINE_SETTINGS, with a line in the log', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'shell-env-'));
    const machineFile = join(elsewhere, 'settings.json');
    writeFileSync(machineFile, '{ "mode": "recruiter"');
    try {
      const shell = await bootShell({ packaged: true, env: { TEAMIFIED_DATA_DIR: elsewhere, TEAMIFIED_MACHINE_SETTINGS: machineFile } });
      expect(app.getPath('userData')).not.toBe(elsewhere);
      expect(dialog.errorBoxes).toEqual([]);
      expect(await shell.call('app.getStatus', {})).toMatchObject({ ok: true, data: { mode: 'kiosk' } });
      expect(shell.messages().filter((message) => message === 'environment variable ignored in a packaged build')).toHaveLength(2);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});

describe('in development', () => {
  it('honours TEAMIFIED_DATA_DIR and a dev server on this computer', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'shell-env-'));
    try {
      const shell = await bootShell({ beforeReady: true, env: { TEAMIFIED_DATA_DIR: join(elsewhere, 'data'), ELECTRON_RENDERER_URL: 'http://localhost:5173' } });
      expect(app.getPath('userData')).toBe(join(elsewhere, 'data'));
      writeFileSync(join(elsewhere, 'data', 'settings.json'), JSON.stringify({ mode: 'kiosk' }));
      app.becomeReady();
      await shell.started;
      expect(shell.window().webContents.records.loads).toEqual(['http://localhost:5173']);
      expect(shell.window().options.webPreferences?.devTools).toBe(true);
    } finally {
      shutDownShell();
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});

describe('downloads through the composed shell', () => {
  it('are saved for a recruiter signed in on a recruiter’s laptop', async () => {
    const { DownloadItem } = await import('../../fixtures/electron/index');
    const shell = await bootShell({ settings: { mode: 'recruiter' } });
    const contents = shell.window().webContents;
    const report = () => new DownloadItem({ url: 'blob:app://kiosk/1', filename: 'report.pdf' });
    // Signed out: not a staff screen.
    expect(session.defaultSession.download(report(), contents)).toBe('cancelled');
    expect(await shell.call('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' })).toMatchObject({ ok: true });
    expect(session.defaultSession.download(report(), contents)).toBe('saved');
  });

  it('are refused at a kiosk even to staff', async () => {
    const { DownloadItem } = await import('../../fixtures/electron/index');
    const shell = await bootShell({ settings: { mode: 'kiosk' } });
    expect(await shell.call('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' })).toMatchObject({ ok: true });
    expect(session.defaultSession.download(new DownloadItem({ url: 'blob:app://kiosk/1', filename: 'report.pdf' }), shell.window().webContents)).toBe('cancelled');
  });
});

describe('the candidate’s screen in the composed shell', () => {
  it('cannot be closed while a candidate is signed in at a kiosk, stays on top, keeps the display awake and out of screen capture, with the clipboard emptied; all lifted once they sign out', async () => {
    const shell = await bootShell({ settings: { mode: 'kiosk' } });
    const window = shell.window() as unknown as InstanceType<typeof BrowserWindow>;
    const windowId = String(window.webContents.id);
    expect(window.isContentProtected()).toBe(true);
    expect([...powerSaveBlocker.running.values()]).toEqual([]);
    expect(window.isAlwaysOnTop()).toBe(false);
    clipboard.writeText('answers someone copied before');

    expect(await shell.call('auth.registerCandidate', { email: 'casey@example.com', password: strongPassword, fullName: 'Casey Candidate' })).toMatchObject({ ok: true });
    await vi.waitFor(() => expect([...powerSaveBlocker.running.values()]).toEqual(['prevent-display-sleep']));
    expect(window.isAlwaysOnTop()).toBe(true);
    expect(window.alwaysOnTopLevel).toBe('screen-saver');
    expect(clipboard.readText()).toBe('');
    clipboard.writeText('copied during the interview');
    window.close();
    expect(window.isDestroyed()).toBe(false);
    expect(shell.core().records.posted.filter((message) => (message as { type: string }).type === 'screen-event')).toEqual([
      { type: 'screen-event', windowId, kind: 'shortcut_attempted', details: { shortcut: 'close' } },
    ]);

    await shell.call('auth.signOut', {});
    await vi.waitFor(() => expect([...powerSaveBlocker.running.values()]).toEqual([]));
    expect(window.isAlwaysOnTop()).toBe(false);
    expect(clipboard.readText()).toBe('');
    const closing = electronEvent();
    window.emit('close', closing);
    expect(closing.defaultPrevented).toBe(false);
  });

  it('notes a display connected while a candidate is signed in at a kiosk, with what it was', async () => {
    const shell = await bootShell({ settings: { mode: 'kiosk' } });
    const windowId = String(shell.window().webContents.id);
    // Nobody signed in: nothing to note it on.
    screen.addDisplay(standInDisplay(2, { label: 'Projector' }));
    expect(await shell.call('auth.registerCandidate', { email: 'casey@example.com', password: strongPassword, fullName: 'Casey Candidate' })).toMatchObject({ ok: true });
    await vi.waitFor(() => expect(powerSaveBlocker.running.size).toBe(1));
    screen.addDisplay(standInDisplay(3, { label: 'HDMI capture', internal: false, size: { width: 1280, height: 720 } }));
    expect(shell.core().records.posted.filter((message) => (message as { type: string }).type === 'screen-event')).toEqual([
      { type: 'screen-event', windowId, kind: 'display_added', details: { displays: 3, builtInDisplays: 1, internal: false, width: 1280, height: 720, label: 'HDMI capture' } },
    ]);
    // The core accepted it (no interview is going on, so nothing was written: tests/integration/interview/screen-events.test.ts).
    expect(await shell.call('auth.getSession', {})).toMatchObject({ ok: true, data: { user: { kind: 'candidate' } } });
    expect(shell.coreMessages()).not.toContain('a message from main was refused');
  });

  it('on macOS, keeps the window at its usual level (kiosk mode is the lock there, and file panels must open above it)', async () => {
    const shell = await bootShell({ settings: { mode: 'kiosk' }, platform: 'darwin' });
    const window = shell.window() as unknown as InstanceType<typeof BrowserWindow>;
    expect(await shell.call('auth.registerCandidate', { email: 'casey@example.com', password: strongPassword, fullName: 'Casey Candidate' })).toMatchObject({ ok: true });
    await vi.waitFor(() => expect(powerSaveBlocker.running.size).toBe(1));
    expect(window.isAlwaysOnTop()).toBe(false);
  });

  it('closes as usual on a recruiter’s laptop, where nothing is locked', async () => {
    const shell = await bootShell({ settings: { mode: 'recruiter' } });
    const window = shell.window() as unknown as InstanceType<typeof BrowserWindow>;
    expect(window.isContentProtected()).toBe(false);
    const closing = electronEvent();
    window.emit('close', closing);
    expect(closing.defaultPrevented).toBe(false);
  });

  it('is reloaded after a crash, and the crash and blocked keys go to the core for the signed-in candidate’s interview', async () => {
    const shell = await bootShell({ settings: { mode: 'kiosk' } });
    expect(await shell.call('auth.registerCandidate', { email: 'casey@example.com', password: strongPassword, fullName: 'Casey Candidate' })).toMatchObject({ ok: true });
    const contents = shell.window().webContents;
    const windowId = String(contents.id);

    contents.crash({ reason: 'crashed', exitCode: 139 });
    expect(contents.records.reloads).toBe(1);
    expect(contents.press('F5')).toBe(false);
    expect(shell.core().records.posted.filter((message) => (message as { type: string }).type === 'screen-event')).toEqual([
      { type: 'screen-event', windowId, kind: 'screen_crashed', details: { reason: 'crashed', exitCode: 139 } },
      { type: 'screen-event', windowId, kind: 'shortcut_attempted', details: { shortcut: 'reload' } },
    ]);
    // The core took them (no interview is going on yet, so nothing was written: tests/integration/interview/screen-events.test.ts).
    expect(await shell.call('auth.getSession', {})).toMatchObject({ ok: true, data: { user: { kind: 'candidate' } } });
    expect(shell.coreMessages()).not.toContain('screen event could not be recorded');
    expect(shell.coreMessages()).not.toContain('a message from main was refused');
  });

  it('ends the window’s session in the core when the window is destroyed', async () => {
    const shell = await bootShell({ settings: { mode: 'kiosk' } });
    await shell.call('auth.registerCandidate', { email: 'casey@example.com', password: strongPassword, fullName: 'Casey Candidate' });
    const contents = shell.window().webContents;
    expect(await shell.call('auth.getSession', {})).toMatchObject({ ok: true, data: { user: { kind: 'candidate' } } });
    contents.destroy();
    // A late call carrying the gone window's id (messages to the core keep their order): its session is gone.
    expect(await ipcMain.invoke(IPC_INVOKE, contents, contents.mainFrame, 'auth.getSession', {})).toEqual({ ok: true, data: { user: null } });
  });
});

/** Issue 20, point 3: the core verifies an update and asks; the shell's installer (electron-updater in the app) carries it out. */
describe('updates', () => {
  const update = verifiedUpdate();

  it('hands what the core asks to the shell’s installer, made only when the core first asks, and carries its answers back', async () => {
    let made = 0;
    let context: ShellUpdateContext | null = null;
    const asked: unknown[] = [];
    const shell = await bootShell({
      settings: { mode: 'kiosk' },
      updateInstaller: (given) => {
        made += 1;
        context = given;
        return {
          prepare: (verified) => asked.push(['prepare', verified]),
          installNow: (verified) => asked.push(['install-now', verified]),
          installOnQuit: (verified) => asked.push(['install-on-quit', verified]),
        };
      },
    });
    expect(made).toBe(0);
    // As the core posts it (tests/integration/core-host/serve-core.test.ts shows it does).
    for (const action of ['prepare', 'install-now', 'install-on-quit']) shell.core().emit('message', { type: 'update', action, update });
    // A message that does not fit is dropped: nothing installs from a path the core could not have written.
    shell.core().emit('message', { type: 'update', action: 'install-now', update: { ...update, path: 'x.AppImage' } });
    expect(made).toBe(1);
    expect(asked).toEqual([
      ['prepare', update],
      ['install-now', update],
      ['install-on-quit', update],
    ]);
    expect(shell.messages()).toContain('a message from the core was refused');

    // The installer answers the core, and sees who is signed in (it never installs under a candidate).
    const given = context as ShellUpdateContext | null;
    expect(given!.candidateWindows()).toEqual([]);
    await shell.call('auth.registerCandidate', { email: 'casey@example.com', password: strongPassword, fullName: 'Casey Candidate' });
    expect(given!.candidateWindows()).toEqual([String(shell.window().webContents.id)]);
    given!.report({ version: update.version, sha512: update.sha512, outcome: 'failed', reason: 'the installer could not be started' });
    await vi.waitFor(() => expect(shell.coreMessages()).toContain('the shell’s report on an update no longer current was ignored'));
  });

  it('installs nothing and says so where the shell has no installer', async () => {
    const shell = await bootShell();
    shell.core().emit('message', { type: 'update', action: 'install-now', update });
    expect(shell.messages()).toContain('the core asked for an update to be installed, but this shell has no installer');
  });
});
