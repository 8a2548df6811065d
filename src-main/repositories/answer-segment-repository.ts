import { and, asc, eq, inArray } from 'drizzle-orm';
import { systemClock, type Clock } from '../common/clock';
import { newId, nowIso } from '../db/ids';
import type { AppDatabase } from '../db/open-database';
import { answerSegments } from '../db/schema/index';

export type KeptSegmentRecord = typeof answerSegments.$inferSelect;
export type NewKeptSegment = Omit<KeptSegmentRecord, 'id' | 'createdAt'>;

/** answer_segments: the parts of an answer still being given, kept so a restart can carry the answer on. */
export class AnswerSegmentRepository {
  constructor(
    private readonly store: AppDatabase,
    private readonly clock: Clock = systemClock,
  ) {}

  /** The segment's row; a resend of the same index replaces the first copy's. */
  record(segment: NewKeptSegment): void {
    const { startedAfterQuestionMs, endedAfterQuestionMs, contentHash, relativePath } = segment;
    this.store.db
      .insert(answerSegments)
      .values({ id: newId(), ...segment, createdAt: nowIso(this.clock) })
      .onConflictDoUpdate({
        target: [answerSegments.interviewId, answerSegments.questionMessageId, answerSegments.segmentIndex],
        set: { startedAfterQuestionMs, endedAfterQuestionMs, contentHash, relativePath },
      })
      .run();
  }

  /** Every kept segment of the interview, by question and index. */
  listForInterview(interviewId: string): KeptSegmentRecord[] {
    return this.store.db
      .select()
      .from(answerSegments)
      .where(eq(answerSegments.interviewId, interviewId))
      .orderBy(asc(answerSegments.questionMessageId), asc(answerSegments.segmentIndex))
      .all();
  }

  /** The interview's kept segments, of one question or all; how many went. */
  remove(interviewId: string, questionMessageId?: string): number {
    const where =
      questionMessageId === undefined
        ? eq(answerSegments.interviewId, interviewId)
        : and(eq(answerSegments.interviewId, interviewId), eq(answerSegments.questionMessageId, questionMessageId));
    return this.store.db.delete(answerSegments).where(where).run().changes;
  }

  removeIds(ids: readonly string[]): number {
    if (ids.length === 0) return 0;
    return this.store.db.delete(answerSegments).where(inArray(answerSegments.id, [...ids])).run().changes;
  }
}
