import { and, asc, desc, eq, lt, lte, sql } from 'drizzle-orm';
import { canonicalPayload, entryHashOf, GENESIS_HASH, type AuditKind, type ChainEntry, type PruneAnchor } from '../audit/chain';
import { systemClock, type Clock } from '../common/clock';
import type { AppDatabase, AppTransaction } from '../db/open-database';
import { insertSynced } from '../db/outbox';
import { auditEntries } from '../db/schema/index';
import { inTransaction, type MaybeTransaction } from './transaction';

export type AuditEntryRecord = typeof auditEntries.$inferSelect;

export interface NewAuditEntry {
  kind: AuditKind;
  interviewId: string | null;
  /** Plain JSON; stored as canonical text, which is what the seal covers. */
  payload: Record<string, unknown>;
}

const chainColumns = {
  deviceId: auditEntries.deviceId,
  sequence: auditEntries.sequence,
  kind: auditEntries.kind,
  interviewId: auditEntries.interviewId,
  payload: auditEntries.payload,
  prevHash: auditEntries.prevHash,
  entryHash: auditEntries.entryHash,
};

/**
 * audit_entries (db/schema/audit-entries.ts): appends this device's sealed
 * entries and reads them back. Appending reads the chain's head and writes
 * the next entry in one transaction, so two writers never take one number.
 */
export class AuditRepository {
  constructor(
    private readonly store: AppDatabase,
    /** This install's id: the chain entries are appended to. */
    private readonly deviceId: string,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Adds the next entry of this device's chain, in the caller's transaction when given (so it commits with what it records). */
  append(entry: NewAuditEntry, tx?: MaybeTransaction): AuditEntryRecord {
    return tx ? this.appendIn(tx, entry) : this.writing((t) => this.appendIn(t, entry));
  }

  /**
   * A transaction of its own that takes the write lock before reading the
   * chain's head, so two app instances on one database append in turn rather
   * than both reading the same head. A caller's transaction should do the same.
   */
  private writing<T>(work: (tx: AppTransaction) => T): T {
    return this.store.db.transaction(work, { behavior: 'immediate' });
  }

  private appendIn(tx: AppTransaction, entry: NewAuditEntry): AuditEntryRecord {
    const head = tx
      .select({ sequence: auditEntries.sequence, entryHash: auditEntries.entryHash })
      .from(auditEntries)
      .where(eq(auditEntries.deviceId, this.deviceId))
      .orderBy(desc(auditEntries.sequence))
      .limit(1)
      .get();
    const link = {
      deviceId: this.deviceId,
      sequence: (head?.sequence ?? 0) + 1,
      kind: entry.kind,
      interviewId: entry.interviewId,
      payload: canonicalPayload(entry.payload),
      prevHash: head?.entryHash ?? GENESIS_HASH,
    };
    return insertSynced(tx, auditEntries, { ...link, entryHash: entryHashOf(link) }, this.clock);
  }

  /** Every entry held here (this device's and those synced from others), by device and sequence: what verification reads. */
  allForVerification(): ChainEntry[] {
    return this.store.db.select(chainColumns).from(auditEntries).orderBy(asc(auditEntries.deviceId), asc(auditEntries.sequence)).all();
  }

  /** One device's chain as held here, by sequence. */
  chainOf(deviceId: string): ChainEntry[] {
    return this.store.db.select(chainColumns).from(auditEntries).where(eq(auditEntries.deviceId, deviceId)).orderBy(asc(auditEntries.sequence)).all();
  }

  /** One interview's entries from every device, oldest first. */
  listForInterview(interviewId: string): AuditEntryRecord[] {
    return this.store.db
      .select()
      .from(auditEntries)
      .where(eq(auditEntries.interviewId, interviewId))
      .orderBy(asc(auditEntries.createdAt), asc(auditEntries.deviceId), asc(auditEntries.sequence))
      .all();
  }

  /**
   * Removes this device's entries written before `cutoff` and appends a
   * retention_prune anchor naming the last one removed and its hash, in one
   * transaction, so verification starts from the anchor and still covers
   * every entry kept. Returns the anchor, or null when nothing was old enough.
   */
  prune(cutoff: string, tx?: MaybeTransaction): PruneAnchor | null {
    const work = (tx: AppTransaction): PruneAnchor | null => {
      const last = tx
        .select({ sequence: auditEntries.sequence, entryHash: auditEntries.entryHash })
        .from(auditEntries)
        .where(and(eq(auditEntries.deviceId, this.deviceId), lt(auditEntries.createdAt, cutoff)))
        .orderBy(desc(auditEntries.sequence))
        .limit(1)
        .get();
      if (!last) return null;
      // Everything up to the newest old entry goes, so the chain kept is contiguous from the anchor.
      const removed = tx
        .delete(auditEntries)
        .where(and(eq(auditEntries.deviceId, this.deviceId), lte(auditEntries.sequence, last.sequence)))
        .run().changes;
      const anchor: PruneAnchor = { throughSequence: last.sequence, throughHash: last.entryHash, removed, cutoff };
      this.appendIn(tx, { kind: 'retention_prune', interviewId: null, payload: { ...anchor } });
      return anchor;
    };
    return tx ? work(tx) : this.writing(work);
  }

  /**
   * Removes copies of other devices' entries that those devices have pruned:
   * their anchors, synced here, say up to which sequence. Verification starts
   * after the newest anchor anyway, so nothing it checks goes; retention then
   * reaches every copy, not only the device that wrote the entries. Returns
   * how many were removed.
   */
  forgetPrunedElsewhere(tx?: MaybeTransaction): number {
    return inTransaction(this.store, tx, (tx) =>
      tx.run(sql`
        DELETE FROM audit_entries AS copy
         WHERE copy.device_id <> ${this.deviceId}
           AND copy.sequence <= (
             SELECT max(json_extract(anchor.payload, '$.throughSequence')) FROM audit_entries AS anchor
              WHERE anchor.device_id = copy.device_id AND anchor.kind = 'retention_prune'
                AND anchor.sequence > json_extract(anchor.payload, '$.throughSequence'))`).changes,
    );
  }
}
