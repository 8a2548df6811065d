import { and, desc, eq, isNull } from 'drizzle-orm';
import { systemClock, type Clock } from '../common/clock';
import { nowIso } from '../db/ids';
import type { AppDatabase } from '../db/open-database';
import type { ParsedData } from '../db/json-schemas';
import { insertSynced, updateSynced } from '../db/outbox';
import type { ParsingStatus } from '../db/schema/enums';
import { candidates, resumes } from '../db/schema/index';
import { inTransaction, type MaybeTransaction } from './transaction';

export type ResumeRecord = typeof resumes.$inferSelect;

/** The columns findOwned reads: what an interview needs of the resume it starts from. */
export type ResumeSummaryRecord = Pick<ResumeRecord, 'id' | 'candidateId' | 'parsingStatus' | 'parsedData'>;

export interface ResumeWithCandidate extends ResumeRecord {
  candidateName: string;
  candidateEmail: string;
}

export interface NewResume {
  id?: string;
  candidateId: string;
  fileUrl: string;
  fileName: string;
  fileSize: number;
}

const withCandidate = {
  resume: resumes,
  candidateName: candidates.fullName,
  candidateEmail: candidates.email,
};

/** The resumes table: uploads, their parsing status and what the parser read. */
export class ResumeRepository {
  constructor(
    private readonly store: AppDatabase,
    private readonly clock: Clock = systemClock,
  ) {}

  /** The resume only if it belongs to this candidate. */
  findOwned(id: string, candidateId: string): ResumeSummaryRecord | null {
    const row = this.store.db
      .select({ id: resumes.id, candidateId: resumes.candidateId, parsingStatus: resumes.parsingStatus, parsedData: resumes.parsedData })
      .from(resumes)
      .where(and(eq(resumes.id, id), eq(resumes.candidateId, candidateId), isNull(resumes.deletedAt)))
      .get();
    return row ?? null;
  }

  create(resume: NewResume, tx?: MaybeTransaction): ResumeRecord {
    return inTransaction(this.store, tx, (t) =>
      insertSynced(t, resumes, { ...resume, parsingStatus: 'pending', uploadedAt: nowIso(this.clock) }, this.clock),
    );
  }

  findById(id: string): ResumeWithCandidate | null {
    const row = this.store.db
      .select(withCandidate)
      .from(resumes)
      .innerJoin(candidates, eq(candidates.id, resumes.candidateId))
      .where(and(eq(resumes.id, id), isNull(resumes.deletedAt)))
      .get();
    return row ? { ...row.resume, candidateName: row.candidateName, candidateEmail: row.candidateEmail } : null;
  }

  listByCandidate(candidateId: string): ResumeRecord[] {
    return this.store.db
      .select()
      .from(resumes)
      .where(and(eq(resumes.candidateId, candidateId), isNull(resumes.deletedAt)))
      .orderBy(desc(resumes.uploadedAt), desc(resumes.id))
      .all();
  }

  listForReview(status: ParsingStatus | 'all'): ResumeWithCandidate[] {
    return this.store.db
      .select(withCandidate)
      .from(resumes)
      .innerJoin(candidates, eq(candidates.id, resumes.candidateId))
      .where(status === 'all' ? isNull(resumes.deletedAt) : and(isNull(resumes.deletedAt), eq(resumes.parsingStatus, status)))
      .orderBy(desc(resumes.uploadedAt), desc(resumes.id))
      .all()
      .map((row) => ({ ...row.resume, candidateName: row.candidateName, candidateEmail: row.candidateEmail }));
  }

  markProcessing(id: string, tx?: MaybeTransaction): void {
    inTransaction(this.store, tx, (t) => updateSynced(t, resumes, id, { parsingStatus: 'processing', failureReason: null }, this.clock));
  }

  markFailed(id: string, reason: string, tx?: MaybeTransaction): void {
    inTransaction(this.store, tx, (t) => updateSynced(t, resumes, id, { parsingStatus: 'failed', failureReason: reason.slice(0, 2000) }, this.clock));
  }

  /** The resume as parsed; null when it is gone. */
  markCompleted(id: string, parsedData: ParsedData, tx?: MaybeTransaction): ResumeRecord | null {
    return inTransaction(
      this.store,
      tx,
      (t) => updateSynced(t, resumes, id, { parsingStatus: 'completed', parsedData, parsedAt: nowIso(this.clock), failureReason: null }, this.clock) ?? null,
    );
  }
}
