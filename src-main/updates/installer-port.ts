import type { FeedChannel } from './channel-file';

/** An installer the core downloaded and verified (SHA-512 and the release key's signature), for the shell to install. */
export interface VerifiedUpdate {
  version: string;
  /** The channel file it came from (for the log: the shell never reads the feed itself). */
  channel: FeedChannel;
  /** The installer's own name, as the feed gave it: no folder in it. */
  fileName: string;
  sha512: string;
  size: number;
  /** Where the verified copy is, under the data folder: the only bytes the shell installs. */
  path: string;
}

/**
 * The Electron shell's side (src-main/shell/auto-update.ts, electron-updater):
 * it installs only the verified copy it is handed, from the data folder,
 * never anything from the feed. Nothing else in the app installs anything.
 * Each call is answered later with an InstallerReport.
 */
export interface UpdateInstaller {
  /** Make it ready to install (electron-updater takes the verified copy), in the background; install nothing. */
  prepare(update: VerifiedUpdate): void;
  /** Quit and install what was made ready: a kiosk between sittings. */
  installNow(update: VerifiedUpdate): void;
  /** Make it ready and install it when the app next quits: a laptop. */
  installOnQuit(update: VerifiedUpdate): void;
}

/**
 * What the shell's installer says back about an update:
 *   prepared    ready to install (and, on a laptop, installed when the app quits)
 *   installing  being installed now; the app quits and starts again
 *   deferred    not installed now (a candidate is signed in); ask again later
 *   failed      not installed, and why; the installed version keeps running
 */
export const installerOutcomes = ['prepared', 'installing', 'deferred', 'failed'] as const;
export type InstallerOutcome = (typeof installerOutcomes)[number];

export interface InstallerReport {
  version: string;
  sha512: string;
  outcome: InstallerOutcome;
  /** For 'deferred' and 'failed': why, in words for IT (no secrets, no candidate's data). */
  reason?: string;
}
