import { and, desc, eq, gt, inArray, isNull, notExists } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { ConsentChoice, NoticeLanguage } from '../../shared/domain/consent';
import { systemClock, type Clock } from '../common/clock';
import type { AppDatabase } from '../db/open-database';
import { insertSynced } from '../db/outbox';
import { candidates, consentRecords } from '../db/schema/index';

export type ConsentRecord = typeof consentRecords.$inferSelect;

export interface NewConsentRecord {
  candidateId: string;
  kioskId: string;
  sittingId: string | null;
  noticeVersion: string;
  noticeLanguage: NoticeLanguage;
  noticeSha256: string;
  choice: ConsentChoice;
  answeredAt: string;
}

/** A decline or an accommodation request, with who asked, for staff to follow up. */
export interface ConsentFollowUp extends ConsentRecord {
  candidateName: string;
  candidateEmail: string;
}

/** consent_records: rows are only added (consent-records.ts in db/schema says why). */
export class ConsentRepository {
  constructor(
    private readonly store: AppDatabase,
    private readonly clock: Clock = systemClock,
  ) {}

  add(record: NewConsentRecord): ConsentRecord {
    return this.store.db.transaction((tx) => insertSynced(tx, consentRecords, record, this.clock));
  }

  /** The candidate's newest answer to this exact notice (version and the hash of its text), if any. */
  latestTo(candidateId: string, notice: { version: string; sha256: string }): ConsentRecord | null {
    return (
      this.store.db
        .select()
        .from(consentRecords)
        .where(
          and(
            eq(consentRecords.candidateId, candidateId),
            eq(consentRecords.noticeVersion, notice.version),
            eq(consentRecords.noticeSha256, notice.sha256),
            isNull(consentRecords.deletedAt),
          ),
        )
        .orderBy(desc(consentRecords.answeredAt), desc(consentRecords.id))
        .get() ?? null
    );
  }

  /**
   * Declines and accommodation requests not followed by the candidate's
   * consent, newest first: what staff still have to act on. Rows from every
   * kiosk (a laptop receives all of them by sync).
   */
  openFollowUps(limit: number): ConsentFollowUp[] {
    const later = alias(consentRecords, 'later');
    return this.store.db
      .select({ record: consentRecords, candidateName: candidates.fullName, candidateEmail: candidates.email })
      .from(consentRecords)
      .innerJoin(candidates, eq(candidates.id, consentRecords.candidateId))
      .where(
        and(
          inArray(consentRecords.choice, ['decline', 'accommodation']),
          isNull(consentRecords.deletedAt),
          notExists(
            this.store.db
              .select({ id: later.id })
              .from(later)
              .where(and(eq(later.candidateId, consentRecords.candidateId), eq(later.choice, 'consent'), gt(later.answeredAt, consentRecords.answeredAt), isNull(later.deletedAt))),
          ),
        ),
      )
      .orderBy(desc(consentRecords.answeredAt), desc(consentRecords.id))
      .limit(limit)
      .all()
      .map((row) => ({ ...row.record, candidateName: row.candidateName, candidateEmail: row.candidateEmail }));
  }
}
