import type { App as ElectronApp, WebContents } from 'electron';
import type { AppMode } from '../../shared/domain/settings';
import type { Logger } from '../logging/logger-types';

export interface NavigationPolicy {
  isAppUrl(url: string): boolean;
  /** Read at each request: an admin can switch the device's mode while the app runs. */
  mode(): AppMode;
  /** shell.openExternal; called only for URLs externalUrlAllowed() accepts. */
  openExternal(url: string): void;
  logger: Logger;
  /** Runs work after the window-open handler has returned (setImmediate, as docs/tutorial/security.md item 14 does). */
  defer?: (work: () => void) => void;
}

/**
 * Whether a link the page tried to open may go to the user's browser. Never
 * at a kiosk: a browser there is a way out of the proctored interview. On a
 * recruiter's laptop only https: addresses, so no other handler the OS knows
 * (file:, smb:, custom schemes) is ever started from the page
 * (docs/tutorial/security.md item 15).
 */
export function externalUrlAllowed(url: string, mode: AppMode): boolean {
  if (mode !== 'recruiter') return false;
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * The page may not leave the app: no new windows, no navigation or redirect
 * to another origin, no <webview> (docs/tutorial/security.md items 11–14).
 */
export function lockDownContents(contents: WebContents, policy: NavigationPolicy): void {
  const { isAppUrl, logger } = policy;
  const defer = policy.defer ?? ((work) => void setImmediate(work));
  contents.setWindowOpenHandler(({ url }) => {
    // The in-app window is always refused; the link may then open outside, once refused.
    if (externalUrlAllowed(url, policy.mode())) defer(() => policy.openExternal(url));
    else logger.warn('new window refused', { url });
    return { action: 'deny' };
  });
  const keepInApp = (kind: string) => (event: { url: string; preventDefault(): void }) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    logger.warn(`${kind} refused`, { url: event.url });
  };
  // will-frame-navigate covers sub-frames too; will-navigate is the main frame's (docs/api/web-contents.md).
  contents.on('will-navigate', keepInApp('navigation'));
  contents.on('will-frame-navigate', keepInApp('frame navigation'));
  contents.on('will-redirect', keepInApp('redirect'));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.warn('webview refused');
  });
}

/**
 * Applies the lockdown to every web contents Electron creates, not only the
 * main window's (docs/tutorial/security.md items 12–14 use this event).
 * Registered before the first window, so none is missed.
 */
export function lockDownEveryContents(app: Pick<ElectronApp, 'on'>, policy: NavigationPolicy): void {
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, policy));
}
