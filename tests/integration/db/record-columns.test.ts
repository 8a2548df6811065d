import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { InterviewPhase, InterviewStatus, RoleType } from '../../../shared/domain/interview';
import type { StaffRole } from '../../../shared/domain/roles';
import type { AudioMetadata, ConversationMemory, IntegrityDetails, JobPayload, MessageMetadata, ParsedData, ProgressionState, SkillBoundariesIdentified } from '../../../src-main/db/json-schemas';
import { insertSynced } from '../../../src-main/db/outbox';
import { recordColumns, type RecordOf } from '../../../src-main/db/record-columns';
import type { AiCallOutcome, AiEndpoint } from '../../../src-main/db/schema/ai-usage';
import type { CandidateStatus, IntegrityEventKind, JobStatus, MessageType, ParsingStatus } from '../../../src-main/db/schema/enums';
import { integrationWebhooks, interviews } from '../../../src-main/db/schema/index';
import { AiUsageRepository, type AiUsageRecord } from '../../../src-main/repositories/ai-usage-repository';
import { CandidateRepository, type CandidateRecord } from '../../../src-main/repositories/candidate-repository';
import { IntegrityEventRepository, type IntegrityEventRecord } from '../../../src-main/repositories/integrity-event-repository';
import { InterviewRepository, type InterviewRecord, type MessageRecord, type SessionRecord } from '../../../src-main/repositories/interview-repository';
import { JobRepository, type JobRecord } from '../../../src-main/repositories/job-repository';
import type { StaffRecord } from '../../../src-main/repositories/recruiter-repository';
import { ResumeRepository, type ResumeSummaryRecord } from '../../../src-main/repositories/resume-repository';
import { StoredFileRepository, type StoredFileRecord } from '../../../src-main/repositories/stored-file-repository';
import { SteppingClock, useTempDirs } from './support';

const temp = useTempDirs();

function open() {
  const store = temp.open(join(temp.make(), 'kiosk.sqlite'));
  return { store, clock: new SteppingClock() };
}

const sorted = (value: object) => Object.keys(value).sort();

describe('recordColumns', () => {
  const webhook = recordColumns(integrationWebhooks, ['deletedAt', 'rowVersion']);

  it('selects every column but the omitted ones, already converted (JSON parsed, 0/1 as booleans)', () => {
    const { store, clock } = open();
    const row = store.db.transaction((tx) =>
      insertSynced(tx, integrationWebhooks, { webhookUrl: 'https://ats.example.com/hook', webhookSecret: 's', eventTypes: ['interview_complete'], isActive: false }, clock),
    );

    const record = store.db.select(webhook.columns).from(integrationWebhooks).get();
    expect(record).toEqual({
      id: row.id,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      organizationId: null,
      webhookUrl: 'https://ats.example.com/hook',
      webhookSecret: 's',
      eventTypes: ['interview_complete'],
      isActive: false,
      lastTriggeredAt: null,
      name: '',
      secretGeneration: 1,
      previousSecretUntil: null,
      deliveringDeviceId: null,
      failingSince: null,
      disabledReason: null,
      createdBy: null,
    });
    expect(record).not.toHaveProperty('deletedAt');
  });

  it('narrows a whole row to the same record the select gives, leaving the row as it was', () => {
    const { store, clock } = open();
    const row = store.db.transaction((tx) =>
      insertSynced(tx, integrationWebhooks, { webhookUrl: 'https://ats.example.com/hook', webhookSecret: 's', eventTypes: ['a'] }, clock),
    );
    const record = webhook.from(row);
    expect(record).toEqual(store.db.select(webhook.columns).from(integrationWebhooks).get());
    expect(sorted(record)).not.toContain('rowVersion');
    expect(row).toHaveProperty('rowVersion', 1);
    expect(row).toHaveProperty('deletedAt', null);
  });

  it('types the record as the row type without the omitted columns', () => {
    expectTypeOf<RecordOf<typeof webhook>>().toEqualTypeOf<Omit<typeof integrationWebhooks.$inferSelect, 'deletedAt' | 'rowVersion'>>();
    expectTypeOf(webhook.from).returns.toEqualTypeOf<RecordOf<typeof webhook>>();
  });
});

/*
 * The repositories' records used to be hand-written interfaces filled by
 * hand-written mappers. These pin what those gave, so callers see the same
 * types and the same keys.
 */
describe('the repositories’ records are what the hand-written ones were', () => {
  it('keeps the types', () => {
    expectTypeOf<CandidateRecord>().toEqualTypeOf<{
      id: string;
      email: string;
      fullName: string;
      passwordHash: string;
      phone: string | null;
      status: CandidateStatus;
      failedLoginCount: number;
      lockedUntil: string | null;
      lastLoginAt: string | null;
      createdAt: string;
      updatedAt: string;
      rowVersion: number;
    }>();
    expectTypeOf<StaffRecord>().toEqualTypeOf<{
      id: string;
      email: string;
      fullName: string;
      passwordHash: string;
      role: StaffRole;
      organizationId: string | null;
      isActive: boolean;
      failedLoginCount: number;
      lockedUntil: string | null;
      lastLoginAt: string | null;
      createdAt: string;
      updatedAt: string;
      rowVersion: number;
      pinHash: string | null;
    }>();
    expectTypeOf<InterviewRecord>().toEqualTypeOf<{
      id: string;
      candidateId: string;
      resumeId: string | null;
      roleType: RoleType;
      status: InterviewStatus;
      startedAt: string | null;
      completedAt: string | null;
      durationSeconds: number | null;
      totalTokensUsed: number;
      createdAt: string;
    }>();
    expectTypeOf<SessionRecord>().toEqualTypeOf<{
      id: string;
      interviewId: string;
      conversationMemory: ConversationMemory | null;
      currentDifficultyLevel: InterviewPhase;
      questionsAskedCount: number;
      skillBoundariesIdentified: SkillBoundariesIdentified | null;
      progressionState: ProgressionState | null;
      lastActivityAt: string;
    }>();
    expectTypeOf<MessageRecord>().toEqualTypeOf<{
      id: string;
      interviewId: string;
      sessionId: string;
      sequenceNumber: number;
      messageType: MessageType;
      contentText: string;
      contentAudioUrl: string | null;
      audioDurationSeconds: number | null;
      audioMetadata: AudioMetadata | null;
      responseTimeSeconds: number | null;
      metadata: MessageMetadata | null;
      createdAt: string;
    }>();
    expectTypeOf<JobRecord>().toEqualTypeOf<{
      id: string;
      kind: string;
      payload: JobPayload;
      status: JobStatus;
      attempts: number;
      maxAttempts: number;
      runAt: string;
      dedupeKey: string | null;
      createdAt: string;
      lockedBy: string | null;
      lockedUntil: string | null;
      lastError: string | null;
    }>();
    expectTypeOf<AiUsageRecord>().toEqualTypeOf<{
      id: string;
      createdAt: string;
      interviewId: string | null;
      task: string;
      endpoint: AiEndpoint;
      model: string;
      promptTokens: number;
      cachedPromptTokens: number;
      completionTokens: number;
      reasoningTokens: number;
      audioSeconds: number | null;
      characters: number | null;
      latencyMs: number;
      costUsd: number;
      priceKnown: boolean;
      outcome: AiCallOutcome;
      errorKind: string | null;
    }>();
    expectTypeOf<IntegrityEventRecord>().toEqualTypeOf<{
      id: string;
      interviewId: string;
      kind: IntegrityEventKind;
      occurredAt: string;
      details: IntegrityDetails | null;
      createdAt: string;
    }>();
    expectTypeOf<StoredFileRecord>().toEqualTypeOf<{ id: string; contentHash: string; relativePath: string; sizeBytes: number; mediaType: string; createdAt: string }>();
    expectTypeOf<ResumeSummaryRecord>().toEqualTypeOf<{ id: string; candidateId: string; parsingStatus: ParsingStatus; parsedData: ParsedData | null }>();
  });

  it('keeps the keys: no sync bookkeeping or extra column leaks out of a find, a list or a write', () => {
    const { store, clock } = open();
    const candidate = new CandidateRepository(store, clock).create({ email: 'keys@example.com', fullName: 'Kay Ease', passwordHash: 'h' });
    const interviewKeys = ['candidateId', 'completedAt', 'createdAt', 'durationSeconds', 'id', 'resumeId', 'roleType', 'startedAt', 'status', 'totalTokensUsed'];
    const sessionKeys = ['conversationMemory', 'currentDifficultyLevel', 'id', 'interviewId', 'lastActivityAt', 'progressionState', 'questionsAskedCount', 'skillBoundariesIdentified'];
    const messageKeys = ['audioDurationSeconds', 'audioMetadata', 'contentAudioUrl', 'contentText', 'createdAt', 'id', 'interviewId', 'messageType', 'metadata', 'responseTimeSeconds', 'sequenceNumber', 'sessionId'];

    const interviewsRepo = new InterviewRepository(store, clock);
    const now = '2026-01-05T09:00:00.000Z';
    const { interview, session } = interviewsRepo.create({
      candidateId: candidate.id,
      resumeId: null,
      roleType: 'react',
      startedAt: now,
      session: { conversationMemory: { turns: [] }, currentDifficultyLevel: 'warmup', skillBoundariesIdentified: {}, progressionState: {}, lastActivityAt: now },
    });
    const appended = interviewsRepo.appendMessage({ interviewId: interview.id, sessionId: session.id, message: { messageType: 'ai_question', contentText: 'Why hooks?' }, session: { questionsAskedCount: 1 } });
    const finished = interviewsRepo.finish(interview.id, { status: 'completed', completedAt: now, durationSeconds: 60 });
    for (const record of [interview, interviewsRepo.findById(interview.id)!, interviewsRepo.findOwned(interview.id, candidate.id)!, finished!]) {
      expect(sorted(record)).toEqual(interviewKeys);
    }
    for (const record of [session, appended.session, interviewsRepo.findSession(interview.id)!]) expect(sorted(record)).toEqual(sessionKeys);
    for (const record of [appended.message, interviewsRepo.findMessage(interview.id, appended.message.id)!, ...interviewsRepo.listMessages(interview.id)]) {
      expect(sorted(record)).toEqual(messageKeys);
    }

    const jobs = new JobRepository(store, clock);
    const jobKeys = ['attempts', 'createdAt', 'dedupeKey', 'id', 'kind', 'lastError', 'lockedBy', 'lockedUntil', 'maxAttempts', 'payload', 'runAt', 'status'];
    const { job } = jobs.enqueue({ kind: 'k', payload: { a: 1 }, dedupeKey: 'k:1' });
    const again = jobs.enqueue({ kind: 'k', payload: { a: 1 }, dedupeKey: 'k:1' });
    expect(again.created).toBe(false);
    const claimed = jobs.claimNext(['k'], 'runner', 60_000);
    for (const record of [job, again.job, claimed!, jobs.findById(job.id)!, jobs.findByDedupeKey('k:1')!, ...jobs.listByKind('k'), ...jobs.listByDedupePrefix('k:')]) {
      expect(sorted(record)).toEqual(jobKeys);
    }
    const recurring = jobs.ensureRecurring('r', 'r:1', 3);
    expect(sorted(recurring)).toEqual(jobKeys);

    const events = new IntegrityEventRepository(store, clock);
    const eventKeys = ['createdAt', 'details', 'id', 'interviewId', 'kind', 'occurredAt'];
    const event = events.record({ interviewId: interview.id, kind: 'paste', occurredAt: now, details: { length: 12 } });
    for (const record of [event, ...events.listForInterview(interview.id)]) expect(sorted(record)).toEqual(eventKeys);

    const usage = new AiUsageRepository(store, clock);
    const recorded = usage.record({
      interviewId: interview.id,
      task: 'interview',
      endpoint: 'chat',
      model: 'gpt-4o-mini',
      promptTokens: 10,
      cachedPromptTokens: 0,
      completionTokens: 5,
      reasoningTokens: 0,
      audioSeconds: null,
      characters: null,
      latencyMs: 100,
      costUsd: 0.001,
      priceKnown: true,
      outcome: 'ok',
      errorKind: null,
    });
    const usageKeys = [
      'audioSeconds', 'cachedPromptTokens', 'characters', 'completionTokens', 'costUsd', 'createdAt', 'endpoint', 'errorKind', 'id',
      'interviewId', 'latencyMs', 'model', 'outcome', 'priceKnown', 'promptTokens', 'reasoningTokens', 'task',
    ];
    for (const record of [recorded.usage, ...usage.listForInterview(interview.id)]) expect(sorted(record)).toEqual(usageKeys);

    const resumes = new ResumeRepository(store, clock);
    const resume = resumes.create({ candidateId: candidate.id, fileUrl: 'files/cv', fileName: 'cv.pdf', fileSize: 10 });
    expect(sorted(resumes.findOwned(resume.id, candidate.id)!)).toEqual(['candidateId', 'id', 'parsedData', 'parsingStatus']);

    const files = new StoredFileRepository(store, clock);
    const file = files.record({ contentHash: 'a'.repeat(64), relativePath: 'files/aa/a', sizeBytes: 3, mediaType: 'audio/wav' });
    expect(sorted(file)).toEqual(['contentHash', 'createdAt', 'id', 'mediaType', 'relativePath', 'sizeBytes']);

    // The interview row itself still holds what the record leaves out.
    expect(store.db.select().from(interviews).get()).toHaveProperty('costUsd', 0.001);
  });
});
