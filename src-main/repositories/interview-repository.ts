import { and, asc, desc, eq, gte, inArray, isNull, max } from 'drizzle-orm';
import type { InterviewPhase, InterviewStatus, RoleType } from '../../shared/domain/interview';
import { systemClock, type Clock } from '../common/clock';
import type { AudioMetadata, ConversationMemory, MessageMetadata, ProgressionState, SkillBoundariesIdentified } from '../db/json-schemas';
import type { AppDatabase, AppTransaction } from '../db/open-database';
import { insertSynced, updateSynced } from '../db/outbox';
import { recordColumns, type RecordOf } from '../db/record-columns';
import type { MessageType } from '../db/schema/enums';
import { interviewMessages, interviews, interviewSessions } from '../db/schema/index';
import { StoredFileRepository, type NewStoredFile } from './stored-file-repository';
import { inTransaction, type MaybeTransaction } from './transaction';

/*
 * The sync bookkeeping (version, tombstone, update time) stays in here:
 * finds never return tombstones, and callers never write it. The interview
 * record also leaves out the AI cost totals, which ai-usage-repository.ts keeps.
 */
const interviewRecord = recordColumns(interviews, ['updatedAt', 'rowVersion', 'deletedAt', 'aiModelUsed', 'costUsd', 'unpricedCalls']);
export type InterviewRecord = RecordOf<typeof interviewRecord>;

const sessionRecord = recordColumns(interviewSessions, ['createdAt', 'updatedAt', 'rowVersion', 'deletedAt']);
export type SessionRecord = RecordOf<typeof sessionRecord>;

const messageRecord = recordColumns(interviewMessages, ['updatedAt', 'rowVersion', 'deletedAt']);
export type MessageRecord = RecordOf<typeof messageRecord>;

/** The session columns a turn changes; absent ones are left as they are. */
export interface SessionChanges {
  conversationMemory?: ConversationMemory;
  currentDifficultyLevel?: InterviewPhase;
  questionsAskedCount?: number;
  skillBoundariesIdentified?: SkillBoundariesIdentified;
  progressionState?: ProgressionState;
  lastActivityAt?: string;
}

export interface NewInterview {
  candidateId: string;
  resumeId: string | null;
  roleType: RoleType;
  startedAt: string;
  session: Required<Omit<SessionChanges, 'questionsAskedCount'>>;
}

export interface NewMessage {
  /** Known before the insert when audio is already streaming under it. */
  id?: string;
  messageType: MessageType;
  contentText: string;
  contentAudioUrl?: string | null;
  audioDurationSeconds?: number | null;
  audioMetadata?: AudioMetadata | null;
  responseTimeSeconds?: number | null;
  metadata?: MessageMetadata | null;
}

export interface MessageAudio {
  contentAudioUrl: string;
  audioDurationSeconds: number | null;
  audioMetadata: AudioMetadata;
}

const unfinished: InterviewStatus[] = ['scheduled', 'in_progress'];

/**
 * Interviews with their one session and their messages. Every write that
 * belongs to one step of a turn (a message, the file it names, the session
 * it moves on) is one transaction, so a crash leaves either all or none.
 */
export class InterviewRepository {
  private readonly files: StoredFileRepository;

  constructor(
    private readonly store: AppDatabase,
    private readonly clock: Clock = systemClock,
  ) {
    this.files = new StoredFileRepository(store, clock);
  }

  create(input: NewInterview): { interview: InterviewRecord; session: SessionRecord } {
    return this.store.db.transaction((tx) => {
      const interview = insertSynced(
        tx,
        interviews,
        { candidateId: input.candidateId, resumeId: input.resumeId, roleType: input.roleType, status: 'in_progress', startedAt: input.startedAt },
        this.clock,
      );
      const session = insertSynced(tx, interviewSessions, { interviewId: interview.id, ...input.session, questionsAskedCount: 0 }, this.clock);
      return { interview: interviewRecord.from(interview), session: sessionRecord.from(session) };
    });
  }

  findById(id: string): InterviewRecord | null {
    const row = this.store.db
      .select(interviewRecord.columns)
      .from(interviews)
      .where(and(eq(interviews.id, id), isNull(interviews.deletedAt)))
      .get();
    return row ?? null;
  }

  /** The interview only if it belongs to this candidate: one candidate never learns of another's. */
  findOwned(id: string, candidateId: string): InterviewRecord | null {
    const row = this.store.db
      .select(interviewRecord.columns)
      .from(interviews)
      .where(and(eq(interviews.id, id), eq(interviews.candidateId, candidateId), isNull(interviews.deletedAt)))
      .get();
    return row ?? null;
  }

  /** The candidate's newest interview that is neither completed nor abandoned. */
  findUnfinishedForCandidate(candidateId: string): InterviewRecord | null {
    const row = this.store.db
      .select(interviewRecord.columns)
      .from(interviews)
      .where(and(eq(interviews.candidateId, candidateId), inArray(interviews.status, unfinished), isNull(interviews.deletedAt)))
      .orderBy(desc(interviews.createdAt), desc(interviews.id))
      .get();
    return row ?? null;
  }

  /**
   * When each of the candidate's interviews started, for those that started
   * at `sinceIso` or later, a time still ahead of the clock included (the
   * clock was set back since: those count as recent).
   */
  startsOfCandidate(candidateId: string, sinceIso: string): Array<{ id: string; startedAt: string }> {
    return this.store.db
      .select({ id: interviews.id, startedAt: interviews.startedAt })
      .from(interviews)
      .where(and(eq(interviews.candidateId, candidateId), gte(interviews.startedAt, sinceIso), isNull(interviews.deletedAt)))
      .all()
      .map((row) => ({ id: row.id, startedAt: row.startedAt! }));
  }

  findSession(interviewId: string): SessionRecord | null {
    const row = this.store.db
      .select(sessionRecord.columns)
      .from(interviewSessions)
      .where(and(eq(interviewSessions.interviewId, interviewId), isNull(interviewSessions.deletedAt)))
      .get();
    return row ?? null;
  }

  /** Oldest first. */
  listMessages(interviewId: string): MessageRecord[] {
    return this.store.db
      .select(messageRecord.columns)
      .from(interviewMessages)
      .where(and(eq(interviewMessages.interviewId, interviewId), isNull(interviewMessages.deletedAt)))
      .orderBy(asc(interviewMessages.sequenceNumber))
      .all();
  }

  findMessage(interviewId: string, messageId: string): MessageRecord | null {
    const row = this.store.db
      .select(messageRecord.columns)
      .from(interviewMessages)
      .where(and(eq(interviewMessages.id, messageId), eq(interviewMessages.interviewId, interviewId), isNull(interviewMessages.deletedAt)))
      .get();
    return row ?? null;
  }

  /**
   * Adds a question or an answer as the interview's next message, records
   * the file it names (already durable on disk) and moves the session on,
   * all in one transaction.
   */
  appendMessage(input: { interviewId: string; sessionId: string; message: NewMessage; session: SessionChanges; file?: NewStoredFile }): {
    message: MessageRecord;
    session: SessionRecord;
  } {
    return this.store.db.transaction((tx) => {
      if (input.file) this.files.record(input.file, tx);
      const last = tx
        .select({ sequence: max(interviewMessages.sequenceNumber) })
        .from(interviewMessages)
        .where(eq(interviewMessages.interviewId, input.interviewId))
        .get();
      const message = insertSynced(
        tx,
        interviewMessages,
        { interviewId: input.interviewId, sessionId: input.sessionId, sequenceNumber: (last?.sequence ?? 0) + 1, ...input.message },
        this.clock,
      );
      const session = this.updateSessionIn(tx, input.sessionId, input.session);
      return { message: messageRecord.from(message), session };
    });
  }

  updateSession(sessionId: string, changes: SessionChanges, tx?: MaybeTransaction): SessionRecord {
    return inTransaction(this.store, tx, (t) => this.updateSessionIn(t, sessionId, changes));
  }

  /** The message's own audio (a question's synthesised speech), with its file row, in one transaction. */
  attachAudio(messageId: string, audio: MessageAudio, file: NewStoredFile): MessageRecord {
    return this.store.db.transaction((tx) => {
      this.files.record(file, tx);
      const row = updateSynced(tx, interviewMessages, messageId, audio, this.clock);
      if (!row) throw new Error(`Interview message ${messageId} is gone.`);
      return messageRecord.from(row);
    });
  }

  /**
   * An answer's words, made after it was saved (issue 19: recorded while
   * speech-to-text could not be reached), with the metadata that says so.
   */
  setAnswerWords(messageId: string, words: { contentText: string; metadata: MessageMetadata }, tx?: MaybeTransaction): MessageRecord {
    return inTransaction(this.store, tx, (t) => {
      const row = updateSynced(t, interviewMessages, messageId, words, this.clock);
      if (!row) throw new Error(`Interview message ${messageId} is gone.`);
      return messageRecord.from(row);
    });
  }

  /**
   * Ends an unfinished interview as abandoned or completed. Returns null
   * (and changes nothing) when it had already ended, so two racing callers
   * cannot both end it.
   */
  finish(
    id: string,
    change: { status: 'abandoned' | 'completed'; completedAt: string; durationSeconds: number | null },
    tx?: MaybeTransaction,
  ): InterviewRecord | null {
    return inTransaction(this.store, tx, (t) => {
      const current = t
        .select({ status: interviews.status })
        .from(interviews)
        .where(and(eq(interviews.id, id), isNull(interviews.deletedAt)))
        .get();
      if (!current || !unfinished.includes(current.status)) return null;
      const row = updateSynced(t, interviews, id, change, this.clock);
      return row ? interviewRecord.from(row) : null;
    });
  }

  private updateSessionIn(tx: AppTransaction, sessionId: string, changes: SessionChanges): SessionRecord {
    const row = updateSynced(tx, interviewSessions, sessionId, changes, this.clock);
    if (!row) throw new Error(`Interview session ${sessionId} is gone.`);
    return sessionRecord.from(row);
  }
}
