import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { updateSettingsSchema, type AppMode, type UpdateSettings } from '../../../shared/domain/settings';
import { settingDeclarations } from '../../../shared/domain/settings-policy';
import { createShellInstaller, type UpdaterPort } from '../../../src-main/shell/auto-update';
import { createLogger } from '../../../src-main/logging/logger';
import type { InstallKind } from '../../../src-main/updates/install-kind';
import { artifactMessage, makeReleaseKey, signRelease } from '../../../src-main/updates/release-signature';
import { UpdateService, type InstallerReport, type UpdateInstaller, type VerifiedUpdate } from '../../../src-main/updates/update-service';
import { StandInAutoUpdater } from '../../fixtures/electron-updater/auto-updater';
import { startFeedServer, type FeedServer } from './feed-server';

/**
 * The update service against a real feed on loopback (HTTP; a real feed is
 * HTTPS), signed with a real Ed25519 release key: what it offers, downloads,
 * verifies and hands to the shell, and what it refuses.
 */
const release = makeReleaseKey();
const otherKey = makeReleaseKey();
const INSTALLED = '1.0.0';
const installerName = (version: string) => `Teamified-Kiosk-${version}.AppImage`;
const installerBytes = (version: string) => Buffer.from(`the ${version} installer `.repeat(4096));

let feed: FeedServer;
let dataDir: string;

beforeEach(async () => {
  feed = await startFeedServer();
  dataDir = mkdtempSync(join(tmpdir(), 'kiosk-updates-'));
});
afterEach(async () => {
  await feed.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function publish(version: string, options: { channel?: 'latest' | 'pilot'; stagingPercentage?: number; key?: string; listedFirst?: Array<{ name: string; bytes: Buffer }> } = {}) {
  feed.publish({
    version,
    channelFile: `${options.channel ?? 'latest'}-linux.yml`,
    installerName: installerName(version),
    installer: installerBytes(version),
    privateKeyPem: options.key ?? release.privateKeyPem,
    ...(options.stagingPercentage !== undefined ? { stagingPercentage: options.stagingPercentage } : {}),
    ...(options.listedFirst ? { listedFirst: options.listedFirst } : {}),
  });
}

interface Harness {
  service: UpdateService;
  calls: Array<{ action: 'prepare' | 'installNow' | 'installOnQuit'; update: VerifiedUpdate }>;
  busy: { reason: string | null };
}

interface HarnessOptions {
  settings?: Partial<UpdateSettings>;
  mode?: AppMode;
  installKind?: InstallKind;
  /** The shell's installer, answering the service; by default none (the calls are only recorded). */
  shell?: (report: (report: InstallerReport) => void) => UpdateInstaller;
}

function harness(options: HarnessOptions = {}): Harness {
  const settings = updateSettingsSchema.parse({ feedUrl: feed.url, signingKeys: [release.publicKey], ...options.settings });
  const calls: Harness['calls'] = [];
  const shell = options.shell?.((report) => service.installerReported(report));
  const installer: UpdateInstaller = {
    prepare: (update) => {
      calls.push({ action: 'prepare', update });
      shell?.prepare(update);
    },
    installNow: (update) => {
      calls.push({ action: 'installNow', update });
      shell?.installNow(update);
    },
    installOnQuit: (update) => {
      calls.push({ action: 'installOnQuit', update });
      shell?.installOnQuit(update);
    },
  };
  const busy = { reason: null as string | null };
  const service = new UpdateService({
    settings: () => settings,
    mode: () => options.mode ?? 'kiosk',
    installedVersion: INSTALLED,
    installKind: options.installKind ?? 'appimage',
    pinnedKeys: [],
    dataDir,
    platform: 'linux',
    arch: 'x64',
    busy: () => busy.reason,
    installer,
    clock: { now: () => new Date('2026-05-02T09:00:00Z') },
    logger: createLogger({ level: 'error', sink: () => {} }),
  });
  return { service, calls, busy };
}

const updatesFolder = () => join(dataDir, 'updates');
const savedFiles = () => (existsSync(updatesFolder()) ? readdirSync(updatesFolder()) : []);

describe('a signed update', () => {
  const sha512Of = (version: string) => createHash('sha512').update(installerBytes(version)).digest('base64');
  const prepared = (version: string) => ({ version, sha512: sha512Of(version), outcome: 'prepared' as const });

  it('is downloaded and verified, made ready while an interview is in progress, and installed once the kiosk is idle', async () => {
    publish('1.1.0');
    const { service, calls, busy } = harness();
    busy.reason = 'the interview in progress';

    const status = await service.check();

    expect(status).toMatchObject({ state: 'waiting', availableVersion: '1.1.0', verified: true, lastCheckAt: '2026-05-02T09:00:00.000Z' });
    expect(status.message).toContain('once the interview in progress is over');
    // Made ready by the shell in the background, installed by nobody yet.
    expect(calls.map((call) => call.action)).toEqual(['prepare']);
    expect(calls[0]!.update).toEqual({
      version: '1.1.0',
      channel: 'latest',
      fileName: installerName('1.1.0'),
      sha512: sha512Of('1.1.0'),
      size: installerBytes('1.1.0').length,
      path: join(updatesFolder(), installerName('1.1.0')),
    });
    expect(savedFiles()).toEqual([installerName('1.1.0')]);

    service.installerReported(prepared('1.1.0'));
    service.retryInstall();
    expect(calls.map((call) => call.action)).toEqual(['prepare']);

    busy.reason = null;
    service.retryInstall();
    expect(calls.map((call) => call.action)).toEqual(['prepare', 'installNow']);
    expect(service.status().state).toBe('install-requested');
  });

  it('is installed at an idle kiosk only once the shell has it ready, asking busy() again right then', async () => {
    publish('1.2.0');
    const kiosk = harness();
    const waiting = await kiosk.service.check();
    expect(waiting.state).toBe('waiting');
    expect(waiting.message).toContain('being made ready to install; it is installed as soon as it is, while no sitting is open');
    expect(kiosk.calls.map((call) => call.action)).toEqual(['prepare']);

    // A candidate signed in while the shell was getting it ready.
    kiosk.busy.reason = 'the signed-in candidate’s session';
    kiosk.service.installerReported(prepared('1.2.0'));
    expect(kiosk.calls.map((call) => call.action)).toEqual(['prepare']);
    expect(kiosk.service.status().message).toContain('once the signed-in candidate’s session is over, never during one');

    kiosk.busy.reason = null;
    kiosk.service.retryInstall();
    expect(kiosk.calls.map((call) => call.action)).toEqual(['prepare', 'installNow']);
  });

  it('is made ready and installed on quit at a laptop', async () => {
    publish('1.2.0');
    const laptop = harness({ mode: 'recruiter' });
    const status = await laptop.service.check();
    expect(status.state).toBe('install-on-quit');
    expect(status.message).toContain('installed when the app is next quit');
    expect(laptop.calls.map((call) => call.action)).toEqual(['installOnQuit']);
    // Asked once per check, not on every look in between: the shell makes one update ready once.
    laptop.service.retryInstall();
    await laptop.service.check();
    expect(laptop.calls.map((call) => call.action)).toEqual(['installOnQuit', 'installOnQuit']);
  });

  it('that the shell could not install leaves the device failed, with the shell’s reason, and the next check tries again', async () => {
    publish('1.1.0');
    const { service, calls } = harness();
    await service.check();
    service.installerReported(prepared('1.1.0'));
    expect(calls.map((call) => call.action)).toEqual(['prepare', 'installNow']);
    service.installerReported({ ...prepared('1.1.0'), outcome: 'installing' });
    expect(service.status().state).toBe('install-requested');

    service.installerReported({ ...prepared('1.1.0'), outcome: 'failed', reason: 'the installer could not be started' });
    const failed = service.status();
    expect(failed).toMatchObject({ state: 'failed', availableVersion: '1.1.0', verified: false });
    expect(failed.message).toBe('Version 1.1.0 was not installed: the installer could not be started. The installed version 1.0.0 keeps running; the next check tries again.');

    const downloads = () => feed.requests.filter((path) => path === installerName('1.1.0')).length;
    await service.check();
    expect(downloads()).toBe(2);
    expect(calls.map((call) => call.action)).toEqual(['prepare', 'installNow', 'prepare']);
  });

  it('put off by the shell (a candidate at the kiosk) waits, and is asked for again once the kiosk is free', async () => {
    publish('1.1.0');
    const { service, calls } = harness();
    await service.check();
    service.installerReported(prepared('1.1.0'));
    service.installerReported({ ...prepared('1.1.0'), outcome: 'deferred', reason: 'a candidate is signed in' });
    expect(service.status()).toMatchObject({ state: 'waiting' });
    expect(service.status().message).toContain('it was not installed yet (a candidate is signed in)');
    service.retryInstall();
    expect(calls.map((call) => call.action)).toEqual(['prepare', 'installNow', 'installNow']);
  });

  it('is not changed by a report about another update', async () => {
    publish('1.1.0');
    const { service, calls } = harness();
    await service.check();
    service.installerReported({ version: '1.1.0', sha512: sha512Of('9.9.9'), outcome: 'prepared' });
    service.installerReported({ version: '1.1.0', sha512: sha512Of('9.9.9'), outcome: 'failed', reason: 'stale' });
    expect(service.status().state).toBe('waiting');
    expect(calls.map((call) => call.action)).toEqual(['prepare']);
  });

  it('is not downloaded again at the next check', async () => {
    publish('1.1.0');
    const { service, busy } = harness();
    busy.reason = 'the open sitting';
    await service.check();
    const downloads = () => feed.requests.filter((path) => path === installerName('1.1.0')).length;
    expect(downloads()).toBe(1);
    await service.check();
    expect(downloads()).toBe(1);
  });

  it('is the build for this device’s processor, even when another one is listed first', async () => {
    const arm = 'Teamified-Kiosk-1.1.0-arm64.AppImage';
    publish('1.1.0', { listedFirst: [{ name: arm, bytes: Buffer.from('the arm64 build') }] });
    const { service, calls, busy } = harness();
    busy.reason = 'the open sitting';
    await service.check();
    expect(calls[0]!.update).toMatchObject({ fileName: installerName('1.1.0'), sha512: createHash('sha512').update(installerBytes('1.1.0')).digest('base64') });
    expect(feed.requests).not.toContain(arm);
  });

  it('is not offered when it is not newer than the installed version', async () => {
    publish(INSTALLED);
    const { service, calls } = harness();
    const status = await service.check();
    expect(status.state).toBe('up-to-date');
    expect(status.message).toContain('1.0.0 is the newest version on the stable channel');
    expect(calls).toEqual([]);
    expect(feed.requests).not.toContain(installerName(INSTALLED));
  });
});

describe('from the feed to the install, through the shell’s installer (over the electron-updater stand-in)', () => {
  function withShell(options: HarnessOptions = {}) {
    const updater = new StandInAutoUpdater({ version: INSTALLED, platform: 'linux', arch: 'x64', packaged: true, appUpdateConfig: true, cacheDir: join(dataDir, 'electron-updater') });
    const logger = createLogger({ level: 'error', sink: () => {} });
    const made = harness({ ...options, shell: (report) => createShellInstaller({ updater: updater as unknown as UpdaterPort, platform: 'linux', arch: 'x64', logger, report, candidateWindows: () => [] }) });
    return { ...made, updater };
  }

  it('installs the bytes the core verified, though the feed’s channel file is changed afterwards to list another file first', async () => {
    publish('1.1.0');
    const { service, updater } = withShell();
    await service.check();
    // Someone who can write to the feed, without the release key: their file first, the real entry kept after it.
    const evil = Buffer.from('not the release');
    feed.put('Teamified-Kiosk-1.1.0-setup.AppImage', evil);
    feed.tamper('latest-linux.yml', (bytes) =>
      Buffer.from(bytes.toString('utf8').replace('files:\n', `files:\n  - url: Teamified-Kiosk-1.1.0-setup.AppImage\n    sha512: ${createHash('sha512').update(evil).digest('base64')}\n    size: ${evil.length}\n`)),
    );

    await vi.waitFor(() => expect(updater.records.installs).toHaveLength(1));
    expect(readFileSync(updater.records.installs[0]!.file)).toEqual(installerBytes('1.1.0'));
    expect(service.status().state).toBe('install-requested');
    // electron-updater never read IT's feed: the core's download was the only one.
    for (const asked of updater.records.requests) expect(asked.startsWith(feed.url)).toBe(false);
    expect(feed.requests.filter((path) => path.endsWith('.AppImage'))).toEqual([installerName('1.1.0')]);
  });

  it('at a laptop, installs when the app quits', async () => {
    publish('1.1.0');
    const { service, updater } = withShell({ mode: 'recruiter' });
    await service.check();
    await vi.waitFor(() => expect(updater.records.quitHandlers).toBe(1));
    updater.quitApp(0);
    expect(readFileSync(updater.records.installs[0]!.file)).toEqual(installerBytes('1.1.0'));
  });
});

describe('a tampered update is refused, and the installed version keeps running', () => {
  it('an installer whose bytes were changed after signing', async () => {
    publish('1.1.0');
    feed.tamper(installerName('1.1.0'), (bytes) => {
      bytes.writeUInt8(bytes.readUInt8(100) ^ 0xff, 100);
      return bytes;
    });
    const { service, calls } = harness();
    const status = await service.check();
    expect(status.state).toBe('failed');
    expect(status.verified).toBe(false);
    expect(status.message).toContain('does not match the SHA-512 the signed feed gives');
    expect(status.message).toContain('It was deleted and nothing was installed');
    expect(status.message).toContain('The installed version 1.0.0 keeps running');
    expect(calls).toEqual([]);
    expect(savedFiles()).toEqual([]);
  });

  it('an installer whose signature is by another key', async () => {
    publish('1.1.0');
    // The channel file is IT's; the installer's signature someone else's, over the right digest.
    const sha512 = createHash('sha512').update(installerBytes('1.1.0')).digest('base64');
    feed.tamper(`${installerName('1.1.0')}.sig`, () => Buffer.from(signRelease(otherKey.privateKeyPem, artifactMessage('1.1.0', installerName('1.1.0'), sha512))));
    const { service, calls } = harness();
    const status = await service.check();
    expect(status.state).toBe('failed');
    expect(status.message).toContain('The installer for version 1.1.0 is not signed by a release key this device trusts');
    expect(calls).toEqual([]);
    expect(savedFiles()).toEqual([]);
  });

  it('an installer with no signature', async () => {
    publish('1.1.0');
    feed.remove(`${installerName('1.1.0')}.sig`);
    const { service, calls } = harness();
    const status = await service.check();
    expect(status.state).toBe('failed');
    expect(status.message).toContain(`has no signature (${installerName('1.1.0')}.sig) on the feed`);
    expect(calls).toEqual([]);
    expect(savedFiles()).toEqual([]);
  });

  it('a channel file changed after it was signed: nothing is downloaded', async () => {
    publish('1.1.0');
    feed.tamper('latest-linux.yml', (bytes) => Buffer.from(bytes.toString('utf8').replace('version: 1.1.0', 'version: 9.9.9')));
    const { service, calls } = harness();
    const status = await service.check();
    expect(status.state).toBe('failed');
    expect(status.message).toContain("The update feed's latest-linux.yml is not signed by a release key this device trusts");
    expect(feed.requests).not.toContain(installerName('1.1.0'));
    expect(calls).toEqual([]);
  });

  it('a feed signed with a key the device does not trust, or not signed at all', async () => {
    publish('1.1.0', { key: otherKey.privateKeyPem });
    const { service } = harness();
    expect((await service.check()).message).toContain('not signed by a release key this device trusts');
    feed.remove('latest-linux.yml.sig');
    expect((await service.check()).message).toContain('not signed by a release key this device trusts');
    expect(feed.requests).not.toContain(installerName('1.1.0'));
  });

  it('a signature the feed fails to send is said as a feed failure, not as a missing signature', async () => {
    publish('1.1.0');
    feed.failWith(`${installerName('1.1.0')}.sig`, 503);
    const { service, calls } = harness();
    const status = await service.check();
    expect(status.state).toBe('failed');
    expect(status.message).toContain('The signature of the installer for version 1.1.0 could not be read: The update feed answered 503');
    expect(status.message).not.toContain('has no signature');
    expect(calls).toEqual([]);
    expect(savedFiles()).toEqual([]);
  });

  it('a channel file that never ends is cut off, not held in memory', async () => {
    feed.endless('latest-linux.yml');
    const status = await harness().service.check();
    expect(status.state).toBe('failed');
    expect(status.message).toContain("The update feed's /latest-linux.yml is larger than a channel file can be (over 1 MB).");
  }, 5_000);

  it('an unreachable feed says where it could not reach', async () => {
    const status = await harness({ settings: { feedUrl: 'http://127.0.0.1:9/' } }).service.check();
    expect(status.state).toBe('failed');
    expect(status.message).toContain('The update feed could not be reached at http://127.0.0.1:9');
    expect(status.message).toContain('The installed version 1.0.0 keeps running');
  });
});

describe('staged rollout and channels', () => {
  it('a release staged to 0% of devices is not offered; at 100% it is', async () => {
    publish('1.1.0', { stagingPercentage: 0 });
    const none = harness();
    const status = await none.service.check();
    expect(status.state).toBe('up-to-date');
    expect(status.message).toContain('1.1.0 is being rolled out to 0% of devices, and this one is not among them yet');
    expect(feed.requests).not.toContain(installerName('1.1.0'));

    publish('1.1.0', { stagingPercentage: 100 });
    expect((await harness().service.check()).availableVersion).toBe('1.1.0');
  });

  it('IT’s deferral (rings by policy) holds a release back until its hours since the release date have passed', async () => {
    // The feed's release date is 2026-05-01T10:00Z; the device's clock reads 23 hours later.
    publish('1.1.0');
    const waiting = await harness({ settings: { deferHours: 24 } }).service.check();
    expect(waiting).toMatchObject({ state: 'up-to-date', availableVersion: null });
    expect(waiting.message).toContain('IT\'s policy has this device wait 24 hours before taking a release; it takes it after 2026-05-02T10:00:00.000Z');
    expect(feed.requests).not.toContain(installerName('1.1.0'));
    expect((await harness({ settings: { deferHours: 23 } }).service.check()).availableVersion).toBe('1.1.0');
  });

  it('a pilot device sees the pilot build; a stable device does not', async () => {
    publish('1.1.0');
    publish('1.2.0-pilot.1', { channel: 'pilot' });

    const pilot = await harness({ settings: { channel: 'pilot' } }).service.check();
    expect(pilot).toMatchObject({ availableVersion: '1.2.0-pilot.1', channel: 'pilot' });

    const stable = await harness().service.check();
    expect(stable.availableVersion).toBe('1.1.0');
    expect(feed.requests.filter((path) => path.startsWith('pilot'))).toHaveLength(2);
  });

  it('a pilot device takes a stable release newer than the last pilot build, and works with no pilot file at all', async () => {
    publish('1.3.0');
    publish('1.2.0-pilot.1', { channel: 'pilot' });
    const { service, calls } = harness({ settings: { channel: 'pilot' } });
    expect((await service.check()).availableVersion).toBe('1.3.0');
    expect(calls[0]!.update.channel).toBe('latest');

    feed.remove('pilot-linux.yml');
    expect((await harness({ settings: { channel: 'pilot' } }).service.check()).availableVersion).toBe('1.3.0');
  });
});

describe('devices that do not update themselves', () => {
  it('managed by IT: nothing is read or downloaded, and the app says so', async () => {
    publish('1.1.0');
    for (const [options, words] of [
      [{ settings: { managedByIt: true } }, 'Updates are managed by IT'],
      [{ installKind: 'msi' as const }, 'installed from the MSI'],
      [{ installKind: 'deb' as const }, 'installed from the deb package'],
    ] as const) {
      const { service, calls } = harness(options);
      const status = await service.check();
      expect(status.state).toBe('managed');
      expect(status.message).toContain(words);
      expect(calls).toEqual([]);
    }
    expect(feed.requests).toEqual([]);
  });

  it('turned off, or without a feed or a release key, it reads nothing and says what IT sets', async () => {
    expect((await harness({ settings: { enabled: false } }).service.check()).state).toBe('off');
    expect((await harness({ settings: { feedUrl: '' } }).service.check()).message).toContain('updates.feedUrl');
    expect((await harness({ settings: { signingKeys: [] } }).service.check()).message).toContain('updates.signingKeys');
    expect(feed.requests).toEqual([]);
  });

  it('has no feed or key of its own: IT’s policy text says an empty one means no updates', () => {
    const described = (key: 'updates.feedUrl' | 'updates.signingKeys') => {
      const { policy } = settingDeclarations[key];
      return policy === false ? '' : policy.description;
    };
    expect(updateSettingsSchema.parse({})).toMatchObject({ feedUrl: '', signingKeys: [] });
    expect(described('updates.feedUrl')).toContain('Empty: this device does not look for updates (the app has no feed of its own)');
    expect(described('updates.signingKeys')).toContain('Empty: no update can be verified, so none is installed (the app has no key of its own)');
  });
});
