import type { KeyObject } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppMode, UpdateSettings } from '../../shared/domain/settings';
import type { UpdateStatus } from '../../shared/domain/updates';
import type { Clock } from '../common/clock';
import type { Logger } from '../logging/logger-types';
import { artifactExtension, channelFileName, feedBase, feedChannelsFor, type FeedChannel } from './channel-file';
import { downloadFile, FeedRequestError, fetchBytes, type FetchLike } from './feed-fetch';
import { notSelfUpdating, type InstallKind } from './install-kind';
import { artifactMessage, feedMessage, parseReleaseKey, ReleaseKeyError, SIGNATURE_SUFFIX, signedByAny } from './release-signature';
import { deviceRolloutNumber, inRollout } from './staged-rollout';
import { FeedFormatError, installerFor, parseUpdateInfo, type ReleaseFile } from './update-info';
import { compareVersions } from '../../shared/domain/version-order';

/** An installer the core downloaded and verified (SHA-512 and the release key's signature), for the shell to install. */
export interface VerifiedUpdate {
  version: string;
  /** The channel file it came from: the shell's electron-updater reads the same one. */
  channel: FeedChannel;
  feedUrl: string;
  fileName: string;
  sha512: string;
  /** Where the verified copy is, under the data folder. */
  path: string;
}

/**
 * The Electron shell's side (src-main/shell/auto-update.ts, electron-updater):
 * it installs only what it is handed, and only the installer whose SHA-512
 * the core verified. Nothing else in the app installs anything.
 */
export interface UpdateInstaller {
  /** Fetch it now, in the background, ready to install; install nothing. */
  prepare(update: VerifiedUpdate): void;
  /** Quit and install now: a kiosk between sittings. */
  installNow(update: VerifiedUpdate): void;
  /** Install when the app next quits: a laptop. */
  installOnQuit(update: VerifiedUpdate): void;
}

export interface UpdateServiceDeps {
  settings: () => UpdateSettings;
  mode: () => AppMode;
  installedVersion: string;
  installKind: InstallKind;
  /** The release keys built into the app; IT adds its own with updates.signingKeys. */
  pinnedKeys: readonly string[];
  dataDir: string;
  platform: NodeJS.Platform;
  arch: string;
  /** Why a kiosk may not install now ("the interview in progress"), or null when it may. */
  busy: () => string | null;
  installer: UpdateInstaller;
  clock: Clock;
  logger: Logger;
  fetch?: FetchLike;
  /** The largest installer accepted when the feed gives no size. */
  maxInstallerBytes?: number;
  /** How often a waiting kiosk looks again whether the sitting is over. */
  idlePollMs?: number;
  /** The first check after start: not at once, so start-up is not slowed. */
  firstCheckDelayMs?: number;
}

const DEFAULT_MAX_INSTALLER_BYTES = 2 * 1024 ** 3;
const DEFAULT_IDLE_POLL_MS = 30_000;
const DEFAULT_FIRST_CHECK_DELAY_MS = 60_000;
const UPDATES_FOLDER = 'updates';

/** A refusal to be shown as it is: the feed or installer did not verify, or the settings cannot work. */
class UpdateRefused extends Error {}

interface Offer {
  version: string;
  channel: FeedChannel;
  file: ReleaseFile;
  url: URL;
}

/**
 * The app's own updates (issue 20, point 3), decided here and installed by
 * the shell. On a timer (updates.checkIntervalHours) it reads the feed IT
 * chose, refuses a channel file the release key did not sign, takes the
 * newest release offered to this device (channel, staged rollout, newer than
 * what runs), downloads its installer in the background and verifies its
 * SHA-512 against the signed feed and its own signature. Only then does it
 * hand it to the shell: a laptop installs it on quit, a kiosk once no
 * sitting is open and no interview is in progress. Anything that fails
 * leaves the installed version running and the next check tries again.
 */
export class UpdateService {
  private current: UpdateStatus;
  private running: Promise<UpdateStatus> | null = null;
  private verified: VerifiedUpdate | null = null;
  private prepared: VerifiedUpdate | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private idleTimer: ReturnType<typeof setInterval> | null = null;
  private readonly fetchFn: FetchLike;

  constructor(private readonly deps: UpdateServiceDeps) {
    this.fetchFn = deps.fetch ?? ((url, init) => fetch(url, init));
    this.current = this.base({ state: 'up-to-date', message: 'Not checked yet.' });
    const still = this.stillness();
    if (still) this.current = still;
  }

  status(): UpdateStatus {
    return this.stillness() ?? this.current;
  }

  /** Checks now (one check at a time: a second caller shares the first's). */
  check(): Promise<UpdateStatus> {
    this.running ??= this.runCheck().finally(() => (this.running = null));
    return this.running;
  }

  start(): void {
    this.schedule(this.deps.firstCheckDelayMs ?? DEFAULT_FIRST_CHECK_DELAY_MS);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.stopIdlePoll();
  }

  /** Looks again whether a waiting kiosk may install (also on its own every idlePollMs while one waits). */
  retryInstall(): void {
    if (this.current.state === 'waiting' && this.verified) this.handOver(this.verified);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.check().finally(() => this.schedule(this.deps.settings().checkIntervalHours * 3_600_000));
    }, ms);
    this.timer.unref?.();
  }

  /** The states no check changes: updates off, managed by IT, not installed, not configured. */
  private stillness(): UpdateStatus | null {
    const settings = this.deps.settings();
    if (!settings.enabled) return this.base({ state: 'off', message: 'Updates are turned off on this device (updates.enabled is false).' });
    const managed = notSelfUpdating(this.deps.installKind, settings.managedByIt);
    if (managed) return this.base({ state: 'managed', message: managed });
    if (!settings.feedUrl) return this.base({ state: 'not-configured', message: 'No update feed is set: IT sets updates.feedUrl to the address its releases are published to.' });
    if (this.deps.pinnedKeys.length + settings.signingKeys.length === 0) {
      return this.base({ state: 'not-configured', message: 'No release key is set, so no update could be verified: IT sets updates.signingKeys to the public key its releases are signed with.' });
    }
    return null;
  }

  private base(status: Pick<UpdateStatus, 'state' | 'message'> & Partial<UpdateStatus>): UpdateStatus {
    return {
      installedVersion: this.deps.installedVersion,
      channel: this.deps.settings().channel,
      lastCheckAt: this.current?.lastCheckAt ?? null,
      availableVersion: null,
      verified: false,
      ...status,
    };
  }

  private async runCheck(): Promise<UpdateStatus> {
    const still = this.stillness();
    if (still) return (this.current = still);
    const settings = this.deps.settings();
    const lastCheckAt = this.deps.clock.now().toISOString();
    this.current = this.base({ state: 'checking', message: 'Reading the update feed.', lastCheckAt });
    let offer: Offer | null = null;
    try {
      const keys = settings.signingKeys.concat(this.deps.pinnedKeys).map(parseReleaseKey);
      const found = await this.newestOffer(settings, keys);
      offer = found.offer;
      if (!offer) return (this.current = this.base({ state: 'up-to-date', message: found.note, lastCheckAt }));
      const update = await this.verifiedCopy(offer, settings.feedUrl, keys);
      this.verified = update;
      this.current = this.base({ state: 'checking', message: 'Verified.', lastCheckAt, availableVersion: update.version, verified: true });
      this.handOver(update);
      return this.current;
    } catch (error) {
      const message = this.explain(error);
      this.deps.logger.warn('update check failed; the installed version keeps running', { reason: message });
      return (this.current = this.base({ state: 'failed', message: `${message} The installed version ${this.deps.installedVersion} keeps running.`, lastCheckAt, availableVersion: offer?.version ?? null }));
    }
  }

  private explain(error: unknown): string {
    if (error instanceof UpdateRefused || error instanceof FeedRequestError || error instanceof FeedFormatError || error instanceof ReleaseKeyError) return error.message;
    this.deps.logger.error('update check failed unexpectedly', { error });
    return `The update check failed (${error instanceof Error ? error.message : String(error)}).`;
  }

  /** The newest release this device is offered, with a sentence for when there is none. */
  private async newestOffer(settings: UpdateSettings, keys: KeyObject[]): Promise<{ offer: Offer | null; note: string }> {
    const base = feedBase(settings.feedUrl);
    const installed = this.deps.installedVersion;
    let offer: Offer | null = null;
    let note = `Up to date: ${installed} is the newest version on the ${settings.channel} channel.`;
    for (const channel of feedChannelsFor(settings.channel)) {
      const name = channelFileName(channel, this.deps.platform, this.deps.arch);
      let body: Buffer;
      try {
        body = await fetchBytes(this.fetchFn, new URL(name, base));
      } catch (error) {
        // A pilot channel with no release of its own yet is not a fault: the stable file still counts.
        if (channel === 'pilot' && error instanceof FeedRequestError && error.status === 404) continue;
        throw error;
      }
      const signature = await fetchBytes(this.fetchFn, new URL(name + SIGNATURE_SUFFIX, base)).catch((error: unknown) => {
        if (error instanceof FeedRequestError && error.status === 404) return null;
        throw error;
      });
      if (!signature || !signedByAny(keys, feedMessage(name, body), signature.toString('utf8'))) {
        throw new UpdateRefused(
          `The update feed's ${name} is not signed by a release key this device trusts, so it was refused and nothing was downloaded. ` +
            'If IT published a release, sign its channel file with the release key (updates.signingKeys holds the public half).',
        );
      }
      const info = parseUpdateInfo(name, body.toString('utf8'));
      if (compareVersions(info.version, installed) <= 0) continue;
      if (offer && compareVersions(info.version, offer.version) <= 0) continue;
      if (!inRollout(info.stagingPercentage, deviceRolloutNumber(this.deps.dataDir))) {
        note = `Up to date for now: ${info.version} is being rolled out to ${Math.trunc(info.stagingPercentage ?? 100)}% of devices, and this one is not among them yet.`;
        continue;
      }
      const file = installerFor(info, this.deps.platform, this.deps.arch);
      if (!file) {
        note = `Version ${info.version} has no ${artifactExtension(this.deps.platform)} installer for this device's processor (${this.deps.arch}) in ${name}, so this device cannot take it.`;
        continue;
      }
      offer = { version: info.version, channel, file, url: new URL(file.url, base) };
    }
    return { offer, note };
  }

  /** The offered installer, downloaded and verified; the copy from an earlier check when it is the same one. */
  private async verifiedCopy(offer: Offer, feedUrl: string, keys: KeyObject[]): Promise<VerifiedUpdate> {
    const previous = this.verified;
    if (previous && previous.version === offer.version && previous.sha512 === offer.file.sha512 && existsSync(previous.path)) return previous;
    const fileName = decodeURIComponent(offer.url.pathname.split('/').pop() ?? '');
    if (!fileName || /[\\/]|^\.\.?$/.test(fileName)) throw new UpdateRefused(`The update feed names an installer the app cannot save (${offer.file.url}).`);
    const folder = join(this.deps.dataDir, UPDATES_FOLDER);
    mkdirSync(folder, { recursive: true });
    const partial = join(folder, 'download.partial');
    const maxBytes = offer.file.size ?? this.deps.maxInstallerBytes ?? DEFAULT_MAX_INSTALLER_BYTES;
    const started = Date.now();
    const got = await downloadFile(this.fetchFn, offer.url, partial, maxBytes);
    const refuse = async (why: string): Promise<never> => {
      await rm(partial, { force: true });
      throw new UpdateRefused(`The installer for version ${offer.version} ${why} It was deleted and nothing was installed.`);
    };
    if (got.sha512 !== offer.file.sha512 || (offer.file.size !== null && got.size !== offer.file.size)) {
      await refuse('does not match the SHA-512 the signed feed gives for it: it was changed or damaged after it was published.');
    }
    const signature = await fetchBytes(this.fetchFn, new URL(offer.url.href + SIGNATURE_SUFFIX)).catch(async (error: unknown) => {
      // Only a feed that says the file is not there means "unsigned"; a network or server failure is said as itself.
      if (error instanceof FeedRequestError && error.status === 404) return null;
      await rm(partial, { force: true });
      throw new FeedRequestError(`The signature of the installer for version ${offer.version} could not be read: ${error instanceof Error ? error.message : String(error)} Nothing was installed.`);
    });
    if (!signature) await refuse(`has no signature (${fileName}${SIGNATURE_SUFFIX}) on the feed.`);
    if (!signedByAny(keys, artifactMessage(offer.version, fileName, got.sha512), signature!.toString('utf8'))) {
      await refuse('is not signed by a release key this device trusts.');
    }
    const path = join(folder, fileName);
    await rename(partial, path);
    // One installer kept: older ones would only fill the disk.
    for (const entry of await readdir(folder)) if (entry !== fileName) await rm(join(folder, entry), { force: true, recursive: true });
    this.deps.logger.info('update downloaded and verified', { version: offer.version, channel: offer.channel, bytes: got.size, ms: Date.now() - started });
    return { version: offer.version, channel: offer.channel, feedUrl, fileName, sha512: got.sha512, path };
  }

  /** A laptop installs on quit; a kiosk now if nothing is under way, else once it is over. */
  private handOver(update: VerifiedUpdate): void {
    const status = { availableVersion: update.version, verified: true, lastCheckAt: this.current.lastCheckAt };
    if (this.deps.mode() === 'recruiter') {
      this.deps.installer.installOnQuit(update);
      this.current = this.base({ ...status, state: 'install-on-quit', message: `Version ${update.version} is downloaded and verified; it is installed when the app is next quit.` });
      return;
    }
    const busy = this.deps.busy();
    if (busy) {
      if (this.prepared?.sha512 !== update.sha512) this.deps.installer.prepare(update);
      this.prepared = update;
      this.current = this.base({ ...status, state: 'waiting', message: `Version ${update.version} is downloaded and verified; it is installed once ${busy} is over, never during one.` });
      this.startIdlePoll();
      return;
    }
    this.stopIdlePoll();
    this.deps.installer.installNow(update);
    this.deps.logger.info('update handed to the shell to install', { version: update.version });
    this.current = this.base({ ...status, state: 'install-requested', message: `Version ${update.version} is being installed; the app restarts by itself.` });
  }

  private startIdlePoll(): void {
    if (this.idleTimer) return;
    this.idleTimer = setInterval(() => this.retryInstall(), this.deps.idlePollMs ?? DEFAULT_IDLE_POLL_MS);
    this.idleTimer.unref?.();
  }

  private stopIdlePoll(): void {
    if (this.idleTimer) clearInterval(this.idleTimer);
    this.idleTimer = null;
  }
}
