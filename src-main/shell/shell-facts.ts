import type { Screen } from 'electron';
import type { CoreClient } from '../ipc/core-client';
import { nodeProcessLister } from '../kiosk-watch/process-lister';
import type { Logger } from '../logging/logger-types';
import { readOsKiosk, type OsKiosk } from '../self-check/os-kiosk';

/** The protocol's bound; no kiosk comes near it. */
const MAX_DISPLAYS = 64;

export interface ShellFactsOptions {
  screen: Pick<Screen, 'on' | 'getAllDisplays'>;
  platform: NodeJS.Platform;
  /** The renderers run in Chromium's sandbox: not started with --no-sandbox. */
  sandboxed: boolean;
  /** The main window is Electron's kiosk window (macOS, packaged, at a kiosk). */
  kioskWindow: boolean;
  logger: Logger;
  /** Tests replace the OS reading; the app reads /proc (Linux) or the process list (Windows: tasklist, as the kiosk watch reads it). */
  readOsKiosk?: (platform: NodeJS.Platform, kioskWindow: boolean) => Promise<OsKiosk>;
}

/** How many displays there are, and how many built in (docs/api/structures/display.md: `internal`), within the protocol's bound. */
export function countDisplays(screen: Pick<Screen, 'getAllDisplays'>): { displays: number; builtInDisplays: number } {
  const all = screen.getAllDisplays().slice(0, MAX_DISPLAYS);
  return { displays: all.length, builtInDisplays: all.filter((display) => display.internal).length };
}

/**
 * Tells the core what only the shell knows, for the pre-sitting self-check
 * (src-main/self-check): whether the renderers are sandboxed, how many
 * displays there are and how many of them are built in, and whether the
 * OS's kiosk lock is around the app. The core also holds the displays to
 * IT's display policy: at a sitting's opening, and live during one.
 * Now, and again whenever a display comes or goes; the core client tells a
 * core started again by itself.
 */
export function reportShellFacts(core: Pick<CoreClient, 'reportShellFacts'>, options: ShellFactsOptions): void {
  const read =
    options.readOsKiosk ??
    ((platform, kioskWindow) => readOsKiosk({ platform, kioskWindow, processNames: () => nodeProcessLister({ platform }).listProcessNames() }));
  const report = async (): Promise<void> => {
    try {
      const osKiosk = await read(options.platform, options.kioskWindow);
      // Counted after the wait, so the last report always has the displays as they are.
      core.reportShellFacts({ platform: options.platform, sandboxed: options.sandboxed, ...countDisplays(options.screen), osKiosk });
    } catch (error) {
      options.logger.warn('the shell facts for the self-check could not be read', { error });
    }
  };
  void report();
  options.screen.on('display-added', () => void report());
  options.screen.on('display-removed', () => void report());
}
