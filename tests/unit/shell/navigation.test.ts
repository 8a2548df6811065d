import type { App as ElectronApp, WebContents } from 'electron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppMode } from '../../../shared/domain/settings';
import { appOrigin } from '../../../src-main/shell/app-origin';
import { externalUrlAllowed, lockDownContents, lockDownEveryContents, type NavigationPolicy } from '../../../src-main/shell/navigation';
import { app, electronStandIn, shell, StandInWebContents } from '../../fixtures/electron/index';
import { APP_PAGE, memoryLogger } from './support';

const nextTick = () => new Promise((resolve) => setImmediate(resolve));

describe('links and new windows', () => {
  let mode: AppMode;
  let policy: NavigationPolicy;

  beforeEach(() => {
    electronStandIn.reset();
    app.becomeReady();
    mode = 'kiosk';
    policy = { isAppUrl: appOrigin(null).isAppUrl, mode: () => mode, openExternal: (url) => void shell.openExternal(url), logger: memoryLogger().logger };
  });
  afterEach(() => electronStandIn.dispose());

  function lockedDown(): StandInWebContents {
    const contents = new StandInWebContents({});
    lockDownContents(contents as unknown as WebContents, policy);
    return contents;
  }

  it('at a kiosk, opens nothing: no new window, and nothing in the browser', async () => {
    const contents = lockedDown();
    for (const url of ['https://example.com/', 'http://example.com/', 'mailto:x@example.com', 'file:///etc/passwd']) {
      expect(contents.openWindow(url), url).toBe('deny');
    }
    await nextTick();
    expect(shell.opened).toEqual([]);
  });

  it('on a recruiter’s laptop, opens an https link in the browser, only after refusing the in-app window', async () => {
    mode = 'recruiter';
    const contents = lockedDown();
    expect(contents.openWindow('https://example.com/help')).toBe('deny');
    expect(shell.opened).toEqual([]);
    await nextTick();
    expect(shell.opened).toEqual(['https://example.com/help']);
  });

  it('on a recruiter’s laptop, never hands any other scheme to the OS', async () => {
    mode = 'recruiter';
    const contents = lockedDown();
    for (const url of ['http://example.com/', 'file:///etc/passwd', 'smb://host/share', 'ms-settings:', 'javascript:alert(1)', 'not a url']) {
      expect(contents.openWindow(url), url).toBe('deny');
    }
    await nextTick();
    expect(shell.opened).toEqual([]);
  });

  it('follows the mode the device is in now', () => {
    expect(externalUrlAllowed('https://example.com/', 'kiosk')).toBe(false);
    expect(externalUrlAllowed('https://example.com/', 'recruiter')).toBe(true);
  });

  it('keeps navigation and redirects on the app’s own origin', () => {
    const contents = lockedDown();
    expect(contents.navigate('app://kiosk/index.html#/review')).toBe(true);
    expect(contents.navigate('https://evil.example/')).toBe(false);
    expect(contents.navigate('app://kiosk.evil.example/')).toBe(false);
    expect(contents.navigate('file:///etc/passwd')).toBe(false);
    expect(contents.navigate('https://evil.example/', { isMainFrame: false })).toBe(false);
    expect(contents.redirect(APP_PAGE)).toBe(true);
    expect(contents.redirect('https://evil.example/')).toBe(false);
  });

  it('refuses every <webview>', () => {
    const contents = lockedDown();
    expect(contents.attachWebview({ nodeIntegration: true }, { src: APP_PAGE })).toBe(false);
  });

  it('locks down every web contents Electron creates, not only the main window’s', async () => {
    lockDownEveryContents(app as unknown as ElectronApp, policy);
    const later = new StandInWebContents({});
    expect(later.openWindow('https://example.com/')).toBe('deny');
    expect(later.navigate('https://evil.example/')).toBe(false);
    expect(later.redirect('https://evil.example/')).toBe(false);
    expect(later.attachWebview({}, { src: 'https://evil.example/' })).toBe(false);
    await nextTick();
    expect(shell.opened).toEqual([]);
  });
});
