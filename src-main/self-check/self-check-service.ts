import type { DisplayCount, DisplayPolicy } from '../../shared/domain/display-policy';
import type { AppMode } from '../../shared/domain/settings';
import type { UpdateStatus } from '../../shared/domain/updates';
import type { BankAudioProgress, SelfCheckReport } from '../../shared/ipc/kiosk-channels';
import type { Clock } from '../common/clock';
import type { Logger } from '../logging/logger-types';
import type { LanguageModel } from '../providers/ai/types';
import type { SecretStore } from '../secrets/secret-store';
import type { SettingsService } from '../settings/settings-service';
import { checkBankAudio } from './bank-audio-check';
import type { CheckResult } from './check-result';
import { checkClock } from './clock-check';
import { checkDisk, nodeDiskProbe, type DiskProbe } from './disk-check';
import { checkKeychain, keychainSource, type KeychainSource } from './keychain-check';
import { checkProvider, hostOf, languageModelProbe, type ProbeOutcome, type ProviderProbe } from './provider-check';
import { checkShell, type ShellFacts } from './shell-checks';
import { checkNetwork, type NetworkReading } from './network-check';
import { checkSync, readSync, type SyncSource } from './sync-check';
import { checkUpdates } from './updates-check';

export interface SelfCheckDeps {
  keychain: KeychainSource;
  provider: ProviderProbe;
  sync: SyncSource;
  disk: DiskProbe;
  /** The device's clock: compared with the hosted database's, and the report's time. */
  clock: Clock;
  mode: () => AppMode;
  /** IT's display policy at a sitting (lockdown.maxDisplays and lockdown.builtInDisplayOnly). */
  displayPolicy?: () => DisplayPolicy;
  /** How much of the question bank's audio is ready (the interview's bank audio); without it, no such check. */
  bankAudio?: () => Promise<BankAudioProgress>;
  /** The proxy in force and IT's CA bundle (issue 20, point 7); without it, no such check. */
  network?: () => NetworkReading;
  /** Where this device's own update stands (issue 20, point 3); without it, no such check. */
  updates?: () => UpdateStatus;
  logger: Logger;
  /** How long the sync server gets to answer; tests shorten it. */
  syncTimeoutMs?: number;
}

/**
 * The pre-sitting self-check (`kiosk.selfCheck`): every check at once, each
 * answering for itself (a check that throws is reported as 'unknown' with
 * what went wrong, never failing the others). What only the Electron shell
 * knows arrives with `reportShell`; until it does (and always in the
 * browser host) those checks are 'unknown'.
 */
export class SelfCheckService {
  private shell: ShellFacts | null = null;

  constructor(private readonly deps: SelfCheckDeps) {}

  /** The shell's latest word on sandbox, displays and the OS kiosk lock. */
  reportShell(facts: ShellFacts): void {
    this.shell = facts;
  }

  /** The shell's latest report as a whole (the proof of configuration records it); null in the browser host. */
  get shellFacts(): ShellFacts | null {
    return this.shell;
  }

  /** Displays connected, and how many built in, as the shell last said; null when no shell has reported (the browser host). */
  get displays(): DisplayCount | null {
    return this.shell ? { displays: this.shell.displays, builtInDisplays: this.shell.builtInDisplays } : null;
  }

  /** The provider check's one small call alone: the admin's "Check again" once the AI service is back. */
  pingProvider(): Promise<ProbeOutcome> {
    return this.deps.provider.probe();
  }

  async run(): Promise<SelfCheckReport> {
    const { deps } = this;
    const checkedAt = deps.clock.now().toISOString();
    const sync = this.guard('sync', 'Sync', () => readSync(deps.sync, deps.clock, deps.syncTimeoutMs));
    const bankAudio = deps.bankAudio;
    const [keychain, provider, disk, syncReading, bank] = await Promise.all([
      this.guard('keychain', 'Keychain', () => checkKeychain(deps.keychain)),
      this.guard('provider', 'AI provider', () => checkProvider(deps.provider)),
      this.guard('disk', 'Disk space', () => checkDisk(deps.disk)),
      sync,
      bankAudio ? this.guard('bank-audio', 'Offline question audio', async () => checkBankAudio(await bankAudio(), deps.clock.now())) : null,
    ]);
    const now = deps.clock.now();
    const syncChecks = 'hello' in syncReading ? [checkSync(syncReading, now), checkClock(syncReading.hello)] : [syncReading, checkClock(null)];
    const network = deps.network ? await this.guard('network', 'Network', async () => checkNetwork(deps.network!())) : null;
    const updates = deps.updates ? await this.guard('updates', 'Updates', async () => checkUpdates(deps.updates!())) : null;
    const checks = [
      keychain,
      ...checkShell(this.shell, deps.mode(), deps.displayPolicy?.()),
      disk,
      ...syncChecks,
      ...(network ? [network] : []),
      provider,
      ...(bank ? [bank] : []),
      ...(updates ? [updates] : []),
    ];
    const counts = Object.fromEntries(['ok', 'warn', 'fail', 'unknown'].map((status) => [status, checks.filter((check) => check.status === status).length]));
    deps.logger.info('self-check run', counts);
    return { checkedAt, checks };
  }

  /** A check that throws is a bug or a surprise: logged, and shown as not checked rather than failing the whole report. */
  private async guard<T>(id: CheckResult['id'], label: string, work: () => Promise<T>): Promise<T | CheckResult> {
    try {
      return await work();
    } catch (error) {
      this.deps.logger.error('a self-check failed to run', { check: id, error });
      return { id, label, status: 'unknown', detail: 'This check could not be run; the app’s log has the details.', fix: 'Run the check again; if it keeps happening, send IT the app’s log.' };
    }
  }
}

export interface SelfCheckOptions {
  secrets: SecretStore;
  languageModel: LanguageModel;
  settings: SettingsService;
  sync: SyncSource;
  dataDir: string;
  clock: Clock;
  logger: Logger;
  bankAudio?: () => Promise<BankAudioProgress>;
  network?: () => NetworkReading;
  updates?: () => UpdateStatus;
}

/** The self-check over the app's own services; the composition root builds it. */
export function createSelfCheck(options: SelfCheckOptions): SelfCheckService {
  const provider = () => options.settings.get().provider;
  return new SelfCheckService({
    keychain: keychainSource(options.secrets),
    provider: languageModelProbe({
      languageModel: options.languageModel,
      target: () => ({ host: hostOf(provider().baseUrl), model: provider().interviewModel }),
    }),
    sync: options.sync,
    disk: nodeDiskProbe(options.dataDir),
    clock: options.clock,
    mode: () => options.settings.get().mode,
    displayPolicy: () => options.settings.get().lockdown,
    ...(options.bankAudio ? { bankAudio: options.bankAudio } : {}),
    ...(options.network ? { network: options.network } : {}),
    ...(options.updates ? { updates: options.updates } : {}),
    logger: options.logger,
  });
}
