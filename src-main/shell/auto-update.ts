import type { AppUpdater, Logger as UpdaterLogger } from 'electron-updater';
import type { Logger } from '../logging/logger-types';
import { redactString } from '../logging/redact';
import { channelFileName } from '../updates/channel-file';
import { fileDigest } from '../updates/file-digest';
import type { InstallerReport, UpdateInstaller, VerifiedUpdate } from '../updates/installer-port';
import { serveVerifiedUpdate } from './update-feed';

/** The part of electron-updater's autoUpdater the shell uses; tests give a stand-in (tests/fixtures/electron-updater). */
export type UpdaterPort = Pick<
  AppUpdater,
  | 'autoDownload'
  | 'autoInstallOnAppQuit'
  | 'allowDowngrade'
  | 'disableDifferentialDownload'
  | 'disableWebInstaller'
  | 'logger'
  | 'setFeedURL'
  | 'checkForUpdates'
  | 'downloadUpdate'
  | 'quitAndInstall'
  | 'on'
>;

/** What the shell gives its installer: where to log, how to answer the core, and who is signed in. */
export interface ShellUpdateContext {
  logger: Logger;
  /** Tells the core how an update it handed over went (CoreClient.reportUpdate). */
  report(report: InstallerReport): void;
  /** The windows a candidate is signed in on, from the core's last word: never installed under one. */
  candidateWindows(): readonly string[];
}

export interface ShellInstallerDeps extends ShellUpdateContext {
  updater: UpdaterPort;
  /** process.platform and process.arch: they name the channel file electron-updater asks the local feed for. */
  platform: NodeJS.Platform;
  arch: string;
}

/** Refused by the shell itself: said to the core as it is. */
class NotInstalled extends Error {}

/** What electron-updater has ready to install: the update and its own copy of the installer. */
interface Ready {
  sha512: string;
  file: string;
  onQuit: boolean;
}

/**
 * The shell's installer (src-main/updates decides and verifies; this only
 * carries out). electron-updater installs, but takes the installer from
 * nowhere but a feed on 127.0.0.1 that offers only the copy the core
 * verified (update-feed.ts), and only after that copy is hashed again. A
 * kiosk installs only what was made ready before, with no candidate signed
 * in, the bytes hashed once more just before. A laptop's update is made
 * ready with autoInstallOnAppQuit already on, which is when electron-updater
 * registers its quit handler (BaseUpdater.addQuitHandler, at the end of
 * the download). Every outcome goes back to the core; a failure leaves the
 * installed version running.
 */
export function createShellInstaller(deps: ShellInstallerDeps): UpdateInstaller {
  const { updater, logger } = deps;
  let configured = false;
  let ready: Ready | null = null;
  let preparing: { key: string; done: Promise<Ready> } | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let installing: VerifiedUpdate | null = null;

  const report = (update: VerifiedUpdate, outcome: InstallerReport['outcome'], reason?: string): void =>
    deps.report({ version: update.version, sha512: update.sha512, outcome, ...(reason ? { reason } : {}) });

  const failed = (update: VerifiedUpdate) => (error: unknown) => {
    const reason = reasonOf(error);
    logger.warn('the update was not installed; the installed version keeps running', { version: update.version, reason });
    if (installing === update) installing = null;
    report(update, 'failed', reason);
  };

  const configure = (): void => {
    if (configured) return;
    configured = true;
    updater.logger = updaterLog(logger);
    // The core decides what to download and when to install; nothing happens by itself.
    updater.autoDownload = false;
    // The local feed has the installer and nothing else: no blockmaps to compare, no web-installer packages.
    updater.disableDifferentialDownload = true;
    updater.disableWebInstaller = true;
    updater.allowDowngrade = false;
    // electron-updater logs each 'error' itself (AppUpdater's constructor listens), through updaterLog.
    // An install fails after quitAndInstall returns on macOS (Squirrel), and synchronously elsewhere: both come as 'error'.
    updater.on('error', (error: Error) => {
      if (installing) failed(installing)(error);
    });
  };

  const download = async (update: VerifiedUpdate, onQuit: boolean): Promise<Ready> => {
    configure();
    // electron-updater holds one update: whatever it had ready is no longer what it would install.
    ready = null;
    const onDisk = await fileDigest(update.path).catch((error: unknown) => {
      throw new NotInstalled(`the verified installer could not be read from the data folder (${reasonOf(error)})`);
    });
    if (onDisk.sha512 !== update.sha512 || onDisk.size !== update.size) throw new NotInstalled('the verified installer in the data folder changed after it was verified');
    const feed = await serveVerifiedUpdate(update, channelFileName('latest', deps.platform, deps.arch));
    try {
      updater.autoInstallOnAppQuit = onQuit;
      updater.setFeedURL({ provider: 'generic', url: feed.url });
      const found = await updater.checkForUpdates();
      if (!found) throw new NotInstalled('electron-updater is not active in this copy of the app (it updates a packaged app only, and on Linux only an AppImage)');
      if (!found.isUpdateAvailable || found.updateInfo.version !== update.version) {
        throw new NotInstalled(`electron-updater did not take version ${update.version} from the verified copy (it read ${found.updateInfo.version})`);
      }
      const [file] = await updater.downloadUpdate();
      if (!file) throw new NotInstalled('electron-updater named no downloaded file');
      await sameBytes(file, update);
      logger.info('the update is ready to install', { version: update.version, onQuit });
      ready = { sha512: update.sha512, file, onQuit };
      return ready;
    } finally {
      await feed.close();
    }
  };

  /** One preparation at a time (electron-updater holds one update); the same one asked twice is done once. */
  const prepare = (update: VerifiedUpdate, onQuit: boolean): Promise<Ready> => {
    if (ready && ready.sha512 === update.sha512 && ready.onQuit === onQuit) return Promise.resolve(ready);
    const key = `${update.sha512} ${onQuit}`;
    if (preparing?.key === key) return preparing.done;
    const done = queue.then(() => download(update, onQuit));
    queue = done.catch(() => undefined);
    preparing = { key, done };
    void done.finally(() => {
      if (preparing?.done === done) preparing = null;
    }).catch(() => undefined);
    return done;
  };

  const installNow = async (update: VerifiedUpdate): Promise<void> => {
    const signedIn = () => deps.candidateWindows().length > 0;
    if (signedIn()) return report(update, 'deferred', 'a candidate is signed in');
    const made = ready?.sha512 === update.sha512 ? ready : null;
    if (!made) throw new NotInstalled('it was not made ready first, and a kiosk installs nothing it has not downloaded and checked beforehand');
    await sameBytes(made.file, update);
    // Hashing takes a moment: asked again right before the app quits.
    if (signedIn()) return report(update, 'deferred', 'a candidate is signed in');
    logger.info('installing the update now', { version: update.version });
    installing = update;
    report(update, 'installing');
    // Silent, and the app starts again afterwards (the kiosk comes back by itself).
    updater.quitAndInstall(true, true);
  };

  return {
    prepare: (update) =>
      void prepare(update, false).then(
        () => report(update, 'prepared'),
        failed(update),
      ),
    installNow: (update) => void installNow(update).catch(failed(update)),
    installOnQuit: (update) =>
      void prepare(update, true).then(
        () => report(update, 'prepared'),
        failed(update),
      ),
  };
}

/** The file electron-updater will install holds the verified bytes. */
async function sameBytes(file: string, update: VerifiedUpdate): Promise<void> {
  const copy = await fileDigest(file).catch((error: unknown) => {
    throw new NotInstalled(`electron-updater's copy of the installer could not be read (${reasonOf(error)})`);
  });
  if (copy.sha512 !== update.sha512) throw new NotInstalled('electron-updater’s copy of the installer is not the verified one');
}

/** Why, in one line for IT: no stack, credentials and e-mail addresses removed (the core shows it). */
function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = redactString(text.split('\n')[0]?.trim() || 'no reason was given');
  return line.length > 500 ? `${line.slice(0, 499)}…` : line;
}

/**
 * electron-updater's own log lines, into the shell's log (which redacts):
 * the first line only (its errors come with a stack, which names folders),
 * its progress at debug level.
 */
function updaterLog(logger: Logger): UpdaterLogger {
  const line = (message: unknown) => ({ detail: reasonOf(message) });
  return {
    info: (message) => logger.debug('electron-updater', line(message)),
    debug: (message) => logger.debug('electron-updater', line(message)),
    warn: (message) => logger.warn('electron-updater', line(message)),
    error: (message) => logger.warn('electron-updater reported an error', line(message)),
  };
}
