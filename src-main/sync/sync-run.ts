import type { DeviceHealthReport } from '../../shared/domain/fleet';
import type { Clock } from '../common/clock';
import type { Logger } from '../logging/logger-types';
import type { ConfigurationAttestation } from './configuration-attestation';
import type { DeviceHealth } from './device-health';
import type { FileSync } from './file-sync';
import type { OutboxQueue } from './outbox-queue';
import type { PullApplier } from './pull-applier';
import { PULL_PAGE } from './protocol';
import { pullChanges } from './pull-changes';
import { pushChanges } from './push-changes';
import type { SyncConnection } from './sync-connection';
import { describeSyncError, toSyncError } from './sync-errors';
import { STATE_KEYS, type SyncStateStore } from './sync-state-store';
import { NOT_CONFIGURED, type SyncStatusReporter } from './sync-status-reporter';
import type { SyncSession } from './sync-transport';

/** How a run ended, for the scheduler's backoff: only 'failed' counts against the next interval. */
export type SyncRunOutcome = 'not_configured' | 'succeeded' | 'failed';

export interface SyncRunDeps {
  connection: SyncConnection;
  queue: OutboxQueue;
  applier: PullApplier;
  files: FileSync;
  state: SyncStateStore;
  reporter: SyncStatusReporter;
  clock: Clock;
  logger: Logger;
  /** Proof of configuration, between push and pull; it never fails the run. */
  attestation?: Pick<ConfigurationAttestation, 'run'>;
  /**
   * Work on what the pull brought, after it (carrying out erasure requests,
   * src-main/erasure). Its local writes (a confirmation) go up at the next run.
   */
  afterPull?: () => Promise<unknown>;
  /** The fleet health report, last (so its queue counts are after this run's push); it never fails the run. */
  health?: Pick<DeviceHealth, 'run' | 'gatherForExchange' | 'afterExchange'>;
}

/** A run as one sync.exchange: the device id it expects, and its health report being gathered (null: none). */
interface OneCallPlan {
  knownDevice: string;
  report: Promise<DeviceHealthReport | null>;
}

/**
 * One exchange with the hosted database: hello, push, pull, over one
 * connection, and the status it leaves (idle, offline or an error). With
 * nothing to push, one call (sync.exchange) does it all. When runs happen is
 * the scheduler's business.
 */
export class SyncRun {
  constructor(private readonly deps: SyncRunDeps) {}

  async once(): Promise<SyncRunOutcome> {
    const { connection, reporter, logger } = this.deps;
    const endpoint = await connection.endpoint().catch(() => null);
    if (!endpoint) {
      reporter.report(NOT_CONFIGURED);
      return 'not_configured';
    }
    reporter.report({ configured: true, state: 'syncing', lastError: reporter.activity.lastError });
    let session: SyncSession | null = null;
    try {
      // Gathered while the connection opens: the report goes with the one call.
      const oneCall = this.oneCallPlan();
      session = await connection.open(endpoint);
      await this.exchange(session, oneCall);
      this.deps.state.set(STATE_KEYS.lastSyncAt, this.deps.clock.now().toISOString());
      reporter.report({ configured: true, state: 'idle', lastError: null });
      return 'succeeded';
    } catch (error) {
      const failure = toSyncError(error);
      logger[failure.kind === 'offline' ? 'info' : 'error']('sync run failed', { kind: failure.kind, error: failure.message });
      reporter.report({ configured: true, state: failure.kind === 'offline' ? 'offline' : 'error', lastError: describeSyncError(failure) });
      return 'failed';
    } finally {
      await session?.close();
    }
  }

  private async exchange(session: SyncSession, oneCall: OneCallPlan | null): Promise<void> {
    if (oneCall !== null && (await this.oneCall(session, oneCall))) return;
    await this.fullRun(session);
  }

  /** Null when the run must be the full one: something to push, or no device id known yet. */
  private oneCallPlan(): OneCallPlan | null {
    const knownDevice = this.deps.queue.knownDevice();
    if (knownDevice === null || this.deps.queue.pendingCount() > 0) return null;
    return { knownDevice, report: this.deps.health?.gatherForExchange() ?? Promise.resolve(null) };
  }

  /**
   * Nothing to push and a device id already known: hello, the first pull
   * page, the attestation offer and the health report in one round trip;
   * further pages, an attestation when one is due, and the report when the
   * page brought rows (DeviceHealth.afterExchange), as in the full run.
   * False, with nothing applied, when the server knows this login as another
   * device than before (IT enrolled it again): the page was read from a
   * cursor that belongs to the other identity, so the full run starts over.
   */
  private async oneCall(session: SyncSession, { knownDevice, report: gathering }: OneCallPlan): Promise<boolean> {
    const { applier, health, logger } = this.deps;
    const report = await gathering;
    const reply = await session.exchange(applier.cursor(), PULL_PAGE, report);
    if (reply.hello.deviceId !== knownDevice) {
      logger.info('the hosted database knows this device by a new id; syncing from the start', { deviceId: reply.hello.deviceId });
      return false;
    }
    await this.deps.attestation?.run(session, reply.hello.deviceId, reply.attestation);
    await pullChanges(session, applier, reply.pull);
    await this.deps.afterPull?.();
    if (report !== null) await health?.afterExchange(session, reply.health);
    return true;
  }

  private async fullRun(session: SyncSession): Promise<void> {
    const { queue, applier, files, reporter, logger } = this.deps;
    const hello = await session.hello();
    const { base, isNewDevice } = queue.ensureBase(hello);
    // Another device identity (re-enrolled) may see different rows: read everything again.
    if (isNewDevice) applier.resetCursor();
    await pushChanges(session, base, { queue, files, logger }, () => reporter.emit());
    await this.deps.attestation?.run(session, hello.deviceId);
    await pullChanges(session, applier);
    await this.deps.afterPull?.();
    await this.deps.health?.run(session);
  }
}
