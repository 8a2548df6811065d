import { and, asc, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import { systemClock, type Clock } from '../common/clock';
import type { AppDatabase } from '../db/open-database';
import { insertSynced } from '../db/outbox';
import { recordColumns, type RecordOf } from '../db/record-columns';
import { integrityEvents } from '../db/schema/index';
import { inTransaction, type MaybeTransaction } from './transaction';

const eventRecord = recordColumns(integrityEvents, ['updatedAt', 'rowVersion', 'deletedAt']);
export type IntegrityEventRecord = RecordOf<typeof eventRecord>;

export type NewIntegrityEvent = Omit<IntegrityEventRecord, 'id' | 'createdAt'>;

/** What the kiosk noticed during an interview, for the recruiter and for integrity scoring. */
export class IntegrityEventRepository {
  constructor(
    private readonly store: AppDatabase,
    private readonly clock: Clock = systemClock,
  ) {}

  record(event: NewIntegrityEvent, tx?: MaybeTransaction): IntegrityEventRecord {
    return inTransaction(this.store, tx, (t) => eventRecord.from(insertSynced(t, integrityEvents, event, this.clock)));
  }

  listForInterview(interviewId: string): IntegrityEventRecord[] {
    return this.store.db
      .select(eventRecord.columns)
      .from(integrityEvents)
      .where(and(eq(integrityEvents.interviewId, interviewId), isNull(integrityEvents.deletedAt)))
      .orderBy(asc(integrityEvents.occurredAt), asc(integrityEvents.id))
      .all();
  }

  /** The interview's newest `limit` events, newest first, and how many it has in all. */
  newestForInterview(interviewId: string, limit: number): { events: IntegrityEventRecord[]; total: number } {
    const live = and(eq(integrityEvents.interviewId, interviewId), isNull(integrityEvents.deletedAt));
    const events = this.store.db
      .select(eventRecord.columns)
      .from(integrityEvents)
      .where(live)
      .orderBy(desc(integrityEvents.occurredAt), desc(integrityEvents.id))
      .limit(limit)
      .all();
    const total = this.store.db.select({ total: count() }).from(integrityEvents).where(live).get()?.total ?? 0;
    return { events, total };
  }

  /** The interview's newest event of one of these kinds, or null. */
  newestOfKinds(interviewId: string, kinds: readonly IntegrityEventRecord['kind'][]): IntegrityEventRecord | null {
    return (
      this.store.db
        .select(eventRecord.columns)
        .from(integrityEvents)
        .where(and(eq(integrityEvents.interviewId, interviewId), inArray(integrityEvents.kind, [...kinds]), isNull(integrityEvents.deletedAt)))
        .orderBy(desc(integrityEvents.occurredAt), desc(integrityEvents.id))
        .limit(1)
        .get() ?? null
    );
  }
}
