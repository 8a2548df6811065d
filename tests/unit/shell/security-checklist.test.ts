import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT, IPC_INVOKE, KIOSK_API_GLOBAL, type KioskApi } from '../../../shared/ipc/api';
import { RENDERER_CSP } from '../../../src-main/common/content-security-policy';
import { appOrigin } from '../../../src-main/shell/app-origin';
import { registerAppScheme, serveRenderer } from '../../../src-main/shell/app-protocol';
import { connectIpc } from '../../../src-main/shell/ipc-bridge';
import {
  app,
  contextBridge,
  electronStandIn,
  ipcMain,
  ipcRenderer,
  permissionDetails,
  protocol,
  session,
  shell,
  StandInWebContents,
} from '../../fixtures/electron/index';
import { StandInFrame } from '../../fixtures/electron/web-contents';
import { APP_PAGE, bootShell, shutDownShell, type BootedShell } from './support';

/**
 * Electron's security checklist (docs/tutorial/security.md), one test per
 * item that the shell can check, on the window the real startShell opens
 * in a packaged build. Items 16 (a current Electron) and 19 (fuses) belong
 * to packaging (package.json, electron-builder.yml) and are not here.
 * The items that only look at the window share one packaged shell (each
 * starts a real core process); those that rebuild the stand-in end it first.
 */
vi.setConfig({ testTimeout: 60_000, hookTimeout: 30_000 });

describe('Electron’s security checklist', () => {
  let shared: Promise<BootedShell> | null = null;
  const packagedWindow = async () => (await (shared ??= bootShell({ packaged: true }))).window();
  const endSharedShell = async () => {
    if (shared) await shutDownShell();
    shared = null;
  };
  afterAll(async () => {
    shared = null;
    await shutDownShell();
  });
  const preferences = async () => (await packagedWindow()).options.webPreferences ?? {};

  it('1. loads only its own content, from the app: scheme, never over http', async () => {
    const window = await packagedWindow();
    expect(window.webContents.records.loads).toEqual([APP_PAGE]);
    expect(RENDERER_CSP).toContain("connect-src 'self'");
    expect(RENDERER_CSP).toContain("default-src 'self'");
  });

  it('2. has no Node.js integration, in the page, its workers or its frames', async () => {
    expect(await preferences()).toMatchObject({ nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false });
  });

  it('3. isolates the preload’s context from the page', async () => {
    expect((await preferences()).contextIsolation).toBe(true);
  });

  it('4. sandboxes the renderer, in the window and for the whole app', async () => {
    expect((await preferences()).sandbox).toBe(true);
    expect(app.records.sandboxEnabled).toBe(true);
  });

  it('5. answers permission requests itself: the microphone only, for its own page', async () => {
    const window = await packagedWindow();
    expect(await session.defaultSession.requestPermission(window.webContents, 'media', permissionDetails.media(['audio'], APP_PAGE))).toBe(true);
    expect(await session.defaultSession.requestPermission(window.webContents, 'notifications', permissionDetails.other(APP_PAGE))).toBe(false);
    const check = permissionDetails.mediaCheck('video', APP_PAGE);
    expect(session.defaultSession.checkPermission(window.webContents, 'media', check.requestingOrigin, check.details)).toBe(false);
  });

  it('6. keeps webSecurity (the same-origin policy) on', async () => {
    expect((await preferences()).webSecurity).toBe(true);
  });

  it('7. sends a restrictive Content-Security-Policy with every page, and the scheme does not bypass it', async () => {
    await endSharedShell();
    electronStandIn.reset();
    registerAppScheme();
    app.becomeReady();
    const dir = mkdtempSync(join(tmpdir(), 'renderer-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>x</title>');
    try {
      serveRenderer(dir);
      const response = await protocol.fetch(APP_PAGE);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toBe(RENDERER_CSP);
      const scriptSrc = RENDERER_CSP.split(';').find((part) => part.trim().startsWith('script-src')) ?? '';
      expect(scriptSrc).toContain("'self'");
      expect(scriptSrc).not.toMatch(/unsafe-inline|'unsafe-eval'/);
      expect(RENDERER_CSP).toContain("object-src 'none'");
      expect(protocol.privileged?.[0]?.privileges?.bypassCSP).toBeFalsy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('8. does not allow insecure content to run', async () => {
    expect((await preferences()).allowRunningInsecureContent).not.toBe(true);
  });

  it('9. enables no experimental features', async () => {
    expect((await preferences()).experimentalFeatures).not.toBe(true);
  });

  it('10. enables no extra Blink features', async () => {
    expect((await preferences()).enableBlinkFeatures).toBeUndefined();
  });

  it('11. has no <webview>, so none can allow popups', async () => {
    const window = await packagedWindow();
    expect(window.options.webPreferences?.webviewTag).not.toBe(true);
    expect(window.webContents.attachWebview({}, { src: APP_PAGE, allowpopups: 'true' })).toBe(false);
  });

  it('12. refuses any <webview> before it is attached, whatever its options', async () => {
    const window = await packagedWindow();
    expect(window.webContents.attachWebview({ nodeIntegration: true, preload: '/tmp/x.js' }, { src: 'https://evil.example/' })).toBe(false);
  });

  it('13. limits navigation to its own origin, in every web contents', async () => {
    const window = await packagedWindow();
    expect(window.webContents.navigate('https://evil.example/')).toBe(false);
    expect(window.webContents.redirect('https://evil.example/')).toBe(false);
    expect(new StandInWebContents({}).navigate('https://evil.example/')).toBe(false);
  });

  it('14. creates no new windows, in every web contents', async () => {
    const window = await packagedWindow();
    expect(window.webContents.openWindow(APP_PAGE)).toBe('deny');
    expect(new StandInWebContents({}).openWindow('https://example.com/')).toBe('deny');
  });

  it('15. hands nothing from the page to shell.openExternal at a kiosk', async () => {
    const window = await packagedWindow();
    window.webContents.openWindow('https://example.com/');
    await new Promise((resolve) => setImmediate(resolve));
    expect(shell.opened).toEqual([]);
  });

  it('17. trusts IPC only from the app’s own top frame', async () => {
    await endSharedShell();
    electronStandIn.reset();
    app.becomeReady();
    const contexts: unknown[] = [];
    const fakeCore = { dispatch: async (_channel: unknown, _input: unknown, context: unknown) => (contexts.push(context), { ok: true as const, data: null }), events: { subscribe: () => () => {} } };
    connectIpc(fakeCore, appOrigin(null).isAppUrl);
    const contents = new StandInWebContents({});
    await contents.loadURL(APP_PAGE);
    await ipcMain.invoke(IPC_INVOKE, contents, contents.mainFrame, 'auth.getSession', {});
    await ipcMain.invoke(IPC_INVOKE, contents, new StandInFrame(APP_PAGE, contents.mainFrame), 'auth.getSession', {});
    await ipcMain.invoke(IPC_INVOKE, contents, null, 'auth.getSession', {});
    contents.mainFrame.url = 'https://evil.example/';
    await ipcMain.invoke(IPC_INVOKE, contents, contents.mainFrame, 'auth.getSession', {});
    expect(contexts).toEqual([
      { windowId: String(contents.id), trustedSender: true },
      { windowId: String(contents.id), trustedSender: false },
      { windowId: String(contents.id), trustedSender: false },
      { windowId: String(contents.id), trustedSender: false },
    ]);
  });

  it('18. serves its pages from a custom protocol, only its own files, never file://', async () => {
    await endSharedShell();
    electronStandIn.reset();
    registerAppScheme();
    app.becomeReady();
    const dir = mkdtempSync(join(tmpdir(), 'renderer-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    try {
      serveRenderer(dir);
      expect(protocol.privileged).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
      expect((await protocol.fetch('app://kiosk/../../../../etc/passwd')).status).toBe(404);
      expect((await protocol.fetch('app://other-host/index.html')).status).toBe(404);
      expect((await protocol.fetch(APP_PAGE, { method: 'POST', body: 'x' })).status).toBe(404);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await shutDownShell();
    expect(appOrigin(null).startUrl.startsWith('app://')).toBe(true);
  });

  it('20. exposes to the page only the contract’s two functions, never Electron’s IPC or its events', async () => {
    await endSharedShell();
    electronStandIn.reset();
    await import('../../../src-preload/index');
    expect([...contextBridge.exposed.keys()]).toEqual([KIOSK_API_GLOBAL]);
    const api = contextBridge.exposed.get(KIOSK_API_GLOBAL) as KioskApi;
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    await api.invoke('auth.getSession', {} as never);
    expect(ipcRenderer.invoked).toEqual([{ channel: IPC_INVOKE, args: ['auth.getSession', {}] }]);
    const received: unknown[][] = [];
    api.on('session.changed', (...args: unknown[]) => received.push(args));
    ipcRenderer.fromMain(IPC_EVENT, 'session.changed', { user: null });
    // The listener gets the payload alone, not Electron's event object (which carries the sender).
    expect(received).toEqual([[{ user: null }]]);
  });
});
