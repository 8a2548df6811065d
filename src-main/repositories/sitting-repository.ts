import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { RoleType } from '../../shared/domain/interview';
import type { SittingNote } from '../../shared/domain/proctoring';
import { systemClock, type Clock } from '../common/clock';
import type { AppDatabase } from '../db/open-database';
import { applyOperation, insertSynced, type SyncedChanges } from '../db/outbox';
import { candidates, proctorSittings, recruiters } from '../db/schema/index';

export type SittingRecord = typeof proctorSittings.$inferSelect;

/** A sitting with the names the proctor and the recruiter see beside it. */
export interface SittingWithPeople extends SittingRecord {
  candidateName: string;
  candidateEmail: string;
  openedByName: string;
}

export interface NewSitting {
  kioskId: string;
  candidateId: string;
  openedBy: string;
  roleType: RoleType;
  identityCheck: string;
  identityConfirmedAt: string;
  /** What the proctor granted (shared/domain/proctoring.ts accommodationKinds). */
  accommodations: string[];
  openedAt: string;
}

export type SittingChanges = Pick<
  SyncedChanges<typeof proctorSittings>,
  'status' | 'pausedAt' | 'pausedMs' | 'lockReason' | 'interviewId' | 'endedAt' | 'endedBy' | 'endReason'
>;

/** proctor_sittings: one row per sitting, changed as it is paused, noted and ended. */
export class SittingRepository {
  constructor(
    private readonly store: AppDatabase,
    private readonly clock: Clock = systemClock,
  ) {}

  open(sitting: NewSitting): SittingRecord {
    return this.store.db.transaction((tx) => insertSynced(tx, proctorSittings, { ...sitting, status: 'open', notes: [] }, this.clock));
  }

  /** Undefined when no live sitting has this id. Only the columns of the operation 'sitting.update' (named-operations.ts). */
  update(id: string, changes: SittingChanges): SittingRecord | undefined {
    return this.store.db.transaction((tx) => applyOperation(tx, 'sitting.update', proctorSittings, id, changes, this.clock));
  }

  /** Adds a note to the newest copy of the row, in the same transaction as the read, so two notes never overwrite each other. */
  addNote(id: string, note: SittingNote): SittingRecord | undefined {
    return this.store.db.transaction((tx) => {
      const current = tx.select({ notes: proctorSittings.notes }).from(proctorSittings).where(eq(proctorSittings.id, id)).get();
      if (!current) return undefined;
      return applyOperation(tx, 'sitting.add_note', proctorSittings, id, { notes: [...current.notes, note] }, this.clock);
    });
  }

  /** The sitting this kiosk holds (open or paused), newest first if a fault ever left two. */
  currentAt(kioskId: string): SittingWithPeople | null {
    return this.withPeople(and(eq(proctorSittings.kioskId, kioskId), inArray(proctorSittings.status, ['open', 'paused']), isNull(proctorSittings.deletedAt)));
  }

  byId(id: string): SittingWithPeople | null {
    return this.withPeople(and(eq(proctorSittings.id, id), isNull(proctorSittings.deletedAt)));
  }

  /** The sitting an interview was taken in, if it was proctored. */
  byInterview(interviewId: string): SittingWithPeople | null {
    return this.withPeople(and(eq(proctorSittings.interviewId, interviewId), isNull(proctorSittings.deletedAt)));
  }

  /** Every sitting an interview was taken in, oldest first: one ended by the proctor can be followed by another. */
  allByInterview(interviewId: string): SittingWithPeople[] {
    return this.selectWithPeople(and(eq(proctorSittings.interviewId, interviewId), isNull(proctorSittings.deletedAt)))
      .orderBy(asc(proctorSittings.openedAt), asc(proctorSittings.id))
      .all()
      .map(withPeopleOf);
  }

  private withPeople(where: ReturnType<typeof and>): SittingWithPeople | null {
    const row = this.selectWithPeople(where).orderBy(desc(proctorSittings.openedAt), desc(proctorSittings.id)).get();
    return row ? withPeopleOf(row) : null;
  }

  private selectWithPeople(where: ReturnType<typeof and>) {
    return this.store.db
      .select({ sitting: proctorSittings, candidateName: candidates.fullName, candidateEmail: candidates.email, openedByName: recruiters.fullName })
      .from(proctorSittings)
      .innerJoin(candidates, eq(candidates.id, proctorSittings.candidateId))
      .innerJoin(recruiters, eq(recruiters.id, proctorSittings.openedBy))
      .where(where)
      .$dynamic();
  }
}

function withPeopleOf(row: { sitting: SittingRecord; candidateName: string; candidateEmail: string; openedByName: string }): SittingWithPeople {
  return { ...row.sitting, candidateName: row.candidateName, candidateEmail: row.candidateEmail, openedByName: row.openedByName };
}
