import type { DeviceHealthReport } from '../../shared/domain/fleet';
import type { Clock } from '../common/clock';
import type { Logger } from '../logging/logger-types';
import type { OutboxQueue } from './outbox-queue';
import { SYNC_SCHEMA_VERSION, type ExchangeReply } from './protocol';
import type { SyncSession } from './sync-transport';

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * Counting the bank's audio stats every speech part in the cache (569
 * files, 10-15 ms of main's time), which a no-change run of 1 RTT cannot
 * afford every 30 s; what it counts changes over hours of preparation.
 */
const BANK_AUDIO_RECOUNT_MS = 5 * 60 * 1000;

/**
 * Where the report's parts come from; the composition root fills each from
 * the feature that knows it (create-app.ts), so sync imports none of them.
 */
export interface DeviceHealthSources {
  appVersion: string;
  /** The update channel in force (settings updates.channel): the fleet compares versions within a channel. */
  updateChannel(): string;
  localSchemaVersion(): number;
  /** The configuration key of the settings in force now (src-main/configuration). */
  configurationKey(): string | null;
  lastInterviewAt(): string | null;
  bankAudio(): Promise<DeviceHealthReport['bankAudio']>;
  disk(): Promise<DeviceHealthReport['disk']>;
  /** Background jobs queued or running (resume parsing, transcription, scoring, email). */
  unfinishedJobs(): number;
  keychain(): DeviceHealthReport['keychain'];
  /** The error reports this device keeps (src-main/errors): since a time, oldest first. */
  errors(since: Date): { at: string; source: string; errorClass: string; message: string }[];
  /** How many of those reports were dropped, unsent, when the error file made room. */
  droppedErrors(): number;
}

export interface DeviceHealthDeps {
  sources: DeviceHealthSources;
  queue: Pick<OutboxQueue, 'pendingCount' | 'rejected'>;
  clock: Clock;
  logger: Logger;
}

/**
 * Fleet health (issue 20, point 4): gathers this device's report and sends
 * it at the end of each sync run. It never fails the run: a report is
 * replaced at the next run anyway, and the data matters more than its health.
 */
export class DeviceHealth {
  private bankAudio: { at: number; value: DeviceHealthReport['bankAudio'] } | null = null;

  constructor(private readonly deps: DeviceHealthDeps) {}

  async gather(): Promise<DeviceHealthReport> {
    const { sources, queue, clock } = this.deps;
    const now = clock.now();
    const [bankAudio, disk] = await Promise.all([this.bankAudioAsOf(now), sources.disk()]);
    const errors = sources.errors(new Date(0));
    const dayAgo = now.getTime() - DAY_MS;
    const last = errors.at(-1);
    return {
      gatheredAt: now.toISOString(),
      appVersion: sources.appVersion,
      updateChannel: sources.updateChannel(),
      schemaVersion: { hosted: SYNC_SCHEMA_VERSION, local: sources.localSchemaVersion() },
      configurationKey: sources.configurationKey(),
      lastInterviewAt: sources.lastInterviewAt(),
      bankAudio,
      disk,
      pending: { outbox: queue.pendingCount(), jobs: sources.unfinishedJobs(), refused: queue.rejected().length },
      keychain: sources.keychain(),
      errors: {
        lastDay: errors.filter((error) => Date.parse(error.at) >= dayAgo).length,
        total: errors.length,
        // Already redacted where it was kept; cut to the report's bounds.
        last: last ? { at: last.at, process: last.source.slice(0, 20), kind: last.errorClass.slice(0, 80), message: last.message.slice(0, 300) } : null,
        dropped: sources.droppedErrors(),
      },
    };
  }

  /** The bank audio counts, recounted when the last count is over BANK_AUDIO_RECOUNT_MS old (or the clock went back). */
  private async bankAudioAsOf(now: Date): Promise<DeviceHealthReport['bankAudio']> {
    const age = this.bankAudio === null ? Infinity : now.getTime() - this.bankAudio.at;
    if (this.bankAudio !== null && age >= 0 && age < BANK_AUDIO_RECOUNT_MS) return this.bankAudio.value;
    const value = await this.deps.sources.bankAudio();
    this.bankAudio = { at: now.getTime(), value };
    return value;
  }

  async run(session: Pick<SyncSession, 'reportDeviceHealth'>): Promise<void> {
    try {
      await session.reportDeviceHealth(await this.gather());
    } catch (error) {
      this.notSent(error);
    }
  }

  /** The report for sync.exchange to carry; null (logged) when it cannot be gathered, as the run must go on. */
  async gatherForExchange(): Promise<DeviceHealthReport | null> {
    try {
      return await this.gather();
    } catch (error) {
      this.notSent(error);
      return null;
    }
  }

  /**
   * After a run through sync.exchange: the report it carried was stored, or
   * refused (logged), or held back because the page brought rows, in which
   * case it goes now, at the end of the run, as in the full run.
   */
  async afterExchange(session: Pick<SyncSession, 'reportDeviceHealth'>, health: ExchangeReply['health']): Promise<void> {
    if (health === null) await this.run(session);
    else if ('refused' in health) this.notSent(health.refused);
  }

  /** `why`: the error that stopped it, or the server's words for its refusal. */
  private notSent(why: unknown): void {
    this.deps.logger.warn('the health report was not sent; it is sent again at the next sync', { error: why instanceof Error ? why.message : String(why) });
  }
}
