import type Database from 'better-sqlite3';
import type { Clock } from '../common/clock';
import type { RestoredOutbox, SeqBase } from '../db/backup-files';
import type { OperationName } from '../db/named-operations';
import type { SyncedTableName } from '../db/synced-tables';
import type { HelloReply, Mutation, PushReply } from './protocol';
import { STATE_KEYS, type SyncStateStore } from './sync-state-store';

interface OutboxRow {
  id: number;
  table_name: string;
  row_id: string;
  operation: 'upsert' | 'delete';
  operation_name: OperationName | null;
  row_version: number;
  payload: string;
}

export interface RejectedMutation {
  seq: number;
  reason: string;
  table: string;
  rowId: string;
  at: string;
}

/** Enough to explain recent refusals; older ones are in the server's sync.rejections. */
const KEEP_REJECTED = 100;

/**
 * The outbox as the server sees it: a gapless sequence per device. The
 * server knows a device by its role, and the device's first mutation must be
 * seq lastAppliedSeq + 1, so seq = outbox id − base, with the base fixed the
 * first time this database meets that server device (data written before
 * enrolment is still pending and goes first).
 */
export class OutboxQueue {
  constructor(
    private readonly sqlite: Database.Database,
    private readonly state: SyncStateStore,
    private readonly clock: Clock,
  ) {}

  /**
   * Fixes the base for the device the server says we are. A new device id
   * (first sync, or IT enrolled this machine again) starts after whatever the
   * server already applied for it, normally 0, so the oldest pending change
   * becomes seq lastAppliedSeq + 1.
   */
  ensureBase(hello: Pick<HelloReply, 'deviceId' | 'lastAppliedSeq'>): { base: number; isNewDevice: boolean } {
    return this.sqlite.transaction(() => {
      const known = this.state.getJson<SeqBase>(STATE_KEYS.seqBase);
      const restored = this.state.getJson<RestoredOutbox>(STATE_KEYS.restoredOutbox);
      if (restored) this.settleRestored(hello, known, restored);
      else if (known && known.deviceId === hello.deviceId) return { base: known.base, isNewDevice: false };
      return { base: this.newBase(hello), isNewDevice: true };
    })();
  }

  /**
   * The server device this database already pushes as, when nothing waits
   * to be settled against a hello (a restored outbox, ensureBase); else null.
   */
  knownDevice(): string | null {
    if (this.state.getJson<RestoredOutbox>(STATE_KEYS.restoredOutbox)) return null;
    return this.state.getJson<SeqBase>(STATE_KEYS.seqBase)?.deviceId ?? null;
  }

  /**
   * After a restore (backup/restore-backup.ts): the backup's outbox holds
   * changes the database it replaced pushed after the backup was made, which
   * the hosted database would take as new and merge over its newer values
   * ("later arrival wins"). Its sequence is gapless, so everything up to
   * base + lastAppliedSeq is there already: those are marked sent. Then the
   * device starts afresh (a new base after what the server holds, which the
   * new changes written since the restore need, and a full pull, which
   * brings back the newer values). With no base for this server device
   * (re-enrolled, or never synced) there is nothing to tell by: all is sent.
   */
  private settleRestored(hello: Pick<HelloReply, 'deviceId' | 'lastAppliedSeq'>, known: SeqBase | null, restored: RestoredOutbox): void {
    if (known && known.deviceId === hello.deviceId) {
      this.sqlite
        .prepare('UPDATE sync_outbox SET pushed_at = ? WHERE pushed_at IS NULL AND id <= ?')
        .run(this.clock.now().toISOString(), Math.min(restored.upTo, known.base + hello.lastAppliedSeq));
    }
    this.state.delete(STATE_KEYS.restoredOutbox);
  }

  private newBase(hello: Pick<HelloReply, 'deviceId' | 'lastAppliedSeq'>): number {
    const { first, last } = this.sqlite
      .prepare('SELECT (SELECT min(id) FROM sync_outbox WHERE pushed_at IS NULL) AS first, (SELECT max(id) FROM sync_outbox) AS last')
      .get() as { first: number | null; last: number | null };
    const nextId = first ?? (last ?? 0) + 1;
    const base = nextId - 1 - hello.lastAppliedSeq;
    this.state.setJson(STATE_KEYS.seqBase, { deviceId: hello.deviceId, base } satisfies SeqBase);
    return base;
  }

  /** The oldest pending changes, in order, as mutations. */
  pending(base: number, limit: number): Mutation[] {
    const rows = this.sqlite
      .prepare('SELECT id, table_name, row_id, operation, operation_name, row_version, payload FROM sync_outbox WHERE pushed_at IS NULL AND id > ? ORDER BY id LIMIT ?')
      .all(base, limit) as OutboxRow[];
    return rows.map((row) => {
      const common = {
        seq: row.id - base,
        // Only outbox.ts writes the outbox, and only for synced tables and named operations; the server rejects anything else.
        table: row.table_name as SyncedTableName,
        rowId: row.row_id,
        rowVersion: row.row_version,
        row: JSON.parse(row.payload) as Record<string, unknown>,
      };
      return row.operation_name ? { ...common, op: 'operation' as const, operation: row.operation_name } : { ...common, op: row.operation };
    });
  }

  pendingCount(): number {
    return (this.sqlite.prepare('SELECT count(*) AS n FROM sync_outbox WHERE pushed_at IS NULL').get() as { n: number }).n;
  }

  /** Payloads of every pending change that may name a content-store file. */
  pendingPayloadsWithFiles(): Record<string, unknown>[] {
    const rows = this.sqlite.prepare(`SELECT payload FROM sync_outbox WHERE pushed_at IS NULL AND payload LIKE '%"files/%'`).all() as { payload: string }[];
    return rows.map((row) => JSON.parse(row.payload) as Record<string, unknown>);
  }

  /** The id of the newest outbox entry: grows with every local write of a synced table. */
  lastId(): number {
    return (this.sqlite.prepare('SELECT coalesce(max(id), 0) AS id FROM sync_outbox').get() as { id: number }).id;
  }

  /**
   * Everything up to the server's lastAppliedSeq is on the server (applied,
   * skipped as a replay, or rejected and recorded there): never send it again.
   */
  acknowledge(base: number, reply: PushReply, sent: Mutation[]): number {
    const now = this.clock.now().toISOString();
    const marked = this.sqlite
      .prepare('UPDATE sync_outbox SET pushed_at = ? WHERE pushed_at IS NULL AND id <= ?')
      .run(now, base + reply.lastAppliedSeq).changes;
    if (reply.rejected.length > 0) {
      const bySeq = new Map(sent.map((mutation) => [mutation.seq, mutation]));
      const earlier = this.state.getJson<RejectedMutation[]>(STATE_KEYS.rejected) ?? [];
      const added = reply.rejected.map((r) => ({ seq: r.seq, reason: r.reason, table: bySeq.get(r.seq)?.table ?? '', rowId: bySeq.get(r.seq)?.rowId ?? '', at: now }));
      this.state.setJson(STATE_KEYS.rejected, [...earlier, ...added].slice(-KEEP_REJECTED));
    }
    return marked;
  }

  rejected(): RejectedMutation[] {
    return this.state.getJson<RejectedMutation[]>(STATE_KEYS.rejected) ?? [];
  }

  /** Forgets the refusals kept for the status line; the hosted database keeps its own record (sync.rejections). */
  forgetRejected(): void {
    this.state.delete(STATE_KEYS.rejected);
  }
}
