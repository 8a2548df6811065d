import type { Clock } from '../common/clock';
import type { AppDatabase } from '../db/open-database';
import type { ContentStore } from '../files/content-store';
import type { Logger } from '../logging/logger-types';
import type { SecretStore } from '../secrets/secret-store';
import type { SettingsService } from '../settings/settings-service';
import { FileSync } from './file-sync';
import { OutboxQueue } from './outbox-queue';
import { PULL_PAGE, PUSH_BATCH } from './protocol';
import { PullApplier } from './pull-applier';
import { describeSyncError, SyncError, toSyncError } from './sync-errors';
import { STATE_KEYS, SyncStateStore } from './sync-state-store';
import type { SyncState, SyncStatus } from './sync-status';
import { PgSyncTransport, type SyncSession, type SyncTransport } from './sync-transport';

export interface SyncServiceDeps {
  database: AppDatabase;
  settings: SettingsService;
  secrets: SecretStore;
  store: ContentStore;
  clock: Clock;
  logger: Logger;
  /** Tells one window the status changed (the IPC event `sync.changed`). */
  notify?: (windowId: string, status: SyncStatus) => void;
  /** Tests replace the network; the product connects to `sync.endpoint` with the keychain password. */
  transport?: (endpoint: string, password: string) => SyncTransport;
  intervalMs?: number;
  /** How often the outbox is looked at for new local writes, and how long after one a run starts. */
  watchMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

const SECRET = 'sync-device-credential';

/**
 * Keeps this device and the hosted database in step: push (files, then
 * mutations) then pull, one run at a time, off the IPC path. Runs every
 * interval, shortly after a local write, and when asked; a failure backs
 * off exponentially. Nothing happens until IT has set both the endpoint and
 * the device credential.
 */
export class SyncService {
  readonly queue: OutboxQueue;
  readonly applier: PullApplier;
  readonly files: FileSync;
  readonly state: SyncStateStore;
  private readonly intervalMs: number;
  private readonly watchMs: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private timer: NodeJS.Timeout | null = null;
  private watcher: NodeJS.Timeout | null = null;
  private running: Promise<SyncStatus> | null = null;
  private again = false;
  private stopped = true;
  /** After stop(): the app is closing its database. */
  private closed = false;
  private failures = 0;
  private seenOutboxId = 0;
  /** Windows that asked for the status; a closed one is simply not delivered to by its transport. */
  private readonly watchers = new Set<string>();
  private current: Pick<SyncStatus, 'state' | 'lastError' | 'configured'> = { state: 'not_configured', lastError: null, configured: false };

  constructor(private readonly deps: SyncServiceDeps) {
    const { sqlite } = deps.database;
    this.state = new SyncStateStore(sqlite, deps.clock);
    this.queue = new OutboxQueue(sqlite, this.state, deps.clock);
    this.applier = new PullApplier(sqlite, this.state, deps.logger);
    this.files = new FileSync(sqlite, this.state, deps.store, deps.clock, deps.logger);
    this.intervalMs = deps.intervalMs ?? 30_000;
    this.watchMs = deps.watchMs ?? 2_000;
    this.backoffBaseMs = deps.backoffBaseMs ?? 5_000;
    this.backoffMaxMs = deps.backoffMaxMs ?? 5 * 60_000;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.seenOutboxId = this.queue.lastId();
    this.schedule(0);
    // A cheap look at max(sync_outbox.id) rather than a hook in every writer: it sees every write of a
    // synced table whoever made it, and costs one indexed read per tick.
    this.watcher = setInterval(() => this.watchOutbox(), this.watchMs);
    this.watcher.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.watcher) clearInterval(this.watcher);
    this.timer = null;
    this.watcher = null;
    await this.running?.catch(() => {});
  }

  /** This window gets `sync.changed` from now on. */
  watch(windowId: string): void {
    this.watchers.add(windowId);
  }

  status(): SyncStatus {
    const pendingFiles = this.current.configured ? this.files.notUploaded(this.queue.pendingPayloadsWithFiles()).length : 0;
    const rejected = this.queue.rejected();
    return {
      ...this.current,
      lastSyncAt: this.state.get(STATE_KEYS.lastSyncAt),
      pendingChanges: this.queue.pendingCount(),
      pendingFiles,
      rejected: rejected.length,
      refusals: rejected.map(({ table, rowId, reason, at }) => ({ table, rowId, reason, at })).reverse(),
    };
  }

  /** An admin has seen the refused changes (IT has the server's record): the status line stops listing them. */
  dismissRefusals(): Promise<SyncStatus> {
    this.queue.forgetRejected();
    this.emit();
    return this.currentStatus();
  }

  /**
   * The status after looking at the settings and keychain again, so a
   * device IT has just set up shows it (and starts its first run) without
   * waiting for the next interval.
   */
  async currentStatus(): Promise<SyncStatus> {
    const configured = (await this.connection().catch(() => null)) !== null;
    if (configured !== this.current.configured && !this.running) {
      this.current = configured ? { configured: true, state: 'idle', lastError: null } : { configured: false, state: 'not_configured', lastError: null };
      if (configured) this.schedule(0);
    }
    return this.status();
  }

  /** The endpoint or the credential changed: show it and, when now configured, sync soon. */
  configurationChanged(): void {
    this.currentStatus()
      .then(() => this.emit())
      .catch(() => {});
  }

  /** Starts a run now (or one more after the current one) and resolves with the status after it. */
  syncNow(): Promise<SyncStatus> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.runLoop().finally(() => {
      this.running = null;
      if (!this.stopped) this.schedule(this.nextDelay());
    });
    return this.running;
  }

  /**
   * One short connection for a single call (delivery claims, the auto-send
   * sweep, a file download). Null when sync is not configured; throws
   * SyncError when the server cannot be reached or refuses.
   */
  async withSession<T>(work: (session: SyncSession) => Promise<T>): Promise<T | null> {
    const connection = await this.connection();
    if (!connection) return null;
    const session = await this.transportFor(connection).open();
    try {
      return await work(session);
    } finally {
      await session.close();
    }
  }

  private async runLoop(): Promise<SyncStatus> {
    do {
      this.again = false;
      await this.runOnce();
    } while (this.again && !this.stopped);
    return this.safeStatus();
  }

  /** The status even while the app closes the database under a finishing run. */
  private safeStatus(): SyncStatus {
    try {
      return this.status();
    } catch {
      return { ...this.current, lastSyncAt: null, pendingChanges: 0, pendingFiles: 0, rejected: 0, refusals: [] };
    }
  }

  private async runOnce(): Promise<void> {
    // The app is closing: the database may already be closed.
    if (this.closed) return;
    const connection = await this.connection().catch(() => null);
    if (!connection) {
      this.setStatus({ configured: false, state: 'not_configured', lastError: null });
      return;
    }
    this.setStatus({ configured: true, state: 'syncing', lastError: this.current.lastError });
    let session: SyncSession | null = null;
    try {
      session = await this.transportFor(connection).open();
      await this.exchange(session);
      this.failures = 0;
      this.state.set(STATE_KEYS.lastSyncAt, this.deps.clock.now().toISOString());
      this.setStatus({ configured: true, state: 'idle', lastError: null });
    } catch (error) {
      const failure = toSyncError(error);
      this.failures++;
      this.deps.logger[failure.kind === 'offline' ? 'info' : 'error']('sync run failed', { kind: failure.kind, error: failure.message });
      this.setStatus({ configured: true, state: failure.kind === 'offline' ? 'offline' : 'error', lastError: describeSyncError(failure) });
    } finally {
      await session?.close();
    }
  }

  private async exchange(session: SyncSession): Promise<void> {
    const hello = await session.hello();
    const { base, isNewDevice } = this.queue.ensureBase(hello);
    // Another device identity (re-enrolled) may see different rows: read everything again.
    if (isNewDevice) this.applier.resetCursor();

    for (;;) {
      const batch = this.queue.pending(base, PUSH_BATCH);
      if (batch.length === 0) break;
      await this.files.uploadFor(session, batch);
      const reply = await session.push(batch);
      const marked = this.queue.acknowledge(base, reply, batch);
      if (reply.rejected.length > 0) this.deps.logger.warn('the hosted database rejected changes from this device', { count: reply.rejected.length });
      // The server applied nothing we sent (a gap it will not fill): stop rather than loop.
      if (marked === 0) throw new SyncError('server', `The hosted database expects change ${reply.lastAppliedSeq + 1} from this device, which it no longer has.`);
      this.emit();
    }

    // The next page is asked for before this one is applied, so the server builds it while
    // SQLite writes (each side is about half of a long first pull). Pages still apply in order,
    // each with its own cursor; a failure leaves the cursor at the last page applied.
    let cursor = this.applier.cursor();
    let next = session.pull(cursor, PULL_PAGE);
    for (;;) {
      const page = await next;
      cursor = page.cursor ?? cursor;
      if (page.hasMore) {
        next = session.pull(cursor, PULL_PAGE);
        // Awaited on the next turn; if applying this page throws first, its failure is not the news.
        next.catch(() => {});
      }
      this.applier.applyPage(page.changes, page.cursor);
      if (!page.hasMore) break;
    }
  }

  private async connection(): Promise<{ endpoint: string; password: string } | null> {
    const endpoint = this.deps.settings.get().sync.endpoint.trim();
    if (endpoint === '') return null;
    const password = await this.deps.secrets.get(SECRET).catch(() => null);
    return password ? { endpoint, password } : null;
  }

  private transportFor(connection: { endpoint: string; password: string }): SyncTransport {
    return this.deps.transport?.(connection.endpoint, connection.password) ?? new PgSyncTransport(connection);
  }

  private nextDelay(): number {
    if (this.failures === 0) return this.intervalMs;
    return Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** (this.failures - 1));
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.syncNow().catch((error: unknown) => this.deps.logger.warn('sync run ended unexpectedly', { error: error instanceof Error ? error.message : String(error) }));
    }, delayMs);
    this.timer.unref();
  }

  private watchOutbox(): void {
    let last: number;
    try {
      last = this.queue.lastId();
    } catch {
      return; // The database is closing.
    }
    if (last === this.seenOutboxId) return;
    this.seenOutboxId = last;
    this.emit();
    // While backing off after a failure, a new write does not cut the wait short.
    if (this.failures === 0 && this.current.configured && !this.running) this.schedule(this.watchMs);
  }

  private setStatus(next: SyncServiceStatusPart): void {
    this.current = next;
    this.emit();
  }

  private emit(): void {
    if (!this.deps.notify || this.watchers.size === 0 || this.closed) return;
    try {
      const status = this.status();
      for (const windowId of this.watchers) this.deps.notify(windowId, status);
    } catch (error) {
      this.deps.logger.warn('sync status could not be reported', { error: error instanceof Error ? error.message : String(error) });
    }
  }
}

type SyncServiceStatusPart = { state: SyncState; lastError: string | null; configured: boolean };
