import type { Clock } from '../common/clock';
import { DeviceSigningKey } from '../configuration/signing-key';
import type { AppDatabase } from '../db/open-database';
import type { ContentStore } from '../files/content-store';
import type { Logger } from '../logging/logger-types';
import { ConfigurationRepository } from '../repositories/configuration-repository';
import type { SecretStore } from '../secrets/secret-store';
import type { SettingsService } from '../settings/settings-service';
import { ConfigurationAttestation } from './configuration-attestation';
import { DeviceEnrolment } from './enrolment/device-enrolment';
import { DeviceHealth, type DeviceHealthSources } from './device-health';
import { FleetReader } from './fleet-reader';
import type { FleetScreen } from '../../shared/ipc/fleet-channels';
import { FileSync } from './file-sync';
import { OutboxQueue } from './outbox-queue';
import { PullApplier } from './pull-applier';
import { SyncConnection, type SyncConnectionDeps } from './sync-connection';
import { SyncRun } from './sync-run';
import { SyncScheduler, type SyncTiming } from './sync-scheduler';
import { SyncStateStore } from './sync-state-store';
import { NOT_CONFIGURED, SyncStatusReporter } from './sync-status-reporter';
import type { SyncStatus } from './sync-status';
import type { SyncSession } from './sync-transport';

export interface SyncServiceDeps extends SyncTiming, Pick<SyncConnectionDeps, 'transport' | 'network' | 'idleMs'> {
  database: AppDatabase;
  settings: SettingsService;
  secrets: SecretStore;
  store: ContentStore;
  clock: Clock;
  logger: Logger;
  /** Tells one window the status changed (the IPC event `sync.changed`). */
  notify?: (windowId: string, status: SyncStatus) => void;
  /** Runs after each pull (SyncRunDeps.afterPull). */
  afterPull?: () => Promise<unknown>;
  /** What the fleet health report is made of (device-health.ts); without it, no report is sent. */
  health?: DeviceHealthSources;
}

/**
 * Keeps this device and the hosted database in step: push (files, then
 * mutations) then pull. Nothing happens until IT has set both the endpoint
 * and the device credential. The work is in the parts built here: the
 * connection (sync-connection.ts), one run (sync-run.ts: push-changes.ts,
 * pull-changes.ts), when runs happen (sync-scheduler.ts) and the status
 * line (sync-status-reporter.ts); this class only joins them for the app.
 */
export class SyncService {
  readonly queue: OutboxQueue;
  readonly applier: PullApplier;
  readonly files: FileSync;
  readonly state: SyncStateStore;
  /** One-code enrolment (README "Enrolling a device with a code (IT)"), with the same signing key the attestations use. */
  readonly enrolment: DeviceEnrolment;
  private readonly connection: SyncConnection;
  private readonly reporter: SyncStatusReporter;
  private readonly scheduler: SyncScheduler;
  private readonly fleetReader: FleetReader;
  /** Null when the app gave no health sources (the CLI's short-lived services). */
  readonly health: DeviceHealth | null;

  constructor(deps: SyncServiceDeps) {
    const { sqlite } = deps.database;
    const { clock, logger } = deps;
    this.state = new SyncStateStore(sqlite, clock);
    this.queue = new OutboxQueue(sqlite, this.state, clock);
    this.applier = new PullApplier(sqlite, this.state, logger, clock);
    const network = deps.network;
    this.files = new FileSync(sqlite, this.state, deps.store, clock, logger, network ? async () => (await network()).fetch : () => Promise.resolve(globalThis.fetch));
    this.connection = new SyncConnection({ settings: deps.settings, secrets: deps.secrets, transport: deps.transport, network: deps.network, idleMs: deps.idleMs });
    const configurations = new ConfigurationRepository(deps.database, clock);
    const signingKey = new DeviceSigningKey(deps.secrets, logger);
    // Enrolment reaches the hosted database the way sync does: through IT's proxy, trusting IT's CA bundle.
    this.enrolment = new DeviceEnrolment({ settings: deps.settings, secrets: deps.secrets, signingKey, logger, ...(deps.network ? { network: deps.network } : {}) });
    this.health = deps.health ? new DeviceHealth({ sources: deps.health, queue: this.queue, clock, logger }) : null;
    this.fleetReader = new FleetReader({ withSession: (work) => this.connection.withSession(work), state: this.state, clock });
    this.reporter = new SyncStatusReporter({ queue: this.queue, files: this.files, applier: this.applier, state: this.state, logger, notify: deps.notify });
    const run = new SyncRun({
      connection: this.connection,
      queue: this.queue,
      applier: this.applier,
      files: this.files,
      state: this.state,
      reporter: this.reporter,
      clock,
      logger,
      attestation: new ConfigurationAttestation({
        signingKey,
        recordedKey: (interviewId) => configurations.recordedFor(interviewId)?.configurationKey ?? null,
        logger,
      }),
      afterPull: deps.afterPull,
      health: this.health ?? undefined,
    });
    this.scheduler = new SyncScheduler({
      intervalMs: deps.intervalMs,
      watchMs: deps.watchMs,
      backoffBaseMs: deps.backoffBaseMs,
      backoffMaxMs: deps.backoffMaxMs,
      run: () => run.once(),
      lastOutboxId: () => this.queue.lastId(),
      reporter: this.reporter,
      logger,
    });
  }

  start(): void {
    this.scheduler.start();
  }

  /** No more runs; the kept connection closes once the run under way (if any) has finished. */
  async stop(): Promise<void> {
    this.reporter.close();
    await this.scheduler.stop();
    await this.connection.close();
  }

  /** This window gets `sync.changed` from now on. */
  watch(windowId: string): void {
    this.reporter.watch(windowId);
  }

  status(): SyncStatus {
    return this.reporter.status();
  }

  /** An admin has seen the refused changes (IT has the server's record): the status line stops listing them. */
  dismissRefusals(): Promise<SyncStatus> {
    this.queue.forgetRejected();
    this.reporter.emit();
    return this.currentStatus();
  }

  /**
   * The status after looking at the settings and keychain again, so a
   * device IT has just set up shows it (and starts its first run) without
   * waiting for the next interval.
   */
  async currentStatus(): Promise<SyncStatus> {
    const configured = (await this.connection.endpoint().catch(() => null)) !== null;
    // A run under way sets the status itself when it ends.
    if (configured !== this.reporter.activity.configured && !this.scheduler.busy) {
      this.reporter.setActivity(configured ? { configured: true, state: 'idle', lastError: null } : NOT_CONFIGURED);
      if (configured) this.scheduler.soon();
    }
    return this.reporter.status();
  }

  /** The endpoint or the credential changed: show it and, when now configured, sync soon. */
  configurationChanged(): void {
    this.currentStatus()
      .then(() => this.reporter.emit())
      .catch(() => {});
  }

  /** Starts a run now (or one more after the current one) and resolves with the status after it. */
  syncNow(): Promise<SyncStatus> {
    return this.scheduler.syncNow();
  }

  /** The fleet for an admin's Devices list: live from the hosted database, else the last list fetched. */
  fleet(): Promise<FleetScreen> {
    return this.fleetReader.read();
  }

  /** One call or a few over the kept connection; see SyncConnection.withSession. */
  withSession<T>(work: (session: SyncSession) => Promise<T>): Promise<T | null> {
    return this.connection.withSession(work);
  }
}
