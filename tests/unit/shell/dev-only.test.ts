// Typed as Electron's own; at run time the 'shell' project resolves it to the stand-in.
import { Menu, type WebContents } from 'electron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppMode } from '../../../shared/domain/settings';
import { applyApplicationMenu, devServerUrl } from '../../../src-main/shell/dev-only';
import { blockKioskShortcuts, type BlockedShortcut } from '../../../src-main/shell/kiosk-shortcuts';
import { mainWindowPreferences } from '../../../src-main/shell/main-window';
import { app, electronStandIn, shownMenuRoles, StandInWebContents } from '../../fixtures/electron/index';

const DEVELOPER_ROLES = ['reload', 'forceReload', 'toggleDevTools', 'close'];

/** Fixes 2 and 3: what only a developer's build has. */
describe('DevTools', () => {
  afterEach(() => electronStandIn.dispose());

  it('are off in a packaged build and on in development', () => {
    expect(mainWindowPreferences({ isPackaged: true, preloadPath: '/p.cjs' }).devTools).toBe(false);
    expect(mainWindowPreferences({ isPackaged: false, preloadPath: '/p.cjs' }).devTools).toBe(true);
  });

  it('cannot be opened in a window made with the packaged preferences', () => {
    electronStandIn.reset();
    app.becomeReady();
    const contents = new StandInWebContents(mainWindowPreferences({ isPackaged: true, preloadPath: '/p.cjs' }));
    contents.openDevTools();
    expect(contents.isDevToolsOpened()).toBe(false);
  });
});

describe('the application menu', () => {
  afterEach(() => electronStandIn.dispose());

  for (const platform of ['linux', 'win32', 'darwin'] as const) {
    it(`of a packaged build on ${platform} has no Reload, DevTools or Close`, () => {
      electronStandIn.reset({ platform });
      // Electron installs its default menu on the way to 'ready'; the shell replaces it before the first window.
      app.becomeReady();
      applyApplicationMenu(Menu, true, platform);
      for (const role of DEVELOPER_ROLES) expect(shownMenuRoles()).not.toContain(role);
    });
  }

  it('of a packaged build on macOS keeps Edit, so copy and paste work in text fields', () => {
    electronStandIn.reset({ platform: 'darwin' });
    app.becomeReady();
    applyApplicationMenu(Menu, true, 'darwin');
    expect(shownMenuRoles()).toEqual(expect.arrayContaining(['copy', 'paste', 'quit']));
  });

  it('in development is Electron’s default, with DevTools', () => {
    electronStandIn.reset({ platform: 'linux' });
    app.becomeReady();
    applyApplicationMenu(Menu, false, 'linux');
    expect(shownMenuRoles()).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });
});

describe('kiosk shortcuts', () => {
  let mode: AppMode;
  let blocked: BlockedShortcut[];
  let contents: StandInWebContents;

  function watch(devToolsAllowed: boolean): void {
    contents = new StandInWebContents({});
    blockKioskShortcuts(contents as unknown as WebContents, { mode: () => mode, devToolsAllowed, onBlocked: (kind) => blocked.push(kind) });
  }

  beforeEach(() => {
    electronStandIn.reset();
    app.becomeReady();
    mode = 'kiosk';
    blocked = [];
  });
  afterEach(() => electronStandIn.dispose());

  it('reload, DevTools and close keys never reach a kiosk page, and each press is noted once', () => {
    watch(false);
    const presses: Array<[string, Parameters<StandInWebContents['press']>[1]]> = [
      ['r', { control: true }],
      ['r', { meta: true }],
      ['R', { control: true, shift: true }],
      ['F5', {}],
      ['F12', {}],
      ['I', { control: true, shift: true }],
      ['J', { control: true, shift: true }],
      ['i', { meta: true, alt: true }],
      ['w', { control: true }],
      ['w', { meta: true }],
      ['F4', { control: true }],
    ];
    for (const [key, modifiers] of presses) expect(contents.press(key, modifiers), `${key} ${JSON.stringify(modifiers)}`).toBe(false);
    expect(blocked).toEqual(['reload', 'reload', 'reload', 'reload', 'devtools', 'devtools', 'devtools', 'devtools', 'close', 'close', 'close']);
  });

  it('print, find and zoom keys never reach a kiosk page either (issue 17: keys filtered while a sitting runs)', () => {
    watch(false);
    const presses: Array<[string, Parameters<StandInWebContents['press']>[1]]> = [
      ['p', { control: true }],
      ['p', { meta: true }],
      ['f', { control: true }],
      ['F3', {}],
      ['=', { control: true }],
      ['+', { meta: true, shift: true }],
      ['-', { control: true }],
      ['0', { meta: true }],
      ['+', { control: true, code: 'NumpadAdd' }],
    ];
    for (const [key, modifiers] of presses) expect(contents.press(key, modifiers), `${key} ${JSON.stringify(modifiers)}`).toBe(false);
    expect(blocked).toEqual(['print', 'print', 'find', 'find', 'zoom', 'zoom', 'zoom', 'zoom', 'zoom']);
    // Typing digits and signs in an answer box is still typing.
    for (const key of ['0', '-', '+', 'f', 'p']) expect(contents.press(key, {}), key).toBe(true);
  });

  it('lets the proctor’s exit sequence (Ctrl+Alt+Shift+P) through to the page, and nothing near it', () => {
    watch(false);
    expect(contents.press('P', { control: true, alt: true, shift: true })).toBe(true);
    expect(contents.press('∏', { control: true, alt: true, shift: true, code: 'KeyP' })).toBe(true);
    expect(contents.press('p', { control: true, shift: true })).toBe(false);
    expect(contents.press('p', { meta: true, alt: true, shift: true })).toBe(false);
    expect(blocked).toEqual(['print', 'print']);
  });

  it('are matched by position too, whatever the keyboard layout', () => {
    watch(false);
    expect(contents.press('к', { control: true, code: 'KeyR' })).toBe(false);
  });

  it('held down or released, are blocked but noted only once', () => {
    watch(false);
    expect(contents.press('F5', { isAutoRepeat: true })).toBe(false);
    expect(contents.press('F5', { type: 'keyUp' })).toBe(false);
    expect(blocked).toEqual([]);
  });

  it('leave ordinary typing and editing alone', () => {
    watch(false);
    for (const [key, modifiers] of [['r', {}], ['c', { control: true }], ['v', { control: true }], ['a', { meta: true }], ['Enter', {}]] as const) {
      expect(contents.press(key, modifiers), key).toBe(true);
    }
    expect(blocked).toEqual([]);
  });

  it('in development keep the DevTools keys, but still block reload and close', () => {
    watch(true);
    expect(contents.press('F12')).toBe(true);
    expect(contents.press('r', { control: true })).toBe(false);
  });

  it('all work on a recruiter’s laptop', () => {
    mode = 'recruiter';
    watch(false);
    expect(contents.press('r', { control: true })).toBe(true);
    expect(contents.press('F12')).toBe(true);
  });
});

describe('the renderer address (ELECTRON_RENDERER_URL)', () => {
  it('is honoured in development, for a dev server on this computer', () => {
    expect(devServerUrl(false, { ELECTRON_RENDERER_URL: 'http://localhost:5173' })).toEqual({ url: 'http://localhost:5173', ignored: null });
    expect(devServerUrl(false, { ELECTRON_RENDERER_URL: 'http://127.0.0.1:5173/' }).url).toBe('http://127.0.0.1:5173/');
  });

  it('is ignored in a packaged build, with a reason for the log', () => {
    expect(devServerUrl(true, { ELECTRON_RENDERER_URL: 'http://localhost:5173' })).toEqual({ url: null, ignored: expect.stringMatching(/packaged/) });
  });

  it('is ignored when it points at another computer or is not http', () => {
    expect(devServerUrl(false, { ELECTRON_RENDERER_URL: 'https://evil.example/' }).url).toBeNull();
    expect(devServerUrl(false, { ELECTRON_RENDERER_URL: 'file:///tmp/index.html' }).url).toBeNull();
    expect(devServerUrl(false, { ELECTRON_RENDERER_URL: 'nonsense' }).url).toBeNull();
  });

  it('is simply absent when unset', () => {
    expect(devServerUrl(false, {})).toEqual({ url: null, ignored: null });
  });
});
