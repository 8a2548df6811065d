import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { devToolsAllowed } from './dev-only';

/**
 * The renderer is untrusted web content (docs/tutorial/security.md items
 * 2–4, 6, 8–10): sandboxed, isolated from the preload, no Node, same-origin
 * policy on, no mixed content, no experimental or extra Blink features, no
 * <webview>, no navigation by dropping a file, and DevTools only in
 * development. Each is written out, even where it is Electron's default, so
 * a change of default cannot loosen it unnoticed.
 */
export function mainWindowPreferences(options: { isPackaged: boolean; preloadPath: string }): WebPreferences {
  return {
    preload: options.preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    devTools: devToolsAllowed(options.isPackaged),
    spellcheck: false,
  };
}

/**
 * At a kiosk (packaged builds only: in development it would trap the
 * developer) the window fills the screen. On macOS it is Electron's `kiosk`
 * window, a real presentation lock (no Dock, no menu bar, no switching
 * apps); the proctor leaves it with the exit sequence and their PIN, and IT
 * quits the app once no candidate is signed in. Windows and Linux have no
 * such lock for an app: the window is full screen, and the OS's own kiosk
 * set-up (README, "Locking a kiosk down") does the rest.
 */
export function mainWindowOptions(options: { isPackaged: boolean; kioskMode: boolean; preloadPath: string; platform: NodeJS.Platform }): BrowserWindowConstructorOptions {
  const atKiosk = options.kioskMode && options.isPackaged;
  return {
    width: 1280,
    height: 800,
    show: false,
    fullscreen: atKiosk,
    ...(atKiosk && options.platform === 'darwin' ? { kiosk: true } : {}),
    title: 'Teamified Kiosk',
    webPreferences: mainWindowPreferences(options),
  };
}
