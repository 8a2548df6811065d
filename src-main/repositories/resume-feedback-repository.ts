import { and, asc, desc, eq, inArray, isNull, lte } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { systemClock, type Clock } from '../common/clock';
import { nowIso } from '../db/ids';
import type { AppDatabase } from '../db/open-database';
import type { IdentifiedGaps, RecommendedResources } from '../db/json-schemas';
import { applyOperation, insertSynced } from '../db/outbox';
import type { FeedbackStatus } from '../db/schema/enums';
import { candidates, recruiters, resumeFeedback, resumes } from '../db/schema/index';
import { inTransaction, type MaybeTransaction } from './transaction';

export type FeedbackRecord = typeof resumeFeedback.$inferSelect;

export interface FeedbackWithPeople extends FeedbackRecord {
  /** Whose resume it is. */
  candidateId: string;
  candidateName: string;
  candidateEmail: string;
  approvedByName: string | null;
}

export interface NewFeedback {
  resumeId: string;
  feedbackContent: string;
  identifiedGaps: IdentifiedGaps;
  recommendedResources: RecommendedResources;
  generatedAt: string;
  autoSendAt: string;
}

const approver = alias(recruiters, 'approver');

/**
 * The resume_feedback table. Status only moves forward (draft →
 * pending_approval → approved → sent): every change is a conditional
 * UPDATE on the status it starts from, so a late or second writer changes
 * nothing.
 */
export class ResumeFeedbackRepository {
  constructor(
    private readonly store: AppDatabase,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Pending approval; the existing row when this resume already has feedback (a retried job). */
  createPending(feedback: NewFeedback, tx?: MaybeTransaction): FeedbackRecord {
    return inTransaction(this.store, tx, (t) => {
      const existing = t.select().from(resumeFeedback).where(eq(resumeFeedback.resumeId, feedback.resumeId)).get();
      if (existing) return existing;
      return insertSynced(t, resumeFeedback, { ...feedback, status: 'pending_approval' }, this.clock);
    });
  }

  findById(id: string, tx?: MaybeTransaction): FeedbackRecord | null {
    const db = tx ?? this.store.db;
    return db.select().from(resumeFeedback).where(and(eq(resumeFeedback.id, id), isNull(resumeFeedback.deletedAt))).get() ?? null;
  }

  findByResume(resumeId: string): FeedbackRecord | null {
    return this.store.db.select().from(resumeFeedback).where(and(eq(resumeFeedback.resumeId, resumeId), isNull(resumeFeedback.deletedAt))).get() ?? null;
  }

  findWithPeople(id: string): FeedbackWithPeople | null {
    return this.select([eq(resumeFeedback.id, id)])[0] ?? null;
  }

  /** The approval queue (pending_approval) is ordered soonest auto-send first; the rest newest first. */
  list(status: FeedbackStatus | 'all'): FeedbackWithPeople[] {
    return this.select(status === 'all' ? [] : [eq(resumeFeedback.status, status)], status === 'pending_approval');
  }

  private select(conditions: ReturnType<typeof eq>[], soonestFirst = false): FeedbackWithPeople[] {
    return this.store.db
      .select({ feedback: resumeFeedback, candidateId: resumes.candidateId, candidateName: candidates.fullName, candidateEmail: candidates.email, approvedByName: approver.fullName })
      .from(resumeFeedback)
      .innerJoin(resumes, eq(resumes.id, resumeFeedback.resumeId))
      .innerJoin(candidates, eq(candidates.id, resumes.candidateId))
      .leftJoin(approver, eq(approver.id, resumeFeedback.approvedBy))
      .where(and(isNull(resumeFeedback.deletedAt), ...conditions))
      .orderBy(...(soonestFirst ? [asc(resumeFeedback.autoSendAt), asc(resumeFeedback.id)] : [desc(resumeFeedback.generatedAt), desc(resumeFeedback.id)]))
      .all()
      .map((row) => ({ ...row.feedback, candidateId: row.candidateId, candidateName: row.candidateName, candidateEmail: row.candidateEmail, approvedByName: row.approvedByName }));
  }

  /** Only while not yet approved; null when the status had already moved on. */
  updateContent(id: string, feedbackContent: string, tx?: MaybeTransaction): FeedbackRecord | null {
    return inTransaction(this.store, tx, (t) => {
      const row = this.findById(id, t);
      if (!row || (row.status !== 'draft' && row.status !== 'pending_approval')) return null;
      return applyOperation(t, 'feedback.edit_text', resumeFeedback, id, { feedbackContent }, this.clock) ?? null;
    });
  }

  /** Approves feedback still pending (by a person, or null for the auto-send); null when it was not pending. */
  approve(id: string, approvedBy: string | null, tx?: MaybeTransaction): FeedbackRecord | null {
    return inTransaction(this.store, tx, (t) => {
      const row = this.findById(id, t);
      if (!row || (row.status !== 'draft' && row.status !== 'pending_approval')) return null;
      return applyOperation(t, 'feedback.approve', resumeFeedback, id, { status: 'approved', approvedBy, approvedAt: nowIso(this.clock) }, this.clock) ?? null;
    });
  }

  /** approved → sent, returning the sent feedback; null (nothing written) from any other status. */
  markSent(id: string, tx: MaybeTransaction): FeedbackRecord | null {
    return inTransaction(this.store, tx, (t) => {
      const row = this.findById(id, t);
      if (!row || row.status !== 'approved') return null;
      return applyOperation(t, 'feedback.mark_sent', resumeFeedback, id, { status: 'sent', sentAt: nowIso(this.clock) }, this.clock) ?? null;
    });
  }

  dueForAutoSend(now: string): FeedbackRecord[] {
    return this.store.db
      .select()
      .from(resumeFeedback)
      .where(and(isNull(resumeFeedback.deletedAt), inArray(resumeFeedback.status, ['pending_approval']), lte(resumeFeedback.autoSendAt, now)))
      .orderBy(asc(resumeFeedback.autoSendAt))
      .all();
  }
}
