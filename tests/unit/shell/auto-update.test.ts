import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src-main/logging/logger';
import { createShellInstaller, type UpdaterPort } from '../../../src-main/shell/auto-update';
import type { VerifiedUpdate } from '../../../src-main/updates/update-service';

/**
 * The shell's installer over a stand-in for electron-updater's autoUpdater
 * (it needs Electron). Like the real one, the stand-in turns downgrades on
 * when a channel is set (AppUpdater's channel setter) and reports what its
 * feed offers.
 */
const SHA = 'b'.repeat(86) + '==';
const update: VerifiedUpdate = { version: '1.1.0', channel: 'pilot', feedUrl: 'https://updates.example.com/kiosk/', fileName: 'a.AppImage', sha512: SHA, path: '/tmp/a' };

function standIn(offers: { version: string; sha512: string }) {
  const log: string[] = [];
  let channel: string | null = null;
  const updater = {
    autoDownload: true,
    autoInstallOnAppQuit: true,
    allowDowngrade: false,
    get channel() {
      return channel;
    },
    set channel(value: string | null) {
      channel = value;
      updater.allowDowngrade = true;
    },
    setFeedURL: (options: unknown) => void log.push(`feed ${JSON.stringify(options)}`),
    checkForUpdates: async () => {
      log.push('check');
      return { isUpdateAvailable: true, updateInfo: { version: offers.version, files: [{ url: 'a.AppImage', sha512: offers.sha512 }], path: 'a.AppImage', sha512: offers.sha512, releaseDate: '' }, versionInfo: {} };
    },
    downloadUpdate: async () => {
      log.push('download');
      return [];
    },
    quitAndInstall: (silent?: boolean, runAfter?: boolean) => void log.push(`quitAndInstall ${silent} ${runAfter}`),
  };
  return { updater, log };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));
const logger = createLogger({ level: 'error', sink: () => {} });

describe('the shell installer', () => {
  it('installs now only what the core verified, from the same feed and channel, never a downgrade', async () => {
    const { updater, log } = standIn({ version: '1.1.0', sha512: SHA });
    const installer = createShellInstaller(updater as unknown as UpdaterPort, logger);
    installer.prepare(update);
    installer.installNow(update);
    await settle();
    expect(log).toEqual([`feed {"provider":"generic","url":"https://updates.example.com/kiosk/","channel":"pilot"}`, 'check', 'download', 'quitAndInstall true true']);
    expect(updater).toMatchObject({ autoDownload: false, autoInstallOnAppQuit: false, allowDowngrade: false, channel: 'pilot' });
  });

  it('on a laptop, installs when the app quits', async () => {
    const { updater, log } = standIn({ version: '1.1.0', sha512: SHA });
    createShellInstaller(updater as unknown as UpdaterPort, logger).installOnQuit(update);
    await settle();
    expect(log).toEqual([expect.stringContaining('feed'), 'check', 'download']);
    expect(updater.autoInstallOnAppQuit).toBe(true);
  });

  it('installs nothing when the feed now offers other bytes than the ones verified', async () => {
    const { updater, log } = standIn({ version: '1.1.0', sha512: 'c'.repeat(86) + '==' });
    const lines: string[] = [];
    createShellInstaller(updater as unknown as UpdaterPort, createLogger({ sink: (line) => lines.push(line) })).installNow(update);
    await settle();
    expect(log).toEqual([expect.stringContaining('feed'), 'check']);
    expect(lines.join('\n')).toContain('the installed version keeps running');
  });
});
