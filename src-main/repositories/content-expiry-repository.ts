import { truncateWal } from '../db/wal';
import { eq } from 'drizzle-orm';
import type { DataKind } from '../../shared/domain/erasure';
import { systemClock, type Clock } from '../common/clock';
import { nowIso } from '../db/ids';
import type { AppDatabase, AppTransaction } from '../db/open-database';
import { erasureProgress } from '../db/schema/index';
import { expireContent } from './content-expiry';

/**
 * Retention's files still to delete live in erasure_progress under this id
 * (the table is the device's record of removals in progress; an erasure's
 * rows are keyed by request id, a UUID, so the two never meet).
 */
const RETENTION_ROW = 'retention';

/** Retention's removals (content-expiry.ts), one transaction for every kind due, and the files left to delete. */
export class ContentExpiryRepository {
  constructor(
    private readonly store: AppDatabase,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * Empties each kind older than its cutoff, and adds the files no row names
   * any more to the files to delete, in the same commit: a crash after it
   * still deletes them at the next run.
   */
  expire(cutoffs: { kind: DataKind; cutoff: string }[]): Partial<Record<DataKind, number>> {
    return this.store.db.transaction((tx) => {
      const removed: Partial<Record<DataKind, number>> = {};
      const files: string[] = [];
      for (const { kind, cutoff } of cutoffs) {
        const expiry = expireContent(this.store.sqlite, kind, cutoff);
        removed[kind] = expiry.removed;
        files.push(...expiry.files);
      }
      if (files.length > 0) this.write(tx, [...new Set([...this.pendingFiles(tx), ...files])]);
      return removed;
    });
  }

  pendingFiles(tx?: AppTransaction): string[] {
    const row = (tx ?? this.store.db).select().from(erasureProgress).where(eq(erasureProgress.requestId, RETENTION_ROW)).get();
    return row ? (JSON.parse(row.pendingFiles) as string[]) : [];
  }

  /** Takes the emptied pages' old copies out of the WAL, as after an erasure. */
  checkpoint(): void {
    truncateWal(this.store);
  }

  /** The files whose delete failed, for the next run (none: the list is emptied). */
  keepPendingFiles(files: string[]): void {
    this.store.db.transaction((tx) => this.write(tx, files));
  }

  private write(tx: AppTransaction, files: string[]): void {
    const pendingFiles = JSON.stringify(files);
    tx.insert(erasureProgress)
      .values({ requestId: RETENTION_ROW, removed: '{}', pendingFiles, startedAt: nowIso(this.clock) })
      .onConflictDoUpdate({ target: erasureProgress.requestId, set: { pendingFiles } })
      .run();
  }
}
