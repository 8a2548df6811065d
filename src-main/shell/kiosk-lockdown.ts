import type { BrowserWindow, Clipboard, PowerSaveBlocker, Screen } from 'electron';
import type { AppMode } from '../../shared/domain/settings';
import { countDisplays } from './shell-facts';

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
 * What holds only while a candidate is signed in at a kiosk, put on when
 * the first such session begins and taken off when the last ends:
 *
 * - the display does not sleep (a spoken interview has long stretches
 *   without a key or a click): powerSaveBlocker 'prevent-display-sleep';
 * - on Windows and Linux, the app's windows stay on top of everything
 *   else, screen savers included (setAlwaysOnTop 'screen-saver'), so no
 *   other window can be laid over the interview (macOS has its real kiosk
 *   mode instead, and its file panels would open behind such a window);
 * - the clipboard is emptied as it begins and as it ends, so nothing copied
 *   before can be pasted into the interview, and nothing from it is left for
 *   the next person (pastes during it are noted by the page).
 *
 * Call `update` whenever sessions change.
 */
export class SittingGuards {
  /** The display-sleep blocker while the guards are on; null while off. */
  private blocker: number | null = null;

  constructor(
    private readonly deps: {
      powerSaveBlocker: Pick<PowerSaveBlocker, 'start' | 'stop'>;
      clipboard: Pick<Clipboard, 'clear'>;
      windows: () => Array<Pick<BrowserWindow, 'setAlwaysOnTop' | 'isDestroyed'>>;
      /** Whether to keep the windows on top (not on macOS). */
      topmost: boolean;
      /** A candidate is signed in on some window, at a kiosk. */
      wanted: () => boolean;
    },
  ) {}

  update(): void {
    const wanted = this.deps.wanted();
    if (wanted === (this.blocker !== null)) return;
    if (wanted) {
      this.blocker = this.deps.powerSaveBlocker.start('prevent-display-sleep');
    } else {
      this.deps.powerSaveBlocker.stop(this.blocker!);
      this.blocker = null;
    }
    if (this.deps.topmost) for (const window of this.deps.windows()) if (!window.isDestroyed()) window.setAlwaysOnTop(wanted, 'screen-saver');
    this.deps.clipboard.clear();
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
    onDisplayAdded(windowId: string, details: { displays: number; builtInDisplays: number; internal: boolean; width: number; height: number; label: string }): void;
  },
): void {
  screen.on('display-added', (_event, display) => {
    if (options.mode() !== 'kiosk') return;
    const details = {
      // The same count the shell reports to the core, so its watch of IT's display policy knows this change is noted already.
      ...countDisplays(screen),
      internal: display.internal,
      width: display.size.width,
      height: display.size.height,
      label: display.label.slice(0, 100),
    };
    for (const windowId of options.candidateWindows()) options.onDisplayAdded(windowId, details);
  });
}
