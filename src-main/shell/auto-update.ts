import type { AppUpdater } from 'electron-updater';
import type { Logger } from '../logging/logger-types';
import type { UpdateInstaller, VerifiedUpdate } from '../updates/update-service';

/** The part of electron-updater's autoUpdater the shell uses; tests give a stand-in. */
export type UpdaterPort = Pick<AppUpdater, 'autoDownload' | 'autoInstallOnAppQuit' | 'allowDowngrade' | 'channel' | 'setFeedURL' | 'checkForUpdates' | 'downloadUpdate' | 'quitAndInstall'>;

/**
 * The shell's installer (src-main/updates decides; this only carries out).
 * electron-updater reads the same feed and channel file the core verified,
 * and goes on only when it offers the same version with the same SHA-512:
 * electron-updater checks its download against that SHA-512 itself, so
 * what it installs is the installer whose signature the core verified. A
 * feed changed in between, a failed download or a failed install is logged
 * and nothing quits: the installed version keeps running, and the core's
 * next check hands the update over again.
 */
export function createShellInstaller(updater: UpdaterPort, logger: Logger): UpdateInstaller {
  let preparing: { sha512: string; done: Promise<void> } | null = null;

  const prepare = (update: VerifiedUpdate): Promise<void> => {
    if (preparing?.sha512 === update.sha512) return preparing.done;
    const done = (async () => {
      // Nothing happens by itself: the core says when to install.
      updater.autoDownload = false;
      updater.autoInstallOnAppQuit = false;
      updater.setFeedURL({ provider: 'generic', url: update.feedUrl, channel: update.channel });
      updater.channel = update.channel;
      // Setting a channel turns downgrades on (AppUpdater.channel); never here.
      updater.allowDowngrade = false;
      const found = await updater.checkForUpdates();
      const info = found?.updateInfo;
      if (!found?.isUpdateAvailable || info?.version !== update.version || !info.files.some((file) => file.sha512 === update.sha512)) {
        throw new Error(`the feed no longer offers the verified ${update.version} (it offers ${info?.version ?? 'nothing'}); nothing was installed`);
      }
      await updater.downloadUpdate();
    })();
    preparing = { sha512: update.sha512, done };
    done.catch(() => {
      if (preparing?.done === done) preparing = null;
    });
    return done;
  };

  const failed = (update: VerifiedUpdate) => (error: unknown) =>
    logger.warn('the update was not installed; the installed version keeps running', { version: update.version, error: error instanceof Error ? error.message : String(error) });

  return {
    prepare: (update) => void prepare(update).catch(failed(update)),
    installNow: (update) =>
      void prepare(update)
        .then(() => {
          logger.info('installing the update now', { version: update.version });
          // Silent, and the app starts again afterwards (the kiosk comes back by itself).
          updater.quitAndInstall(true, true);
        })
        .catch(failed(update)),
    installOnQuit: (update) =>
      void prepare(update)
        .then(() => {
          updater.autoInstallOnAppQuit = true;
          logger.info('the update is installed when the app quits', { version: update.version });
        })
        .catch(failed(update)),
  };
}
