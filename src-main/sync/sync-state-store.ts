import type Database from 'better-sqlite3';
import type { Clock } from '../common/clock';
import { RESTORED_OUTBOX_KEY, SEQ_BASE_KEY } from '../db/backup-files';
import { StatementCache } from '../db/statement-cache';

/**
 * Typed access to the sync_state key/value table. Raw statements on the
 * better-sqlite3 handle so callers can use it inside their own
 * `sqlite.transaction(...)` (the pull applier saves its cursor in the page's
 * transaction).
 */
export const STATE_KEYS = {
  /** { deviceId, base }: outbox id = base + seq for the server's device `deviceId`. */
  seqBase: SEQ_BASE_KEY,
  /** { upTo }: a restore put back a backup whose outbox, up to that id, the hosted database may already hold. */
  restoredOutbox: RESTORED_OUTBOX_KEY,
  pullCursor: 'pull.cursor',
  /** Where an app before SQLite migration 0004 parked rows waiting for a parent; moved to sync_parked on the next page. */
  parked: 'pull.parked',
  /** { count, rows }: rows a pull to the end left parked, their parent never sent (pull-applier.ts noteEndOfPull). */
  waitingAfterPull: 'pull.waiting',
  /** The last mutations the server refused, newest last, for the status line and support. */
  rejected: 'push.rejected',
  lastSyncAt: 'sync.last_success_at',
  uploadedFile: (hash: string) => `file.uploaded:${hash}`,
} as const;

export class SyncStateStore {
  /** Read for every pulled page and every file a status looks at. */
  private readonly statements: StatementCache;

  constructor(
    sqlite: Database.Database,
    private readonly clock: Clock,
  ) {
    this.statements = new StatementCache(sqlite);
  }

  get(key: string): string | null {
    const row = this.statements.get('SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  getJson<T>(key: string): T | null {
    const value = this.get(key);
    return value === null ? null : (JSON.parse(value) as T);
  }

  set(key: string, value: string): void {
    this.statements
      .get('INSERT INTO sync_state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
      .run(key, value, this.clock.now().toISOString());
  }

  setJson(key: string, value: unknown): void {
    this.set(key, JSON.stringify(value));
  }

  delete(key: string): void {
    this.statements.get('DELETE FROM sync_state WHERE key = ?').run(key);
  }
}
