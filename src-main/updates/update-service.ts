import type { KeyObject } from 'node:crypto';
import type { AppMode, UpdateSettings } from '../../shared/domain/settings';
import type { UpdateStatus } from '../../shared/domain/updates';
import type { Clock } from '../common/clock';
import type { Logger } from '../logging/logger-types';
import { artifactExtension, channelFileName, feedBase, feedChannelsFor } from './channel-file';
import { FeedRequestError, fetchBytes, type FetchLike } from './feed-fetch';
import { notSelfUpdating, type InstallKind } from './install-kind';
import type { InstallerReport, UpdateInstaller, VerifiedUpdate } from './installer-port';
import { feedMessage, parseReleaseKey, ReleaseKeyError, SIGNATURE_SUFFIX, signedByAny } from './release-signature';
import { deviceRolloutNumber, inRollout } from './staged-rollout';
import { FeedFormatError, installerFor, parseUpdateInfo } from './update-info';
import { verifiedCopy, UpdateRefused, type Offer } from './verified-download';
import { compareVersions } from '../../shared/domain/version-order';

export type { InstallerReport, UpdateInstaller, VerifiedUpdate } from './installer-port';

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

/** What the shell was last asked to do with the verified update, so a later check does not ask again. */
type Asked = { sha512: string; action: 'prepare' | 'install-on-quit' | 'install-now' };

/**
 * The app's own updates (issue 20, point 3), decided here and installed by
 * the shell. On a timer (updates.checkIntervalHours) it reads the feed IT
 * chose, refuses a channel file the release key did not sign, takes the
 * newest release offered to this device (channel, staged rollout, newer than
 * what runs), downloads its installer in the background and verifies its
 * SHA-512 against the signed feed and its own signature. Only then does it
 * hand that copy to the shell, which installs nothing else: a laptop
 * installs it on quit, a kiosk once the shell has it ready and nobody is
 * using the kiosk. The shell reports back (installerReported). Anything
 * that fails leaves the installed version running and the next check tries
 * again.
 */
export class UpdateService {
  private current: UpdateStatus;
  private running: Promise<UpdateStatus> | null = null;
  private verified: VerifiedUpdate | null = null;
  /** The update the shell said is ready to install (its SHA-512). */
  private prepared: string | null = null;
  private asked: Asked | null = null;
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
      const update = await verifiedCopy(offer, this.verified, {
        fetch: this.fetchFn,
        dataDir: this.deps.dataDir,
        keys,
        maxBytes: this.deps.maxInstallerBytes ?? DEFAULT_MAX_INSTALLER_BYTES,
        logger: this.deps.logger,
      });
      this.verified = update;
      // Each check asks the shell once more (it does the work once): a request lost on the way is not waited on for ever.
      this.asked = null;
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
      const deferredUntil = deferredUntilOf(info.releaseDate, settings.deferHours);
      if (deferredUntil !== null && deferredUntil > this.deps.clock.now().getTime()) {
        note = `Up to date for now: ${info.version} was published at ${info.releaseDate}, and IT's policy has this device wait ${settings.deferHours} hours before taking a release; it takes it after ${new Date(deferredUntil).toISOString()}.`;
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

  /**
   * A laptop: made ready now, installed when the app quits. A kiosk: made
   * ready first (the shell says when it is), then installed only while
   * nothing is under way, asked immediately before the install message is
   * sent; else it waits and looks again.
   */
  private handOver(update: VerifiedUpdate): void {
    const status = { availableVersion: update.version, verified: true, lastCheckAt: this.current.lastCheckAt };
    if (this.deps.mode() === 'recruiter') {
      this.ask(update, 'install-on-quit');
      this.current = this.base({ ...status, state: 'install-on-quit', message: `Version ${update.version} is downloaded and verified; it is installed when the app is next quit.` });
      return;
    }
    const busy = this.deps.busy();
    if (this.prepared !== update.sha512) {
      this.ask(update, 'prepare');
      const when = busy ? `once ${busy} is over, never during one` : 'as soon as it is, while no sitting is open';
      this.current = this.base({ ...status, state: 'waiting', message: `Version ${update.version} is downloaded and verified, and being made ready to install; it is installed ${when}.` });
      this.startIdlePoll();
      return;
    }
    if (busy) {
      this.current = this.base({ ...status, state: 'waiting', message: `Version ${update.version} is downloaded and verified; it is installed once ${busy} is over, never during one.` });
      this.startIdlePoll();
      return;
    }
    this.stopIdlePoll();
    this.ask(update, 'install-now');
    this.deps.logger.info('update handed to the shell to install', { version: update.version });
    this.current = this.base({ ...status, state: 'install-requested', message: `Version ${update.version} is being installed; the app restarts by itself.` });
  }

  /** Asks the shell once per check, update and action; installing is asked each time the kiosk is found free (the shell may have deferred). */
  private ask(update: VerifiedUpdate, action: Asked['action']): void {
    if (action !== 'install-now' && this.asked?.sha512 === update.sha512 && this.asked.action === action) return;
    this.asked = { sha512: update.sha512, action };
    if (action === 'prepare') this.deps.installer.prepare(update);
    else if (action === 'install-on-quit') this.deps.installer.installOnQuit(update);
    else this.deps.installer.installNow(update);
  }

  /**
   * The shell's word on the update it was handed (src-main/shell/auto-update.ts).
   * A failure there is this device's failure to update: the state says so
   * with the shell's reason, and the next check downloads, verifies and
   * hands it over again.
   */
  installerReported(report: InstallerReport): void {
    const update = this.verified;
    if (!update || update.sha512 !== report.sha512 || update.version !== report.version) {
      this.deps.logger.info('the shell’s report on an update no longer current was ignored', { version: report.version, outcome: report.outcome });
      return;
    }
    const status = { availableVersion: update.version, verified: true, lastCheckAt: this.current.lastCheckAt };
    switch (report.outcome) {
      case 'prepared':
        this.prepared = update.sha512;
        this.deps.logger.info('update ready to install', { version: update.version });
        if (this.current.state === 'waiting') this.handOver(update);
        return;
      case 'installing':
        this.current = this.base({ ...status, state: 'install-requested', message: `Version ${update.version} is being installed; the app restarts by itself.` });
        return;
      case 'deferred':
        this.deps.logger.info('the shell put off installing the update', { version: update.version, reason: report.reason });
        this.current = this.base({ ...status, state: 'waiting', message: `Version ${update.version} is downloaded and verified; it was not installed yet (${report.reason ?? 'the kiosk is in use'}), and is once the kiosk is free.` });
        this.startIdlePoll();
        return;
      case 'failed': {
        this.stopIdlePoll();
        this.verified = null;
        this.prepared = null;
        this.asked = null;
        const reason = report.reason ?? 'no reason was given';
        this.deps.logger.warn('the shell did not install the update; the installed version keeps running', { version: update.version, reason });
        this.current = this.base({
          ...status,
          state: 'failed',
          verified: false,
          message: `Version ${update.version} was not installed: ${reason}. The installed version ${this.deps.installedVersion} keeps running; the next check tries again.`,
        });
        return;
      }
    }
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

/**
 * When a release may be taken under IT's deferral (its ring in a staged
 * rollout); null when nothing defers it. A release without a readable date
 * is not held back: the deferral is a ring, not a gate, and a feed
 * electron-builder wrote always carries one.
 */
export function deferredUntilOf(releaseDate: string | null, deferHours: number): number | null {
  if (deferHours <= 0 || releaseDate === null) return null;
  const published = Date.parse(releaseDate);
  return Number.isNaN(published) ? null : published + deferHours * 3_600_000;
}
