import { truncateWal } from '../db/wal';
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { erasedKinds, removedCountsSchema, type ErasedKind, type ErasureReceipt, type ErasureRequester, type RemovedCounts } from '../../shared/domain/erasure';
import { systemClock, type Clock } from '../common/clock';
import { nowIso } from '../db/ids';
import type { AppDatabase, AppTransaction } from '../db/open-database';
import { insertSynced } from '../db/outbox';
import { erasureConfirmations, erasureProgress, erasureRequests } from '../db/schema/index';
import { removeCandidate } from './candidate-removal';

export type ErasureRequestRecord = typeof erasureRequests.$inferSelect;

export interface NewErasureRequest {
  candidateId: string;
  requestedBy: ErasureRequester;
  requestedByStaffId: string | null;
  requestedOn: string;
}

export interface CandidateSummary {
  id: string;
  fullName: string;
  email: string;
  interviews: number;
  resumes: number;
}

/** A request this device has started: what it removed, and the files still to delete. */
export interface ErasureStep {
  requestId: string;
  removed: RemovedCounts;
  pendingFiles: string[];
}

/** Erasure requests, this device's progress with each, and the receipts (erasure_requests, erasure_confirmations). */
export class ErasureRepository {
  constructor(
    private readonly store: AppDatabase,
    private readonly clock: Clock = systemClock,
  ) {}

  /** `alongside` writes what the request leads to (a webhook event) in the request's own transaction. */
  addRequest(request: NewErasureRequest, alongside?: (added: ErasureRequestRecord, tx: AppTransaction) => void): ErasureRequestRecord {
    const requestedAt = nowIso(this.clock);
    return this.store.db.transaction((tx) => {
      const added = insertSynced(tx, erasureRequests, { ...request, requestedAt, kinds: erasedKinds.join(',') }, this.clock);
      alongside?.(added, tx);
      return added;
    });
  }

  /** Takes the removed rows' old pages out of the WAL. */
  checkpoint(): void {
    truncateWal(this.store);
  }

  /** Requests this device has not finished (never started, or files still to delete), oldest first. */
  unfinished(): ErasureRequestRecord[] {
    return this.store.db
      .select({ request: erasureRequests })
      .from(erasureRequests)
      .leftJoin(erasureProgress, eq(erasureProgress.requestId, erasureRequests.id))
      .where(and(isNull(erasureRequests.deletedAt), isNull(erasureProgress.finishedAt)))
      .orderBy(asc(erasureRequests.requestedAt))
      .all()
      .map((row) => row.request);
  }

  /**
   * Removes the candidate's rows and records the files left to delete, in
   * one transaction: a crash before the commit leaves everything as it was,
   * one after it leaves the step to finish. A request already started
   * answers its recorded step.
   */
  start(request: ErasureRequestRecord): ErasureStep {
    return this.store.db.transaction(() => {
      const started = this.step(request.id);
      if (started) return started;
      const now = nowIso(this.clock);
      const { removed, files } = removeCandidate(this.store.sqlite, request.candidateId, request.id, now);
      this.store.db
        .insert(erasureProgress)
        .values({ requestId: request.id, removed: JSON.stringify(removed), pendingFiles: JSON.stringify(files), startedAt: now })
        .run();
      return { requestId: request.id, removed, pendingFiles: files };
    });
  }

  /** Files whose delete failed stay listed, to be tried again. */
  keepPendingFiles(requestId: string, files: string[]): void {
    this.store.db.update(erasureProgress).set({ pendingFiles: JSON.stringify(files) }).where(eq(erasureProgress.requestId, requestId)).run();
  }

  /** Every file is gone: the step ends and this device's confirmation joins the receipt, together. */
  finish(step: ErasureStep, deviceId: string): void {
    const now = nowIso(this.clock);
    this.store.db.transaction((tx) => {
      tx.update(erasureProgress).set({ pendingFiles: '[]', finishedAt: now }).where(eq(erasureProgress.requestId, step.requestId)).run();
      const confirmed = tx
        .select({ id: erasureConfirmations.id })
        .from(erasureConfirmations)
        .where(and(eq(erasureConfirmations.requestId, step.requestId), eq(erasureConfirmations.deviceId, deviceId)))
        .get();
      if (!confirmed) {
        insertSynced(tx, erasureConfirmations, { requestId: step.requestId, deviceId, confirmedAt: now, removed: JSON.stringify(step.removed) }, this.clock);
      }
    });
  }

  /** Receipts, newest request first. */
  receipts(limit: number): ErasureReceipt[] {
    const requests = this.store.db.select().from(erasureRequests).where(isNull(erasureRequests.deletedAt)).orderBy(desc(erasureRequests.requestedAt)).limit(limit).all();
    return requests.map((request) => this.receiptOf(request));
  }

  receipt(requestId: string): ErasureReceipt | null {
    const request = this.store.db.select().from(erasureRequests).where(eq(erasureRequests.id, requestId)).get();
    return request ? this.receiptOf(request) : null;
  }

  /** A live candidate this device holds, by id or email, with how much of theirs it holds; null when none. */
  candidate(by: { id: string } | { email: string }): CandidateSummary | null {
    const where = 'id' in by ? 'c.id = ?' : 'c.email = lower(?)';
    const row = this.store.sqlite
      .prepare(
        `SELECT c.id, c.full_name AS fullName, c.email,
                (SELECT count(*) FROM interviews i WHERE i.candidate_id = c.id) AS interviews,
                (SELECT count(*) FROM resumes r WHERE r.candidate_id = c.id) AS resumes
           FROM candidates c WHERE ${where} AND c.deleted_at IS NULL`,
      )
      .get('id' in by ? by.id : by.email) as CandidateSummary | undefined;
    return row ?? null;
  }

  /** The newest request for this candidate, if any: asking twice does not make two. */
  requestFor(candidateId: string): ErasureRequestRecord | null {
    return this.store.db.select().from(erasureRequests).where(eq(erasureRequests.candidateId, candidateId)).orderBy(desc(erasureRequests.requestedAt)).get() ?? null;
  }

  private step(requestId: string): ErasureStep | null {
    const row = this.store.db.select().from(erasureProgress).where(eq(erasureProgress.requestId, requestId)).get();
    if (!row) return null;
    return { requestId, removed: removedCountsSchema.parse(JSON.parse(row.removed)), pendingFiles: JSON.parse(row.pendingFiles) as string[] };
  }

  private receiptOf(request: ErasureRequestRecord): ErasureReceipt {
    const confirmations = this.store.db.select().from(erasureConfirmations).where(eq(erasureConfirmations.requestId, request.id)).orderBy(asc(erasureConfirmations.confirmedAt)).all();
    return {
      requestId: request.id,
      candidateId: request.candidateId,
      requestedBy: request.requestedBy,
      requestedByStaffId: request.requestedByStaffId,
      requestedAt: request.requestedAt,
      requestedOn: request.requestedOn,
      kinds: request.kinds.split(',') as ErasedKind[],
      confirmations: confirmations.map((row) => ({ deviceId: row.deviceId, confirmedAt: row.confirmedAt, removed: removedCountsSchema.parse(JSON.parse(row.removed)) })),
    };
  }
}
