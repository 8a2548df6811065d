import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentStore } from '../../../src-main/files/content-store';
import { AnswerSegmentRepository } from '../../../src-main/repositories/answer-segment-repository';
import { StoredFileRepository } from '../../../src-main/repositories/stored-file-repository';
import { appCalls, createTestApp, strongPassword, type TestApp } from '../../support/test-app';
import { webhookEventsOf } from '../../support/webhook-events';
import { leftOnDevice, seedCandidate } from './support';

const apps: TestApp[] = [];
afterEach(() => {
  for (const app of apps.splice(0)) app.close();
});

function device() {
  const test = createTestApp();
  apps.push(test);
  return { ...test, ...appCalls(() => test.app, 'staff') };
}

const erin = { email: 'erin.erased@example.com', fullName: 'Erin Erasmus', word: 'quokka' };
const confirmationsOf = (d: ReturnType<typeof device>) => d.rows<{ n: number }>('SELECT count(*) AS n FROM erasure_confirmations')[0]!.n;

describe('a candidate’s erasure on one device', () => {
  it('an admin finds the candidate and must type their email again; a mistyped one erases nothing', async () => {
    const d = device();
    const seeded = await seedCandidate(d, erin);
    await d.ok('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' });

    const { candidate } = await d.ok('erasure.findCandidate', { email: 'Erin.Erased@example.com' });
    expect(candidate).toEqual({ id: seeded.candidateId, fullName: 'Erin Erasmus', email: 'erin.erased@example.com', interviews: 1, resumes: 1 });
    const mistyped = await d.call('erasure.request', { candidateId: seeded.candidateId, confirmEmail: 'erin@example.com' });
    expect(mistyped).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { confirmEmail: expect.any(String) } } });
    expect(leftOnDevice(d, seeded).length).toBeGreaterThan(0);
    expect(d.rows('SELECT * FROM erasure_requests')).toEqual([]);
    // Refused: no candidate.erased event, and the candidate's own event as it was (issue 21).
    expect(webhookEventsOf(d, 'candidate.erased')).toEqual([]);
    expect(webhookEventsOf(d, 'interview.completed')[0]!.data).toMatchObject({ candidate: { fullName: erin.fullName, email: erin.email } });

    const receipt = await d.ok('erasure.request', { candidateId: seeded.candidateId, confirmEmail: ' ERIN.ERASED@example.com ' });
    expect(receipt).toMatchObject({ requestedBy: 'admin', requestedByStaffId: expect.any(String), confirmations: [{ removed: { recordings: 1, transcripts: 3, resumes: 2, assessments: 2, identity: 1 } }] });
    expect(leftOnDevice(d, seeded)).toEqual([]);
    // Issue 21: one candidate.erased event, with the request and naming no candidate row (a synced row naming an erased
    // candidate is refused everywhere); the earlier event keeps only ids, in the table and in its copy waiting to be pushed.
    expect(webhookEventsOf(d, 'candidate.erased')).toEqual([{ candidateId: null, occurredAt: receipt.requestedAt, data: { candidate: { id: seeded.candidateId } } }]);
    const reduced = { candidate: { id: seeded.candidateId }, erased: true };
    expect(webhookEventsOf(d, 'interview.completed')).toEqual([{ candidateId: seeded.candidateId, occurredAt: expect.any(String), data: reduced }]);
    const queued = d.rows<{ payload: string }>("SELECT payload FROM sync_outbox WHERE table_name = 'webhook_events' AND row_id = ?", seeded.webhookEventId);
    expect(queued.map((row) => JSON.parse(JSON.parse(row.payload).payload as string))).toEqual(queued.map(() => reduced));
    expect(queued.length).toBeGreaterThan(0);
    expect((await d.ok('erasure.findCandidate', { email: erin.email })).candidate).toBeNull();
    expect((await d.ok('erasure.receipts', {})).receipts.map((r) => r.requestId)).toEqual([receipt.requestId]);
  });

  it('the candidate erases themself at the kiosk and is signed out; they may not erase anyone else', async () => {
    const d = device();
    const seeded = await seedCandidate(d, erin);
    const other = await seedCandidate(d, { email: 'karl.kept@example.com', fullName: 'Karl Keeper', word: 'pangolin' });
    await d.ok('auth.signIn', { accountKind: 'candidate', email: erin.email, password: strongPassword }, 'kiosk');

    expect(await d.call('erasure.request', { candidateId: other.candidateId, confirmEmail: 'karl.kept@example.com' }, 'kiosk')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const receipt = await d.ok('erasure.requestMine', { confirm: true }, 'kiosk');
    expect(receipt).toMatchObject({ candidateId: seeded.candidateId, requestedBy: 'candidate', requestedByStaffId: null });
    expect((await d.ok('auth.getSession', {}, 'kiosk')).user).toBeNull();
    expect(leftOnDevice(d, seeded)).toEqual([]);
    expect(leftOnDevice(d, other).length).toBeGreaterThan(0);
    // Only Erin's webhook events were reduced: Karl's still name him.
    const karls = webhookEventsOf(d, 'interview.completed').filter((event) => event.candidateId === other.candidateId);
    expect(karls.map((event) => event.data)).toEqual([expect.objectContaining({ candidate: { id: other.candidateId, fullName: 'Karl Keeper', email: 'karl.kept@example.com' } })]);
    // Signed out, and unable to sign in again: the account is gone with the rest.
    expect(await d.call('auth.signIn', { accountKind: 'candidate', email: erin.email, password: strongPassword }, 'kiosk')).toMatchObject({ ok: false });
  });

  it('a file that cannot be deleted yet keeps the erasure unconfirmed until a later run deletes it', async () => {
    const d = device();
    const seeded = await seedCandidate(d, erin);
    const stuck = join(d.dataDir, ...seeded.files[1]!.relativePath.split('/'));
    // A folder where the recording was: unlink fails, as it would on a file another process holds open on Windows.
    rmSync(stuck);
    mkdirSync(stuck);
    writeFileSync(join(stuck, 'held'), 'x');

    const receipt = await d.app.services.erasure.requestByCandidate(seeded.candidateId);
    expect(receipt.confirmations).toEqual([]);
    expect(confirmationsOf(d)).toBe(0);
    expect(d.rows('SELECT pending_files, finished_at FROM erasure_progress')).toEqual([{ pending_files: JSON.stringify([seeded.files[1]!.relativePath]), finished_at: null }]);

    rmSync(stuck, { recursive: true });
    writeFileSync(stuck, 'the recording, back where it was');
    expect(await d.app.services.erasure.executePending()).toBe(1);
    expect(confirmationsOf(d)).toBe(1);
    expect(leftOnDevice(d, seeded)).toEqual([]);
    // Finished requests are not carried out again.
    expect(await d.app.services.erasure.executePending()).toBe(0);
  });

  it('takes an answer the candidate was still giving too: its segments’ rows and files', async () => {
    const d = device();
    const seeded = await seedCandidate(d, erin);
    const [question] = d.rows<{ id: string }>("SELECT id FROM interview_messages WHERE interview_id = ? AND message_type = 'ai_question'", seeded.interviewId);
    const segment = await new ContentStore(d.dataDir).put(Buffer.concat([Buffer.from('RIFF'), randomBytes(2048)]));
    new StoredFileRepository(d.app.database).record({ contentHash: segment.hash, relativePath: segment.relativePath, sizeBytes: segment.size, mediaType: 'audio/wav' });
    new AnswerSegmentRepository(d.app.database).record({
      interviewId: seeded.interviewId,
      questionMessageId: question!.id,
      segmentIndex: 0,
      startedAfterQuestionMs: 900,
      endedAfterQuestionMs: 2100,
      contentHash: segment.hash,
      relativePath: segment.relativePath,
    });
    const withSegment = { ...seeded, files: [...seeded.files, { hash: segment.hash, relativePath: segment.relativePath, mediaType: 'audio/wav' }] };

    await d.app.services.erasure.requestByCandidate(seeded.candidateId);
    expect(d.rows('SELECT id FROM answer_segments')).toEqual([]);
    expect(leftOnDevice(d, withSegment)).toEqual([]);
  });

  it('a pulled row that names an erased row is not applied; the receipt’s own rows are', async () => {
    const d = device();
    const seeded = await seedCandidate(d, erin);
    const receipt = await d.app.services.erasure.requestByCandidate(seeded.candidateId);
    const now = '2026-11-26T10:00:00.000Z';
    const base = { created_at: now, updated_at: now, row_version: 1, deleted_at: null };
    const lateAnswer = {
      ...base, id: '0190a000-0000-7000-8000-00000000e001', interview_id: seeded.interviewId, session_id: '0190a000-0000-7000-8000-00000000e002',
      sequence_number: 3, message_type: 'candidate_response', content_text: 'I tuned the quokka reconciler again', content_audio_url: null,
      audio_duration_seconds: null, audio_metadata: null, response_time_seconds: null, metadata: null,
    };
    const confirmation = { ...base, id: '0190a000-0000-7000-8000-00000000e003', request_id: receipt.requestId, device_id: 'hosted-database', confirmed_at: now, removed: '{"recordings":1,"transcripts":3,"resumes":2,"assessments":2,"identity":1}' };
    d.app.services.sync.applier.applyPage([{ table: 'interview_messages', row: lateAnswer }, { table: 'erasure_confirmations', row: confirmation }], null);
    expect(d.rows('SELECT id FROM interview_messages')).toEqual([]);
    expect(d.rows('SELECT row_id FROM sync_parked')).toEqual([]);
    expect(d.app.services.erasure.receipts()[0]!.confirmations.map((c) => c.deviceId)).toContain('hosted-database');
  });
});
