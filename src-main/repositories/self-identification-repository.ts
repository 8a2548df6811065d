import { and, desc, eq, isNull } from 'drizzle-orm';
import type { RaceEthnicityCategory, SexCategory } from '../../shared/domain/self-identification';
import { systemClock, type Clock } from '../common/clock';
import type { AppDatabase } from '../db/open-database';
import { insertSynced } from '../db/outbox';
import { selfIdentifications } from '../db/schema/index';

export type SelfIdentificationRecord = typeof selfIdentifications.$inferSelect;

export interface NewSelfIdentification {
  candidateId: string;
  kioskId: string;
  sex: SexCategory | null;
  raceEthnicity: RaceEthnicityCategory | null;
  answeredAt: string;
}

/**
 * self_identifications: rows are only added; the newest per candidate
 * counts. Read by the candidate (their own answer) and the bias report,
 * nothing else (db/schema/self-identifications.ts says why).
 */
export class SelfIdentificationRepository {
  constructor(
    private readonly store: AppDatabase,
    private readonly clock: Clock = systemClock,
  ) {}

  add(record: NewSelfIdentification): SelfIdentificationRecord {
    return this.store.db.transaction((tx) => insertSynced(tx, selfIdentifications, record, this.clock));
  }

  /** The candidate's newest answer, if they gave one. */
  latestOf(candidateId: string): SelfIdentificationRecord | null {
    return (
      this.store.db
        .select()
        .from(selfIdentifications)
        .where(and(eq(selfIdentifications.candidateId, candidateId), isNull(selfIdentifications.deletedAt)))
        .orderBy(desc(selfIdentifications.answeredAt), desc(selfIdentifications.id))
        .limit(1)
        .get() ?? null
    );
  }

  /** candidate id → their newest answer, for the bias report. */
  latestByCandidate(): Map<string, SelfIdentificationRecord> {
    const rows = this.store.db
      .select()
      .from(selfIdentifications)
      .where(isNull(selfIdentifications.deletedAt))
      .orderBy(desc(selfIdentifications.answeredAt), desc(selfIdentifications.id))
      .all();
    const latest = new Map<string, SelfIdentificationRecord>();
    for (const row of rows) if (!latest.has(row.candidateId)) latest.set(row.candidateId, row);
    return latest;
  }
}
