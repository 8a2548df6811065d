import type Database from 'better-sqlite3';
import { systemClock, type Clock } from '../common/clock';
import type { SyncWaitingRowView } from '../../shared/ipc/sync-channels';
import { StatementCache } from '../db/statement-cache';
import type { Logger } from '../logging/logger-types';
import { mergeOperation, mergeRow, sentFeedbackRefusal } from './merge-rule';
import type { PullCursor, PulledChange } from './protocol';
import { tableShape, toLocalValues, type TableShape } from './row-shape';
import { STATE_KEYS, type SyncStateStore } from './sync-state-store';

/** Columns through which a row belongs to a candidate (see namesErasedRow). */
const ERASURE_KEYS = ['id', 'candidate_id', 'interview_id', 'resume_id', 'session_id'] as const;
const RECEIPT_TABLES = new Set(['erasure_requests', 'erasure_confirmations']);

/** PRAGMA synchronous values: 1 is NORMAL, 2 FULL (open-database.ts sets FULL). */
const SYNCHRONOUS_NORMAL = 1;

interface ForeignKey {
  from: string;
  table: string;
  to: string;
}

/** What one page's transaction has done so far. */
interface PageWork {
  anyPending: boolean;
  anyParked: boolean;
  anyErased: boolean;
  applied: number;
  skipped: number;
}

interface Prepared {
  shape: TableShape;
  values: Record<string, unknown>;
}

/** How many rows still waiting after a whole pull are listed by name (all are counted). */
const LIST_WAITING = 50;

/** What the last pull to the end left parked: rows whose parent the server did not send. */
export interface WaitingAfterPull {
  count: number;
  rows: SyncWaitingRowView[];
}

export interface PageResult {
  applied: number;
  /** Rows waiting for a parent that has not arrived yet, after this page (in sync_parked). */
  parked: number;
  skipped: number;
}

/**
 * Writes pulled rows into the device's database. Not through outbox.ts:
 * these changes came from the server and must not be pushed back. A page is
 * one transaction together with its cursor, so a crash re-pulls the page
 * rather than losing or half-applying it.
 */
export class PullApplier {
  private readonly foreignKeys = new Map<string, ForeignKey[]>();
  /** A first pull applies tens of thousands of rows through a handful of statements. */
  private readonly statements: StatementCache;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly state: SyncStateStore,
    private readonly logger: Logger,
    private readonly clock: Clock = systemClock,
  ) {
    this.statements = new StatementCache(sqlite);
  }

  cursor(): PullCursor | null {
    return this.state.getJson<PullCursor>(STATE_KEYS.pullCursor);
  }

  /** Another device identity may see different rows: everything is pulled again, nothing waits. */
  resetCursor(): void {
    this.state.delete(STATE_KEYS.pullCursor);
    this.state.delete(STATE_KEYS.waitingAfterPull);
    this.statements.get('DELETE FROM sync_parked').run();
  }

  /**
   * Called when a pull has reached the end of the server's changes. A row
   * parked during a pull normally waits for a parent in a later page; one
   * still parked now waits for a parent the server has not sent at all (it
   * was refused there, or this device may not see it), and nothing will
   * place it by itself. Remembered for the status line, with when each row
   * was first seen waiting, so staff and IT see it rather than data
   * silently missing.
   */
  noteEndOfPull(): WaitingAfterPull {
    const count = (this.statements.get('SELECT count(*) AS n FROM sync_parked').get() as { n: number }).n;
    if (count === 0) {
      this.state.delete(STATE_KEYS.waitingAfterPull);
      return { count: 0, rows: [] };
    }
    const before = new Map((this.waitingAfterPull()?.rows ?? []).map((row) => [`${row.table}:${row.rowId}`, row.since]));
    const now = this.clock.now().toISOString();
    const parked = this.statements
      .get('SELECT table_name, row_id, parent_table, parent_id FROM sync_parked ORDER BY table_name, row_id LIMIT ?')
      .all(LIST_WAITING) as { table_name: string; row_id: string; parent_table: string; parent_id: string }[];
    const waiting: WaitingAfterPull = {
      count,
      rows: parked.map((row) => ({
        table: row.table_name,
        rowId: row.row_id,
        parentTable: row.parent_table,
        parentId: String(row.parent_id),
        since: before.get(`${row.table_name}:${row.row_id}`) ?? now,
      })),
    };
    this.state.setJson(STATE_KEYS.waitingAfterPull, waiting);
    this.logger.warn('pulled rows still wait for parent rows the hosted database has not sent', { count });
    return waiting;
  }

  /** What the last pull to the end left waiting; null when nothing did. */
  waitingAfterPull(): WaitingAfterPull | null {
    return this.state.getJson<WaitingAfterPull>(STATE_KEYS.waitingAfterPull);
  }

  applyPage(changes: PulledChange[], cursor: PullCursor | null): PageResult {
    // A pulled page need not survive a power cut: its cursor commits with it, so a page lost
    // that way is simply pulled again. Skipping the WAL fsync per page (synchronous NORMAL keeps
    // the file consistent) is a third of a first pull's local time. Local writes keep FULL.
    const synchronous = this.sqlite.pragma('synchronous', { simple: true }) as number;
    if (synchronous > SYNCHRONOUS_NORMAL) this.sqlite.pragma(`synchronous = ${SYNCHRONOUS_NORMAL}`);
    try {
      return this.applyInTransaction(changes, cursor);
    } finally {
      if (synchronous > SYNCHRONOUS_NORMAL) this.sqlite.pragma(`synchronous = ${synchronous}`);
    }
  }

  private applyInTransaction(changes: PulledChange[], cursor: PullCursor | null): PageResult {
    return this.sqlite.transaction(() => {
      // Resets itself at COMMIT; lets a cycle or a self-reference inside one page resolve at the end.
      this.sqlite.pragma('defer_foreign_keys = ON');
      // Most pages meet no unpushed local change and no parked row (always so early in a first pull):
      // then the per-row lookups for them are skipped.
      const page: PageWork = {
        anyPending: this.statements.get('SELECT 1 FROM sync_outbox WHERE pushed_at IS NULL LIMIT 1').get() !== undefined,
        anyParked: this.statements.get('SELECT 1 FROM sync_parked LIMIT 1').get() !== undefined,
        anyErased: this.statements.get('SELECT 1 FROM erased_rows LIMIT 1').get() !== undefined,
        applied: 0,
        skipped: 0,
      };
      // Rows parked by an app from before sync_parked existed.
      const legacy = this.state.getJson<PulledChange[]>(STATE_KEYS.parked) ?? [];
      if (legacy.length > 0) this.state.delete(STATE_KEYS.parked);
      for (const change of [...legacy, ...changes]) this.applyOrPark(change, page);
      if (cursor) this.state.setJson(STATE_KEYS.pullCursor, cursor);
      const parked = page.anyParked ? (this.statements.get('SELECT count(*) AS n FROM sync_parked').get() as { n: number }).n : 0;
      if (parked > 0) this.logger.info('pulled rows wait for their parent rows', { count: parked });
      return { applied: page.applied, parked, skipped: page.skipped };
    })();
  }

  /**
   * Writes the row, or parks it when a parent row is missing (pull sends each row once, at its
   * latest change, so a parent changed after its children comes later). A row written releases
   * the rows parked for it, and theirs in turn.
   */
  private applyOrPark(change: PulledChange, page: PageWork): void {
    const released: PulledChange[] = [change];
    for (let next = released.pop(); next; next = released.pop()) {
      const shape = tableShape(next.table);
      if (!shape) {
        page.skipped++;
        this.logger.warn('pulled a row of a table this app does not sync; skipped', { table: next.table });
        continue;
      }
      if (page.anyErased && this.namesErasedRow(shape.name, next.row)) {
        // Content of a candidate erased here never comes back (the hosted database refuses it too).
        page.skipped++;
        continue;
      }
      const item: Prepared = { shape, values: toLocalValues(shape, page.anyPending ? this.withPendingLocalChange(shape, next.row) : next.row) };
      const missing = this.missingParent(item);
      if (missing) {
        // Replaces an older version of the same row parked before.
        this.statements.get('INSERT OR REPLACE INTO sync_parked (table_name, row_id, parent_table, parent_id, change) VALUES (?, ?, ?, ?, ?)').run(
          shape.name,
          item.values.id,
          missing.table,
          missing.id,
          JSON.stringify(next),
        );
        page.anyParked = true;
        continue;
      }
      this.upsert(item);
      page.applied++;
      if (!page.anyParked) continue;
      // An older version of this row parked earlier must never land on top of this one.
      this.statements.get('DELETE FROM sync_parked WHERE table_name = ? AND row_id = ?').run(shape.name, item.values.id);
      const children = this.statements.get('DELETE FROM sync_parked WHERE parent_table = ? AND parent_id = ? RETURNING change').all(shape.name, item.values.id) as { change: string }[];
      for (const child of children) released.push(JSON.parse(child.change) as PulledChange);
    }
  }

  /**
   * A row this device changed and has not pushed yet: show the server's row
   * with every pending local change on top, in order, as the server will
   * apply them when the push lands (a whole row by the merge rule, a named
   * operation field by field), rather than flickering back to the server's
   * older view or hiding a column another device changed meanwhile.
   */
  private withPendingLocalChange(shape: TableShape, serverRow: Record<string, unknown>): Record<string, unknown> {
    const pending = this.statements
      .get('SELECT operation_name, row_version, payload FROM sync_outbox WHERE table_name = ? AND row_id = ? AND pushed_at IS NULL ORDER BY id')
      .all(shape.name, serverRow.id) as { operation_name: string | null; row_version: number; payload: string }[];
    let shown = serverRow;
    for (const change of pending) {
      const payload = JSON.parse(change.payload) as Record<string, unknown>;
      if (change.operation_name === null) {
        const merged = mergeRow(shape.name, shown, payload);
        // Refused on the server too (sync.check_sent_feedback): it changes nothing there.
        if (sentFeedbackRefusal(shape.name, shown, merged) === null) shown = merged;
        continue;
      }
      const outcome = mergeOperation(shape.name, change.operation_name, shown, payload, change.row_version);
      // A refused operation changes nothing on the server either; the refusal is reported when it is pushed.
      if (outcome.ok) shown = outcome.row;
    }
    return shown;
  }

  /**
   * The row is, or names as its candidate, interview, resume or session, a
   * row an erasure removed here (erased_rows). The receipt's own tables name
   * the candidate by design.
   */
  private namesErasedRow(table: string, row: Record<string, unknown>): boolean {
    if (RECEIPT_TABLES.has(table)) return false;
    const named = ERASURE_KEYS.map((key) => row[key]).filter((value) => typeof value === 'string');
    return named.some((id) => this.statements.get('SELECT 1 FROM erased_rows WHERE row_id = ?').get(id) !== undefined);
  }

  /** The first parent row this row names that this device does not hold, if any. */
  private missingParent(item: Prepared): { table: string; id: unknown } | null {
    for (const key of this.foreignKeysOf(item.shape.name)) {
      const value = item.values[key.from];
      if (value === null || value === undefined) continue;
      if (key.table === item.shape.name && value === item.values.id) continue;
      const found = this.statements.get(`SELECT 1 FROM "${key.table}" WHERE "${key.to}" = ?`).get(value);
      if (!found) return { table: key.table, id: value };
    }
    return null;
  }

  private upsert(item: Prepared): void {
    const columns = Object.keys(item.values);
    // Keyed by table and columns: the SQL is built once, not for every row.
    this.statements.get(`upsert ${item.shape.name}(${columns.join(',')})`, () => upsertSql(item.shape.name, columns)).run(Object.values(item.values));
  }

  private foreignKeysOf(table: string): ForeignKey[] {
    let keys = this.foreignKeys.get(table);
    if (!keys) {
      keys = (this.sqlite.pragma(`foreign_key_list("${table}")`) as ForeignKey[]).map(({ from, table: parent, to }) => ({ from, table: parent, to: to ?? 'id' }));
      this.foreignKeys.set(table, keys);
    }
    return keys;
  }
}

function upsertSql(table: string, columns: string[]): string {
  const quoted = columns.map((c) => `"${c}"`).join(', ');
  const updates = columns
    .filter((c) => c !== 'id')
    .map((c) =>
      // A laptop's placeholder never replaces a real hash this device already holds (merge rule 3).
      table === 'candidates' && c === 'password_hash'
        ? `"password_hash" = CASE WHEN excluded."password_hash" LIKE '!%' AND "password_hash" NOT LIKE '!%' THEN "password_hash" ELSE excluded."password_hash" END`
        : `"${c}" = excluded."${c}"`,
    )
    .join(', ');
  // Never INSERT OR REPLACE: it deletes the old row first, and ON DELETE CASCADE would take its children with it.
  return `INSERT INTO "${table}" (${quoted}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT("id") DO UPDATE SET ${updates}`;
}
