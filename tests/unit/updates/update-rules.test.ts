import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { updateSettingsSchema } from '../../../shared/domain/settings';
import { channelFileName, feedChannelsFor } from '../../../src-main/updates/channel-file';
import { detectInstallKind, PRODUCT_NAME } from '../../../src-main/updates/install-kind';
import { makeReleaseKey, parseReleaseKey } from '../../../src-main/updates/release-signature';
import { deviceRolloutNumber, inRollout, STAGING_ID_FILE } from '../../../src-main/updates/staged-rollout';
import { installerFor, parseUpdateInfo } from '../../../src-main/updates/update-info';
import { compareVersions } from '../../../shared/domain/version-order';

describe('version order (semver precedence, as electron-updater compares)', () => {
  it.each([
    ['1.0.1', '1.0.0'],
    ['1.10.0', '1.9.9'],
    ['2.0.0', '2.0.0-pilot.5'],
    ['1.2.0-pilot.10', '1.2.0-pilot.9'],
    ['1.2.0-pilot.1', '1.2.0-alpha.3'],
    ['1.2.0-alpha.beta', '1.2.0-alpha.1'],
    ['1.2.0-alpha.1', '1.2.0-alpha'],
  ])('%s is newer than %s', (newer, older) => {
    expect(compareVersions(newer, older)).toBeGreaterThan(0);
    expect(compareVersions(older, newer)).toBeLessThan(0);
  });

  it('ignores build metadata and refuses what is not a version', () => {
    expect(compareVersions('1.0.0+build.7', '1.0.0')).toBe(0);
    expect(() => compareVersions('latest', '1.0.0')).toThrow('Not a version: latest');
  });
});

describe('staged rollout', () => {
  it("reads the device's number from electron-updater's .updaterId as electron-updater does (last four bytes over 0xffffffff)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-staging-'));
    try {
      writeFileSync(join(dir, STAGING_ID_FILE), 'f0a3e1b2-1c2d-5e4f-9a8b-00000000ffff');
      expect(deviceRolloutNumber(dir)).toBeCloseTo((0xffff / 0xffffffff) * 100, 10);
      writeFileSync(join(dir, STAGING_ID_FILE), 'not a uuid');
      const made = deviceRolloutNumber(dir);
      expect(readFileSync(join(dir, STAGING_ID_FILE), 'utf8')).toMatch(/^[0-9a-f-]{36}$/);
      // Kept: the same number at the next start.
      expect(deviceRolloutNumber(dir)).toBe(made);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('offers a release to devices below the percentage, read as a whole number', () => {
    expect(inRollout(undefined, 99.9)).toBe(true);
    expect(inRollout(0, 0)).toBe(false);
    expect(inRollout(100, 99.99)).toBe(true);
    expect(inRollout(20, 19.5)).toBe(true);
    expect(inRollout(20, 20)).toBe(false);
    expect(inRollout(20.9, 20.5)).toBe(false);
  });
});

describe('channel files, as electron-updater names them', () => {
  it('by channel and OS', () => {
    expect(channelFileName('latest', 'win32', 'x64')).toBe('latest.yml');
    expect(channelFileName('pilot', 'darwin', 'arm64')).toBe('pilot-mac.yml');
    expect(channelFileName('latest', 'linux', 'x64')).toBe('latest-linux.yml');
    expect(channelFileName('pilot', 'linux', 'arm64')).toBe('pilot-linux-arm64.yml');
    expect(feedChannelsFor('stable')).toEqual(['latest']);
    expect(feedChannelsFor('pilot')).toEqual(['pilot', 'latest']);
  });

  it('reads electron-builder’s channel file, its legacy single-file form, and refuses what is not one', () => {
    const sha = 'A'.repeat(86) + '==';
    const info = parseUpdateInfo('latest.yml', `version: 1.4.0\nfiles:\n  - url: Teamified Kiosk Setup 1.4.0.exe\n    sha512: ${sha}\n    size: 1234\n  - url: x.blockmap\n    sha512: ${sha}\nreleaseDate: '2026-05-01'\nstagingPercentage: 25\n`);
    expect(info).toMatchObject({ version: '1.4.0', stagingPercentage: 25 });
    expect(installerFor(info, 'win32', 'x64')?.size).toBe(1234);
    expect(installerFor(info, 'linux', 'x64')).toBeNull();
    expect(parseUpdateInfo('latest.yml', `version: 1.4.0\npath: a.zip\nsha512: ${sha}\n`).files).toEqual([{ url: 'a.zip', sha512: sha, size: null }]);
    expect(() => parseUpdateInfo('latest.yml', 'version: [1')).toThrow("The update feed's latest.yml is not readable YAML");
    expect(() => parseUpdateInfo('latest.yml', `version: soon\npath: a.zip\nsha512: ${sha}\n`)).toThrow('version must be a version such as 1.4.0');
    expect(() => parseUpdateInfo('latest.yml', 'version: 1.4.0\n')).toThrow('lists no installer');
  });
});

describe('the installer for this device', () => {
  const sha = 'A'.repeat(86) + '==';
  const release = (...urls: string[]) => parseUpdateInfo('latest.yml', `version: 1.4.0\nfiles:\n${urls.map((url) => `  - url: ${url}\n    sha512: ${sha}\n`).join('')}`);
  const picked = (info: ReturnType<typeof release>, platform: NodeJS.Platform, arch: string) => installerFor(info, platform, arch)?.url ?? null;

  it('takes the build for this processor, whatever order the channel file lists them in', () => {
    const mac = release('Teamified Kiosk-1.4.0-arm64-mac.zip', 'Teamified Kiosk-1.4.0-mac.zip', 'Teamified Kiosk-1.4.0-arm64.dmg');
    expect(picked(mac, 'darwin', 'arm64')).toBe('Teamified Kiosk-1.4.0-arm64-mac.zip');
    expect(picked(mac, 'darwin', 'x64')).toBe('Teamified Kiosk-1.4.0-mac.zip');
    const windows = release('Teamified%20Kiosk%20Setup%201.4.0-arm64.exe', 'Teamified Kiosk Setup 1.4.0.exe');
    expect(picked(windows, 'win32', 'x64')).toBe('Teamified Kiosk Setup 1.4.0.exe');
    expect(picked(windows, 'win32', 'arm64')).toBe('Teamified%20Kiosk%20Setup%201.4.0-arm64.exe');
    expect(picked(release('Teamified-Kiosk-1.4.0-x86_64.AppImage', 'Teamified-Kiosk-1.4.0-armv7l.AppImage'), 'linux', 'x64')).toBe('Teamified-Kiosk-1.4.0-x86_64.AppImage');
  });

  it('takes the default or a universal build when none names this processor, never another processor’s', () => {
    expect(picked(release('Teamified Kiosk-1.4.0-mac.zip'), 'darwin', 'arm64')).toBe('Teamified Kiosk-1.4.0-mac.zip');
    expect(picked(release('Teamified Kiosk-1.4.0-universal-mac.zip'), 'darwin', 'x64')).toBe('Teamified Kiosk-1.4.0-universal-mac.zip');
    expect(picked(release('Teamified Kiosk-1.4.0-arm64-mac.zip'), 'darwin', 'x64')).toBeNull();
    expect(picked(release('Teamified Kiosk Setup 1.4.0-ia32.exe'), 'win32', 'x64')).toBeNull();
    expect(picked(release('Teamified Kiosk-1.4.0-mac.zip'), 'win32', 'x64')).toBeNull();
  });
});

describe('how this copy was installed', () => {
  const packaged = (platform: NodeJS.Platform, present: string[], env: NodeJS.ProcessEnv = {}) =>
    detectInstallKind({ platform, execPath: '/app/kiosk', resourcesPath: '/app/resources', env, exists: (path) => ['/app/resources/app.asar', ...present].includes(path) });

  it('NSIS leaves its uninstaller beside the app, an MSI does not; deb, AppImage and macOS by their own signs', () => {
    expect(packaged('win32', [`/app/Uninstall ${PRODUCT_NAME}.exe`])).toBe('nsis');
    expect(packaged('win32', [])).toBe('msi');
    expect(packaged('linux', [])).toBe('deb');
    expect(packaged('linux', [], { APPIMAGE: '/home/r/Teamified.AppImage' })).toBe('appimage');
    expect(packaged('darwin', [])).toBe('mac');
    expect(detectInstallKind({ platform: 'linux', execPath: '/usr/bin/node', resourcesPath: undefined, env: {} })).toBe('not-installed');
  });

  it('knows the product name electron-builder.yml gives the installers', () => {
    const config = load(readFileSync('electron-builder.yml', 'utf8')) as { productName: string };
    expect(config.productName).toBe(PRODUCT_NAME);
  });
});

describe('release keys and the update settings', () => {
  it('takes a key as the release signer prints it, or as PEM, and names what is wrong with anything else', () => {
    const { publicKey } = makeReleaseKey();
    expect(parseReleaseKey(publicKey).asymmetricKeyType).toBe('ed25519');
    const pem = parseReleaseKey(publicKey).export({ format: 'pem', type: 'spki' }).toString();
    expect(parseReleaseKey(pem).asymmetricKeyType).toBe('ed25519');
    expect(() => parseReleaseKey('c2hvcnQ=')).toThrow('An update signing key in the settings is not an Ed25519 public key');
    expect(updateSettingsSchema.safeParse({ signingKeys: [publicKey] }).success).toBe(true);
    expect(updateSettingsSchema.safeParse({ signingKeys: ['nope'] }).error?.issues[0]?.message).toContain('Update signing keys must be a list');
  });

  it('wants an https feed (http only on this computer) and a channel it knows', () => {
    expect(updateSettingsSchema.parse({})).toEqual({ enabled: true, feedUrl: '', channel: 'stable', checkIntervalHours: 4, deferHours: 0, managedByIt: false, signingKeys: [] });
    expect(updateSettingsSchema.safeParse({ feedUrl: 'https://updates.example.com/kiosk/' }).success).toBe(true);
    expect(updateSettingsSchema.safeParse({ feedUrl: 'http://127.0.0.1:8080/' }).success).toBe(true);
    expect(updateSettingsSchema.safeParse({ feedUrl: 'http://updates.example.com/' }).error?.issues[0]?.message).toContain('https://');
    expect(updateSettingsSchema.safeParse({ channel: 'beta' }).error?.issues[0]?.message).toBe('Update channel must be stable or pilot.');
  });
});
