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

export function mainWindowOptions(options: { isPackaged: boolean; kioskMode: boolean; preloadPath: string }): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    show: false,
    // Full screen at a kiosk; never in development, where it would trap the developer.
    fullscreen: options.kioskMode && options.isPackaged,
    title: 'Teamified Kiosk',
    webPreferences: mainWindowPreferences(options),
  };
}
