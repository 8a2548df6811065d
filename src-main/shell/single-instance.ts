import type { App as ElectronApp, BrowserWindow } from 'electron';

type FocusableWindow = Pick<BrowserWindow, 'isDestroyed' | 'isMinimized' | 'restore' | 'focus'>;

/**
 * One copy of the app per device: a second start (a candidate double-clicking
 * the icon) focuses the window already open instead of opening another on the
 * same database. Called at module load, before anything slow: the listener is
 * in place however long start-up takes, and focuses the window once there is
 * one (docs/api/app.md requestSingleInstanceLock, 'second-instance').
 * Returns false when another copy holds the lock; this one then quits.
 */
export function claimSingleInstance(app: Pick<ElectronApp, 'requestSingleInstanceLock' | 'on' | 'quit'>, currentWindow: () => FocusableWindow | null): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => {
    const window = currentWindow();
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  return true;
}
