import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  app,
  BrowserWindow,
  crashReporter,
  DownloadItem,
  electronStandIn,
  ipcMain,
  Menu,
  permissionDetails,
  powerSaveBlocker,
  protocol,
  screen,
  session,
  shownMenuRoles,
  StandInUtilityProcess,
  StandInWebContents,
  utilityProcess,
} from '../../fixtures/electron/index';

/**
 * The stand-in for `electron` refuses what Electron refuses and defaults to
 * what Electron defaults to (docs/shared/DESIGN.md, "Stand-ins must be as
 * strict as what they stand for"): one test per rule.
 */
describe('the electron stand-in', () => {
  beforeEach(() => electronStandIn.reset());
  afterEach(() => electronStandIn.dispose());

  describe('before ready', () => {
    it('has no session (docs/api/session.md: available after whenReady)', () => {
      expect(() => session.defaultSession).toThrow(/when app is ready/);
    });

    it('cannot read the displays or listen for them (docs/api/screen.md: not until the ready event)', () => {
      expect(() => screen.getAllDisplays()).toThrow(/before the app 'ready' event/);
      expect(() => screen.on('display-added', () => undefined)).toThrow(/before the app 'ready' event/);
    });

    it('cannot create a window (docs/api/browser-window.md)', () => {
      expect(() => new BrowserWindow()).toThrow(/before app is ready/);
    });

    it('cannot handle a protocol (docs/api/protocol.md: methods only after ready)', () => {
      expect(() => protocol.handle('app', () => new Response())).toThrow();
    });

    it('holds second-instance until ready (docs/api/app.md: emitted after ready)', () => {
      app.requestSingleInstanceLock();
      const heard: string[][] = [];
      app.on('second-instance', (_event, argv: string[]) => heard.push(argv));
      app.launchSecondInstance(['kiosk', '--again']);
      expect(heard).toEqual([]);
      app.becomeReady();
      expect(heard).toEqual([['kiosk', '--again']]);
    });
  });

  describe('after ready', () => {
    beforeEach(() => app.becomeReady());

    it('refuses enableSandbox (electron_api_app.cc: only before ready)', () => {
      expect(() => app.enableSandbox()).toThrow(/before app is ready/);
    });

    it('refuses registerSchemesAsPrivileged (docs/api/protocol.md: only before ready)', () => {
      expect(() => protocol.registerSchemesAsPrivileged([{ scheme: 'app' }])).toThrow();
    });
  });

  it('keeps a window on top at floating unless told a level, and back at normal when turned off (docs/api/browser-window.md setAlwaysOnTop)', () => {
    app.becomeReady();
    const window = new BrowserWindow();
    window.setAlwaysOnTop(true);
    expect(window.alwaysOnTopLevel).toBe('floating');
    window.setAlwaysOnTop(true, 'screen-saver');
    expect([window.isAlwaysOnTop(), window.alwaysOnTopLevel]).toEqual([true, 'screen-saver']);
    window.setAlwaysOnTop(false, 'screen-saver');
    expect([window.isAlwaysOnTop(), window.alwaysOnTopLevel]).toEqual([false, 'normal']);
  });

  it('refuses a power save blocker of an unknown type, and stops only what it started (docs/api/power-save-blocker.md)', () => {
    expect(() => powerSaveBlocker.start('prevent-everything' as never)).toThrow('Error processing argument at index 0, conversion failure from prevent-everything');
    const id = powerSaveBlocker.start('prevent-display-sleep');
    expect(powerSaveBlocker.isStarted(id)).toBe(true);
    expect(powerSaveBlocker.stop(id)).toBe(true);
    expect(powerSaveBlocker.stop(id)).toBe(false);
    expect(powerSaveBlocker.isStarted(id)).toBe(false);
  });

  it('refuses to start the crash reporter without a submitURL unless uploads are off, or with an extra that is not a string (docs/api/crash-reporter.md)', () => {
    expect(() => crashReporter.start({})).toThrow('submitURL must be specified when uploadToServer is true');
    expect(() => crashReporter.start({ uploadToServer: false, globalExtra: { appVersion: 1 as never } })).toThrow(/conversion failure/);
    crashReporter.start({ uploadToServer: false, globalExtra: { appVersion: '1.0.0' } });
    expect(crashReporter.started).toEqual([{ uploadToServer: false, globalExtra: { appVersion: '1.0.0' } }]);
  });

  it('allows registerSchemesAsPrivileged only once', () => {
    protocol.registerSchemesAsPrivileged([{ scheme: 'app' }]);
    expect(() => protocol.registerSchemesAsPrivileged([{ scheme: 'app' }])).toThrow(/only once/);
  });

  it('refuses setPath for a relative path, an unknown name or a missing folder (docs/api/app.md setPath)', () => {
    expect(() => app.setPath('userData', 'relative/dir')).toThrow(/absolute/);
    expect(() => app.setPath('nonsense', app.getPath('temp'))).toThrow(/Failed to set path/);
    expect(() => app.setPath('userData', join(app.getPath('temp'), 'missing'))).toThrow();
    app.setPath('userData', app.getPath('temp'));
    expect(app.getPath('userData')).toBe(app.getPath('temp'));
  });

  it('refuses getPath for an unknown name (docs: "On failure, an Error is thrown")', () => {
    expect(() => app.getPath('nonsense')).toThrow();
  });

  it('refuses a second ipcMain handler for a channel (lib/browser/ipc-main-impl.ts)', () => {
    ipcMain.handle('x', () => null);
    expect(() => ipcMain.handle('x', () => null)).toThrow(/second handler/);
  });

  describe('with the app ready', () => {
    beforeEach(() => app.becomeReady());

    it('grants every permission while the app sets no handler (docs/tutorial/security.md item 5)', async () => {
      const contents = new StandInWebContents({});
      expect(await session.defaultSession.requestPermission(contents, 'media', permissionDetails.media([], 'https://evil.example/'))).toBe(true);
      const check = permissionDetails.mediaCheck('video', 'https://evil.example/');
      expect(session.defaultSession.checkPermission(contents, 'media', check.requestingOrigin, check.details)).toBe(true);
    });

    it('builds desktop-capture requests as Electron does: media with an empty mediaTypes', () => {
      expect(permissionDetails.media([], 'app://kiosk/index.html')).toEqual({ requestingUrl: 'app://kiosk/index.html', isMainFrame: true, mediaTypes: [], securityOrigin: 'app://kiosk/' });
    });

    it('opens a window without a handler, and counts a reply that is not allow as deny (docs setWindowOpenHandler)', () => {
      const contents = new StandInWebContents({});
      expect(contents.openWindow('https://example.com/')).toBe('allow');
      contents.setWindowOpenHandler(() => undefined as never);
      expect(contents.openWindow('https://example.com/')).toBe('deny');
    });

    it('navigates anywhere and attaches any webview unless the app prevents it', () => {
      const contents = new StandInWebContents({});
      expect(contents.navigate('https://evil.example/')).toBe(true);
      expect(contents.redirect('https://evil.example/')).toBe(true);
      expect(contents.attachWebview({}, { src: 'https://evil.example/' })).toBe(true);
    });

    it('announces every new web contents on app, synchronously (lib/browser/api/web-contents.ts)', () => {
      const seen: unknown[] = [];
      app.on('web-contents-created', (_event, contents) => seen.push(contents));
      const window = new BrowserWindow();
      expect(seen).toEqual([window.webContents]);
    });

    it('re-emits a renderer’s end on app (lib/browser/api/web-contents.ts)', () => {
      const gone: unknown[] = [];
      app.on('render-process-gone', (_event, contents, details) => gone.push([contents, details]));
      const contents = new StandInWebContents({});
      contents.crash({ reason: 'oom', exitCode: 1 });
      expect(gone).toEqual([[contents, { reason: 'oom', exitCode: 1 }]]);
    });

    it('opens no DevTools when webPreferences.devTools is false', () => {
      const contents = new StandInWebContents({ devTools: false });
      contents.openDevTools();
      expect(contents.isDevToolsOpened()).toBe(false);
      const open = new StandInWebContents({});
      open.openDevTools();
      expect(open.isDevToolsOpened()).toBe(true);
    });

    it('refuses a destroyed web contents (Electron: "Object has been destroyed")', () => {
      const contents = new StandInWebContents({});
      contents.destroy();
      expect(() => contents.reload()).toThrow(/destroyed/);
      expect(StandInWebContents.fromId(contents.id)).toBeUndefined();
    });

    it('is a kiosk window only when opened with the kiosk option (docs/api/browser-window.md kiosk, isKiosk), and a closed window answers nothing', () => {
      const kiosk = new BrowserWindow({ kiosk: true });
      const plain = new BrowserWindow({ fullscreen: true });
      expect(kiosk.isKiosk()).toBe(true);
      expect(plain.isKiosk()).toBe(false);
      kiosk.close();
      expect(kiosk.isDestroyed()).toBe(true);
      expect(() => kiosk.isKiosk()).toThrow(/destroyed/);
      expect(() => kiosk.setAlwaysOnTop(true, 'screen-saver')).toThrow(/destroyed/);
      expect(() => kiosk.setContentProtection(true)).toThrow(/destroyed/);
    });

    it('quits when the last window closes and nobody listens for window-all-closed (docs/api/app.md)', () => {
      new BrowserWindow().close();
      expect(app.records.quitCalls).toBe(1);
    });

    describe('downloads', () => {
      const item = () => new DownloadItem({ url: 'blob:app://kiosk/1', filename: 'a.pdf' });

      it('show a save dialog when the app sets no path (docs/api/download-item.md setSavePath)', () => {
        expect(session.defaultSession.download(item(), new StandInWebContents({}))).toBe('save-dialog');
      });

      it('refuse setSavePath outside will-download', () => {
        expect(() => item().setSavePath('/tmp/a.pdf')).toThrow(/will-download/);
      });

      it('are cancelled by preventDefault, and the item is gone on the next tick (docs/api/session.md will-download)', async () => {
        session.defaultSession.on('will-download', (event) => event.preventDefault());
        const cancelled = item();
        expect(session.defaultSession.download(cancelled, new StandInWebContents({}))).toBe('cancelled');
        await new Promise((resolve) => setImmediate(resolve));
        expect(() => cancelled.getFilename()).toThrow(/destroyed/);
      });
    });

    describe('menus', () => {
      it('install Electron’s default menu, with DevTools and Reload, when the app sets none (lib/browser/default-menu.ts)', () => {
        expect(shownMenuRoles()).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
      });

      it('refuse anything but a Menu or null, and a template that is not an array (lib/browser/api/menu.ts)', () => {
        expect(() => Menu.setApplicationMenu({} as never)).toThrow(TypeError);
        expect(() => Menu.buildFromTemplate({} as never)).toThrow(TypeError);
      });
    });
  });

  it('keeps the default menu bar on macOS when the app sets null (lib/browser/api/menu.ts)', () => {
    electronStandIn.reset({ platform: 'darwin' });
    app.becomeReady();
    Menu.setApplicationMenu(null);
    expect(Menu.getApplicationMenu()).toBeNull();
    expect(shownMenuRoles()).toContain('toggleDevTools');
  });

  it('removes the menu bar elsewhere when the app sets null', () => {
    electronStandIn.reset({ platform: 'win32' });
    app.becomeReady();
    Menu.setApplicationMenu(null);
    expect(shownMenuRoles()).toEqual([]);
  });

  describe('utility processes (docs/api/utility-process.md)', () => {
    afterEach(() => electronStandIn.endProcesses());
    const script = () => {
      const file = join(app.getPath('temp'), 'child.mjs');
      writeFileSync(file, "process.on('message', (message) => process.send(message));\n");
      return file;
    };

    it('cannot be forked before ready ("can only be called after the ready event")', () => {
      expect(() => utilityProcess.fork(script())).toThrow(/after app is ready/);
    });

    it('refuses stdio it does not support: a stdin, an unknown mode (lib/browser/api/utility-process.ts)', () => {
      app.becomeReady();
      expect(() => utilityProcess.fork(script(), [], { stdio: 'bogus' as never })).toThrow(/inherit, pipe, ignore/);
      expect(() => utilityProcess.fork(script(), [], { stdio: ['pipe', 'pipe', 'pipe'] })).toThrow(/stdin value other than ignore/);
      expect(StandInUtilityProcess.all()).toEqual([]);
    });

    it('passes messages by structured clone, ends with exit code 0 when killed by main, and then posts and kills nothing', async () => {
      app.becomeReady();
      const child = utilityProcess.fork(script(), [], { stdio: 'pipe' });
      expect(child.stdout).not.toBeNull();
      const echoed = new Promise((resolve) => child.once('message', resolve));
      child.postMessage({ audio: new Uint8Array([1, 2]) });
      expect(await echoed).toEqual({ audio: new Uint8Array([1, 2]) });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      expect(child.kill()).toBe(true);
      expect(await exited).toBe(0);
      expect(child.pid).toBeUndefined();
      expect(child.stdout).toBeNull();
      expect(child.kill()).toBe(false);
      expect(() => child.postMessage({ late: true })).not.toThrow();
    });

    it('reports a death it did not cause with the signal’s number', async () => {
      app.becomeReady();
      const child = utilityProcess.fork(script());
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await child.crash();
      expect(await exited).toBe(9);
    });
  });
});
