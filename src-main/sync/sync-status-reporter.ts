import type { Logger } from '../logging/logger-types';
import type { FileSync } from './file-sync';
import type { OutboxQueue } from './outbox-queue';
import type { PullApplier } from './pull-applier';
import { STATE_KEYS, type SyncStateStore } from './sync-state-store';
import type { SyncState, SyncStatus } from './sync-status';

/** What the runs decide about the status; the rest is read from the outbox and sync_state when asked. */
export interface SyncActivity {
  state: SyncState;
  lastError: string | null;
  configured: boolean;
}

export const NOT_CONFIGURED: SyncActivity = { state: 'not_configured', lastError: null, configured: false };

export interface SyncStatusReporterDeps {
  queue: Pick<OutboxQueue, 'pendingCount' | 'pendingPayloadsWithFiles' | 'rejected'>;
  files: Pick<FileSync, 'notUploaded'>;
  applier: Pick<PullApplier, 'waitingAfterPull'>;
  state: Pick<SyncStateStore, 'get'>;
  logger: Logger;
  /** Tells one window the status changed (the IPC event `sync.changed`). */
  notify?: (windowId: string, status: SyncStatus) => void;
}

/**
 * The status line: what the last run left (idle, offline, an error), what
 * still waits to go up, and what the server refused; pushed to every window
 * that asked for it whenever any of that changes.
 */
export class SyncStatusReporter {
  private current: SyncActivity = NOT_CONFIGURED;
  /** Windows that asked for the status; a closed one is simply not delivered to by its transport. */
  private readonly watchers = new Set<string>();
  /** The app is closing its database: nothing more is read or sent. */
  private closed = false;

  constructor(private readonly deps: SyncStatusReporterDeps) {}

  get activity(): SyncActivity {
    return this.current;
  }

  /** This window gets `sync.changed` from now on. */
  watch(windowId: string): void {
    this.watchers.add(windowId);
  }

  status(): SyncStatus {
    const { queue, files, state } = this.deps;
    const pendingFiles = this.current.configured ? files.notUploaded(queue.pendingPayloadsWithFiles()).length : 0;
    const rejected = queue.rejected();
    const waiting = this.deps.applier.waitingAfterPull();
    return {
      ...this.current,
      lastSyncAt: state.get(STATE_KEYS.lastSyncAt),
      pendingChanges: queue.pendingCount(),
      pendingFiles,
      rejected: rejected.length,
      refusals: rejected.map(({ table, rowId, reason, at }) => ({ table, rowId, reason, at })).reverse(),
      waiting: waiting?.count ?? 0,
      waitingRows: waiting?.rows ?? [],
    };
  }

  /** The status even while the app closes the database under a finishing run. */
  safeStatus(): SyncStatus {
    try {
      return this.status();
    } catch {
      return { ...this.current, lastSyncAt: null, pendingChanges: 0, pendingFiles: 0, rejected: 0, refusals: [], waiting: 0, waitingRows: [] };
    }
  }

  /** Records the activity without telling anyone (the caller answers with the status itself). */
  setActivity(next: SyncActivity): void {
    this.current = next;
  }

  /** Records the activity and tells the watching windows. */
  report(next: SyncActivity): void {
    this.current = next;
    this.emit();
  }

  /** Tells the watching windows the status now; for changes made elsewhere (the outbox, the refusals). */
  emit(): void {
    if (!this.deps.notify || this.watchers.size === 0 || this.closed) return;
    try {
      const status = this.status();
      for (const windowId of this.watchers) this.deps.notify(windowId, status);
    } catch (error) {
      this.deps.logger.warn('sync status could not be reported', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  close(): void {
    this.closed = true;
  }
}
