import { and, asc, eq, isNull } from 'drizzle-orm';
import { systemClock, type Clock } from '../common/clock';
import type { AppDatabase } from '../db/open-database';
import type { IntegrityDetails } from '../db/json-schemas';
import { insertSynced } from '../db/outbox';
import type { IntegrityEventKind } from '../db/schema/enums';
import { integrityEvents } from '../db/schema/index';
import { inTransaction, type MaybeTransaction } from './transaction';

export interface NewIntegrityEvent {
  interviewId: string;
  kind: IntegrityEventKind;
  occurredAt: string;
  details: IntegrityDetails | null;
}

export interface IntegrityEventRecord extends NewIntegrityEvent {
  id: string;
  createdAt: string;
}

type EventRow = typeof integrityEvents.$inferSelect;

function toRecord(row: EventRow): IntegrityEventRecord {
  return { id: row.id, interviewId: row.interviewId, kind: row.kind, occurredAt: row.occurredAt, details: row.details, createdAt: row.createdAt };
}

/** What the kiosk noticed during an interview, for the recruiter and for integrity scoring. */
export class IntegrityEventRepository {
  constructor(
    private readonly store: AppDatabase,
    private readonly clock: Clock = systemClock,
  ) {}

  record(event: NewIntegrityEvent, tx?: MaybeTransaction): IntegrityEventRecord {
    return inTransaction(this.store, tx, (t) => toRecord(insertSynced(t, integrityEvents, event, this.clock)));
  }

  listForInterview(interviewId: string): IntegrityEventRecord[] {
    return this.store.db
      .select()
      .from(integrityEvents)
      .where(and(eq(integrityEvents.interviewId, interviewId), isNull(integrityEvents.deletedAt)))
      .orderBy(asc(integrityEvents.occurredAt), asc(integrityEvents.id))
      .all()
      .map(toRecord);
  }
}
