import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UpdateCheckResult } from 'electron-updater';
import { StandInAutoUpdater } from '../../fixtures/electron-updater/auto-updater';
import { realUpdater } from '../../fixtures/electron-updater/real-updater';

/**
 * The electron-updater stand-in the shell's tests use, held to the real
 * electron-updater where the shell depends on it: each behaviour below is
 * run against both, over real HTTP. (Only the real one's install is left
 * out: it would replace an AppImage.) The stand-in's own drivers and
 * refusals come after.
 */
const sha512 = (bytes: Buffer) => createHash('sha512').update(bytes).digest('base64');
const good = Buffer.from('the verified installer '.repeat(512));
const evil = Buffer.from('something else entirely '.repeat(512));

let dir: string;
let server: Server;
let base: string;
let files: Map<string, Buffer>;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'updater-stand-in-'));
  files = new Map();
  // Any latest*.yml: the real updater names its channel file by this machine's OS, the stand-in as told.
  server = createServer((request, response) => {
    const name = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname.slice('/feed/'.length));
    const body = /^latest.*\.yml$/.test(name) ? files.get('latest.yml') : files.get(name);
    if (body) response.writeHead(200, { 'content-length': body.length }).end(body);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed/`;
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

function publish(listed: Array<{ name: string; bytes: Buffer; sha512?: string }>): void {
  for (const file of listed) files.set(file.name, file.bytes);
  const entries = listed.map((file) => ({ url: file.name, sha512: file.sha512 ?? sha512(file.bytes), size: file.bytes.length }));
  files.set('latest.yml', Buffer.from(dump({ version: '1.1.0', files: entries, path: entries[0]!.url, sha512: entries[0]!.sha512, releaseDate: '2026-05-01T00:00:00.000Z' })));
}

type Options = { packaged?: boolean; appUpdateConfig?: boolean };
/** What these tests use of either updater. */
interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  disableDifferentialDownload: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<UpdateCheckResult | null>;
  downloadUpdate(): Promise<string[]>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}
const kinds = {
  real: (options: Options = {}) => {
    const made = realUpdater({ version: '1.0.0', dir, packaged: options.packaged ?? true, appUpdateConfig: options.appUpdateConfig ?? true });
    return { updater: made.updater as unknown as Updater, requests: made.requests, quitHandlers: made.quitHandlers, dispose: made.dispose };
  },
  'stand-in': (options: Options = {}) => {
    const updater = new StandInAutoUpdater({
      version: '1.0.0',
      platform: 'linux',
      arch: process.arch,
      packaged: options.packaged ?? true,
      appUpdateConfig: options.appUpdateConfig ?? true,
      cacheDir: join(dir, 'cache'),
    });
    return { updater: updater as unknown as Updater, requests: updater.records.requests, quitHandlers: () => updater.records.quitHandlers, dispose: () => {} };
  },
};

describe.each(Object.keys(kinds) as Array<keyof typeof kinds>)('electron-updater (%s)', (kind) => {
  const made: Array<{ dispose(): void }> = [];
  afterEach(() => made.splice(0).forEach((one) => one.dispose()));
  const make = (options?: Options) => {
    const one = kinds[kind](options);
    made.push(one);
    one.updater.autoDownload = false;
    one.updater.disableDifferentialDownload = true;
    one.updater.setFeedURL({ provider: 'generic', url: base });
    return one;
  };

  it('installs the first file a channel file lists with the right extension: the feed picks it, not its SHA-512', async () => {
    publish([
      { name: 'Teamified-Kiosk-evil.AppImage', bytes: evil },
      { name: 'Teamified-Kiosk-1.1.0.AppImage', bytes: good },
    ]);
    const { updater } = make();
    const found = await updater.checkForUpdates();
    expect(found).toMatchObject({ isUpdateAvailable: true, updateInfo: { version: '1.1.0' } });
    const [file] = await updater.downloadUpdate();
    expect(readFileSync(file!)).toEqual(evil);
  });

  it('asks the feed for the channel file (with a no-cache query) and the installer, and nothing else with differential download off', async () => {
    publish([{ name: 'Teamified-Kiosk-1.1.0.AppImage', bytes: good }]);
    const { updater, requests } = make();
    await updater.checkForUpdates();
    await updater.downloadUpdate();
    expect(requests).toEqual([expect.stringMatching(new RegExp(`^${base}latest[-a-z0-9]*\\.yml\\?noCache=`)), `${base}Teamified-Kiosk-1.1.0.AppImage`]);
  });

  it('refuses a download whose bytes do not match the channel file’s SHA-512', async () => {
    publish([{ name: 'Teamified-Kiosk-1.1.0.AppImage', bytes: good, sha512: sha512(evil) }]);
    const { updater } = make();
    const errors: Error[] = [];
    updater.on('error', (error: Error) => void errors.push(error));
    await updater.checkForUpdates();
    await expect(updater.downloadUpdate()).rejects.toMatchObject({ code: 'ERR_CHECKSUM_MISMATCH' });
    expect(errors).toHaveLength(1);
  });

  it('registers its quit handler when a download ends, and only if autoInstallOnAppQuit is on by then', async () => {
    publish([{ name: 'Teamified-Kiosk-1.1.0.AppImage', bytes: good }]);
    const late = make();
    late.updater.autoInstallOnAppQuit = false;
    await late.updater.checkForUpdates();
    await late.updater.downloadUpdate();
    late.updater.autoInstallOnAppQuit = true;
    expect(late.quitHandlers()).toBe(0);

    const early = make();
    early.updater.autoInstallOnAppQuit = true;
    await early.updater.checkForUpdates();
    await early.updater.downloadUpdate();
    expect(early.quitHandlers()).toBe(1);
  });

  it('downloads nothing without the app-update.yml electron-builder writes, even with setFeedURL', async () => {
    publish([{ name: 'Teamified-Kiosk-1.1.0.AppImage', bytes: good }]);
    const { updater } = make({ appUpdateConfig: false });
    await updater.checkForUpdates();
    await expect(updater.downloadUpdate()).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('does nothing in an app that is not packaged', async () => {
    publish([{ name: 'Teamified-Kiosk-1.1.0.AppImage', bytes: good }]);
    const { updater, requests } = make({ packaged: false });
    expect(await updater.checkForUpdates()).toBeNull();
    expect(requests).toEqual([]);
  });
});

describe('the stand-in’s install and quit, as BaseUpdater does them', () => {
  const standIn = (options: { installFails?: string } = {}) => {
    const updater = new StandInAutoUpdater({ version: '1.0.0', platform: 'linux', arch: 'x64', packaged: true, appUpdateConfig: true, cacheDir: join(dir, 'cache'), ...options });
    updater.autoDownload = false;
    updater.setFeedURL({ provider: 'generic', url: base });
    return updater;
  };
  const errorsOf = (updater: StandInAutoUpdater) => {
    const errors: string[] = [];
    updater.on('error', (error: Error) => void errors.push(error.message));
    return errors;
  };

  it('refuses to download before a check, and to install before a download', async () => {
    const updater = standIn();
    const errors = errorsOf(updater);
    await expect(updater.downloadUpdate()).rejects.toThrow('Please check update first');
    updater.quitAndInstall(true, true);
    expect(errors).toEqual(['Please check update first', "No update filepath provided, can't quit and install"]);
    expect(updater.records.installs).toEqual([]);
  });

  it('installs on quit with exit code 0 only, and once; quitAndInstall quits after installing', async () => {
    publish([{ name: 'Teamified-Kiosk-1.1.0.AppImage', bytes: good }]);
    const updater = standIn();
    await updater.checkForUpdates();
    const [file] = await updater.downloadUpdate();
    updater.quitApp(1);
    expect(updater.records.installs).toEqual([]);
    updater.quitApp(0);
    updater.quitAndInstall(true, true);
    expect(updater.records.installs).toEqual([{ file, isSilent: true, isForceRunAfter: false }]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(updater.records.quits).toBe(0);
  });

  it('says a failing installer as an error, and does not quit', async () => {
    publish([{ name: 'Teamified-Kiosk-1.1.0.AppImage', bytes: good }]);
    const updater = standIn({ installFails: 'the installer could not be started' });
    const errors = errorsOf(updater);
    await updater.checkForUpdates();
    await updater.downloadUpdate();
    updater.quitAndInstall(true, true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toEqual(['the installer could not be started']);
    expect(updater.records.quits).toBe(0);
  });

  it('turns downgrades on when a channel is set (AppUpdater’s channel setter)', () => {
    const updater = standIn();
    updater.channel = 'pilot';
    expect(updater.allowDowngrade).toBe(true);
  });
});
