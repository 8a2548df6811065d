import type { Menu as ElectronMenu, MenuItemConstructorOptions } from 'electron';

/**
 * What only a developer's build has: DevTools, Electron's default menu
 * (Reload, Force Reload, Toggle Developer Tools, Close) and a renderer
 * served by Vite's dev server. A packaged build has none of them.
 */

/** Set by `electron-vite dev`. */
export const RENDERER_URL_ENV = 'ELECTRON_RENDERER_URL';

export function devToolsAllowed(isPackaged: boolean): boolean {
  return !isPackaged;
}

/**
 * The dev server's address, honoured only in development, and only on this
 * computer (http(s) on a loopback host): whatever it serves gets the
 * microphone and the IPC bridge. A packaged build always loads its own files,
 * whatever the environment says. Returns the URL, and a note for the log
 * when a value was ignored.
 */
export function devServerUrl(isPackaged: boolean, env: NodeJS.ProcessEnv): { url: string | null; ignored: string | null } {
  const value = env[RENDERER_URL_ENV]?.trim();
  if (!value) return { url: null, ignored: null };
  if (isPackaged) return { url: null, ignored: `${RENDERER_URL_ENV} is ignored in a packaged build` };
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return { url: null, ignored: `${RENDERER_URL_ENV} is not a URL` };
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
  if (!loopback || !['http:', 'https:'].includes(parsed.protocol)) return { url: null, ignored: `${RENDERER_URL_ENV} must be an http address on this computer` };
  return { url: value, ignored: null };
}

/**
 * Development keeps Electron's default menu (DevTools, reload). A packaged
 * build gets none on Windows and Linux, and on macOS only the app and Edit
 * menus: there `setApplicationMenu(null)` leaves the default menu bar in
 * place (lib/browser/api/menu.ts), and without an Edit menu Cmd+C/V stop
 * working in text fields. Call before the first window is created.
 */
export function applyApplicationMenu(menu: Pick<typeof ElectronMenu, 'setApplicationMenu' | 'buildFromTemplate'>, isPackaged: boolean, platform: NodeJS.Platform): void {
  if (!isPackaged) return;
  if (platform !== 'darwin') {
    menu.setApplicationMenu(null);
    return;
  }
  const template: MenuItemConstructorOptions[] = [{ role: 'appMenu' }, { role: 'editMenu' }];
  menu.setApplicationMenu(menu.buildFromTemplate(template));
}
