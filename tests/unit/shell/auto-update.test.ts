import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createShellInstaller, type UpdaterPort } from '../../../src-main/shell/auto-update';
import type { InstallerReport, VerifiedUpdate } from '../../../src-main/updates/installer-port';
import { StandInAutoUpdater, type StandInUpdaterOptions } from '../../fixtures/electron-updater/auto-updater';
import { memoryLogger } from './support';

/**
 * The shell's installer (issue 20, point 3) over the electron-updater
 * stand-in (tests/fixtures/electron-updater, held to the real one in
 * updater-stand-in.test.ts): what it installs, from where, when, and what
 * it tells the core.
 */
const bytes = Buffer.from('the verified 1.5.0 installer '.repeat(2048));
let dir: string;
let update: VerifiedUpdate;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shell-installer-'));
  mkdirSync(join(dir, 'updates'));
  const fileName = 'Teamified-Kiosk-1.5.0.AppImage';
  writeFileSync(join(dir, 'updates', fileName), bytes);
  update = { version: '1.5.0', channel: 'latest', fileName, sha512: createHash('sha512').update(bytes).digest('base64'), size: bytes.length, path: join(dir, 'updates', fileName) };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function shell(options: Partial<StandInUpdaterOptions> = {}) {
  const updater = new StandInAutoUpdater({ version: '1.0.0', platform: 'linux', arch: 'x64', packaged: true, appUpdateConfig: true, cacheDir: join(dir, 'cache'), ...options });
  const reports: InstallerReport[] = [];
  const candidates: string[] = [];
  const log = memoryLogger();
  const installer = createShellInstaller({
    updater: updater as unknown as UpdaterPort,
    platform: 'linux',
    arch: 'x64',
    logger: log.logger,
    report: (report) => void reports.push(report),
    candidateWindows: () => candidates,
  });
  /** Waits until the installer has said `count` things to the core. */
  const said = async (count: number): Promise<Array<InstallerReport['outcome']>> => {
    for (let waited = 0; reports.length < count && waited < 5_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    return reports.map((report) => report.outcome);
  };
  return { updater, installer, reports, candidates, log, said };
}

describe('the shell installer', () => {
  it('gives electron-updater only the verified copy, from a feed on 127.0.0.1, and installs it between sittings', async () => {
    const { updater, installer, reports, said } = shell();
    installer.prepare(update);
    expect(await said(1)).toEqual(['prepared']);
    // One channel file, one installer, both from the local feed: IT's feed is never asked, nothing is downloaded twice.
    const [channel, installerUrl, ...more] = updater.records.requests;
    expect(channel).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{32}\/latest-linux\.yml\?noCache=/);
    expect(installerUrl).toBe(`${new URL(channel!).origin}${new URL(channel!).pathname.replace('latest-linux.yml', '')}Teamified-Kiosk-1.5.0.AppImage`);
    expect(more).toEqual([]);
    expect(updater).toMatchObject({ autoDownload: false, autoInstallOnAppQuit: false, allowDowngrade: false, disableDifferentialDownload: true, disableWebInstaller: true, channel: null });
    expect(updater.records.quitHandlers).toBe(0);

    installer.installNow(update);
    expect(await said(2)).toEqual(['prepared', 'installing']);
    expect(updater.records.installs).toEqual([{ file: expect.any(String), isSilent: true, isForceRunAfter: true }]);
    expect(readFileSync(updater.records.installs[0]!.file)).toEqual(bytes);
    expect(reports[1]).toEqual({ version: '1.5.0', sha512: update.sha512, outcome: 'installing' });
  });

  it('on a laptop, installs when the app quits: electron-updater registers its quit handler because the download ends with autoInstallOnAppQuit on', async () => {
    const { updater, installer, said } = shell();
    installer.installOnQuit(update);
    expect(await said(1)).toEqual(['prepared']);
    expect(updater.records.quitHandlers).toBe(1);
    updater.quitApp(0);
    expect(updater.records.installs).toEqual([{ file: expect.any(String), isSilent: true, isForceRunAfter: false }]);
  });

  it('on a kiosk, installs nothing on quit: only between sittings, when the core says', async () => {
    const { updater, installer, said } = shell();
    installer.prepare(update);
    await said(1);
    updater.quitApp(0);
    expect(updater.records.installs).toEqual([]);
  });

  it('installs nothing that was not made ready first', async () => {
    const { updater, installer, reports, said } = shell();
    installer.installNow(update);
    expect(await said(1)).toEqual(['failed']);
    expect(reports[0]!.reason).toContain('it was not made ready first');
    expect(updater.records.requests).toEqual([]);
    expect(updater.records.installs).toEqual([]);
  });

  it('never installs while a candidate is signed in: it says so, and the core asks again later', async () => {
    const { updater, installer, reports, candidates, said } = shell();
    installer.prepare(update);
    await said(1);
    candidates.push('7');
    installer.installNow(update);
    expect(await said(2)).toEqual(['prepared', 'deferred']);
    expect(reports[1]!.reason).toBe('a candidate is signed in');
    expect(updater.records.installs).toEqual([]);
    candidates.length = 0;
    installer.installNow(update);
    expect(await said(3)).toEqual(['prepared', 'deferred', 'installing']);
  });

  it('refuses a verified copy changed on disk before it is handed on, and electron-updater’s copy changed before it is installed', async () => {
    const changed = shell();
    writeFileSync(update.path, Buffer.concat([bytes.subarray(1), Buffer.from('!')]));
    changed.installer.prepare(update);
    expect(await changed.said(1)).toEqual(['failed']);
    expect(changed.reports[0]!.reason).toBe('the verified installer in the data folder changed after it was verified');
    expect(changed.updater.records.requests).toEqual([]);

    writeFileSync(update.path, bytes);
    const swapped = shell();
    swapped.installer.prepare(update);
    await swapped.said(1);
    const downloaded = swapped.updater.records.requests.length;
    writeFileSync(join(dir, 'cache', 'pending', update.fileName), 'swapped after the download');
    swapped.installer.installNow(update);
    expect(await swapped.said(2)).toEqual(['prepared', 'failed']);
    expect(swapped.reports[1]!.reason).toBe('electron-updater’s copy of the installer is not the verified one');
    expect(swapped.updater.records.installs).toEqual([]);
    expect(swapped.updater.records.requests.length).toBe(downloaded);
  });

  it('tells the core when the install fails, with electron-updater’s reason, redacted, and logs it', async () => {
    const { installer, reports, log, said } = shell({ installFails: 'EACCES: the installer could not be replaced (ask grace.okafor@example.com)\n    at doInstall (/home/grace.okafor/x.js:1:1)' });
    installer.prepare(update);
    await said(1);
    installer.installNow(update);
    expect(await said(3)).toEqual(['prepared', 'installing', 'failed']);
    expect(reports[2]!.reason).toBe('EACCES: the installer could not be replaced (ask [email])');
    const logged = log.lines.join('\n');
    expect(logged).toContain('electron-updater reported an error');
    expect(logged).not.toContain('grace.okafor');
  });

  it('tells the core why electron-updater could not take the update: not packaged, or no app-update.yml in the build', async () => {
    const unpackaged = shell({ packaged: false });
    unpackaged.installer.prepare(update);
    expect(await unpackaged.said(1)).toEqual(['failed']);
    expect(unpackaged.reports[0]!.reason).toContain('electron-updater is not active in this copy of the app');

    const unpublished = shell({ appUpdateConfig: false });
    unpublished.installer.installOnQuit(update);
    expect(await unpublished.said(1)).toEqual(['failed']);
    expect(unpublished.reports[0]!.reason).toContain('ENOENT: no such file or directory, open app-update.yml');
  });

  it('makes one update ready once, however often the core asks', async () => {
    const { updater, installer, said } = shell();
    installer.prepare(update);
    installer.prepare(update);
    expect(await said(2)).toEqual(['prepared', 'prepared']);
    installer.prepare(update);
    await said(3);
    expect(updater.records.requests).toHaveLength(2);
  });
});
