import type { BrowserWindow, PowerSaveBlocker, Screen } from 'electron';
import type { AppMode } from '../../shared/domain/settings';

export interface KioskWindowLockdownOptions {
  /** Read when it matters: an admin can switch the device's mode while the app runs. */
  mode(): AppMode;
  /** A candidate is signed in on this window: their sitting is under way. */
  candidateSignedIn(): boolean;
  /** Closing was refused (Alt+F4, the title bar, Cmd+Q's close): noted for the recruiter. */
  onCloseRefused(): void;
}

/**
 * What a window can do to keep a kiosk locked while a candidate is signed
 * in, as far as an app can (Electron cannot block Ctrl+Alt+Del, Alt+Tab or
 * the Windows key: the OS's own kiosk set-up does, see the README):
 *
 * - closing the window is refused (docs/api/browser-window.md 'close':
 *   "Calling event.preventDefault() will cancel the close"), which also
 *   cancels a quit that would close it; staff can close it once the
 *   candidate is signed out;
 * - the window's contents are kept out of screen capture and sharing where
 *   the OS honours it (setContentProtection: macOS and Windows 10 2004+;
 *   Linux ignores it).
 */
export function lockDownKioskWindow(window: Pick<BrowserWindow, 'on' | 'setContentProtection'>, options: KioskWindowLockdownOptions): void {
  if (options.mode() === 'kiosk') window.setContentProtection(true);
  window.on('close', (event) => {
    if (options.mode() !== 'kiosk' || !options.candidateSignedIn()) return;
    event.preventDefault();
    options.onCloseRefused();
  });
}

/**
 * The display does not sleep while a candidate is signed in at a kiosk (a
 * spoken interview has long stretches without a key or a click); it may
 * again once nobody is. Call `update` whenever sessions change.
 */
export class DisplayAwake {
  private blocker: number | null = null;

  constructor(
    private readonly powerSaveBlocker: Pick<PowerSaveBlocker, 'start' | 'stop' | 'isStarted'>,
    private readonly wanted: () => boolean,
  ) {}

  update(): void {
    const wanted = this.wanted();
    if (wanted && (this.blocker === null || !this.powerSaveBlocker.isStarted(this.blocker))) {
      this.blocker = this.powerSaveBlocker.start('prevent-display-sleep');
    } else if (!wanted && this.blocker !== null) {
      this.powerSaveBlocker.stop(this.blocker);
      this.blocker = null;
    }
  }
}

/**
 * A display connected while a candidate is signed in at a kiosk (a second
 * screen for someone else to read along, or a capture device) is noted on
 * their interview with what it was (docs/api/screen.md 'display-added'),
 * and the recruiter's integrity panel counts it.
 */
export function watchDisplays(
  screen: Pick<Screen, 'on' | 'getAllDisplays'>,
  options: {
    mode(): AppMode;
    /** The windows with a candidate signed in. */
    candidateWindows(): string[];
    onDisplayAdded(windowId: string, details: { displays: number; internal: boolean; width: number; height: number; label: string }): void;
  },
): void {
  screen.on('display-added', (_event, display) => {
    if (options.mode() !== 'kiosk') return;
    const details = {
      displays: screen.getAllDisplays().length,
      internal: display.internal,
      width: display.size.width,
      height: display.size.height,
      label: display.label.slice(0, 100),
    };
    for (const windowId of options.candidateWindows()) options.onDisplayAdded(windowId, details);
  });
}
