import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONSENT_NEEDED, NOTICE_CHANGED } from '../../../shared/copy/consent-messages';
import type { ChannelName } from '../../../shared/ipc/contract';
import { kioskIdFrom } from '../../../src-main/proctoring/kiosk-id';
import { SyncStateStore } from '../../../src-main/sync/sync-state-store';
import { agreeToNotice } from '../../support/consent';
import { resourcesDir, strongPassword } from '../../support/test-app';
import { useFakeOpenAi } from '../providers/support';
import { answerWav, createInterviewHarness, scriptAi, type InterviewHarness } from '../interview/support';

const SOME_ID = '01938a5e-7c1a-7000-8000-000000000001';

/** Every call that carries or records the candidate's voice or words, with inputs that are otherwise acceptable. */
const recordingCalls: Array<[ChannelName, unknown]> = [
  ['interview.start', { roleType: 'react' }],
  ['interview.answerSegment', { interviewId: SOME_ID, questionMessageId: SOME_ID, segmentIndex: 0, startedAfterQuestionMs: 0, endedAfterQuestionMs: 1500, audioWavBase64: answerWav(1500).toString('base64') }],
  ['interview.liveAudio', { interviewId: SOME_ID, questionMessageId: SOME_ID, segmentIndex: 0, seq: 0, pcmBase64: Buffer.alloc(3200).toString('base64'), final: false }],
  ['interview.typedAnswer', { interviewId: SOME_ID, questionMessageId: SOME_ID, text: 'A typed answer.', startedAfterQuestionMs: 100, sentAfterQuestionMs: 2000 }],
  ['equipment.practiceAnswer', { audioWavBase64: answerWav(1500).toString('base64') }],
];

describe('notice and consent before the AI interview, through IPC', () => {
  const fake = useFakeOpenAi();
  let h: InterviewHarness;
  const temps: string[] = [];
  afterEach(() => {
    h?.close();
    for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function register(email = 'casey@example.com'): Promise<string> {
    return (await h.ok('auth.registerCandidate', { email, password: strongPassword, fullName: 'Casey Candidate' })).id;
  }
  const count = (table: string) => h.rows<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)[0]!.n;

  it('refuses every call that would record the candidate before they agree, saying what to do', async () => {
    h = createInterviewHarness(fake.server);
    scriptAi(fake.server);
    await register();
    for (const [channel, input] of recordingCalls) {
      const refused = await h.call(channel, input);
      expect(refused, channel).toMatchObject({ ok: false, error: { code: 'forbidden', message: CONSENT_NEEDED } });
    }
    expect(CONSENT_NEEDED).toMatch(/choose “I agree”/);
    expect(count('interviews') + count('stored_files') + count('interview_messages')).toBe(0);
  });

  it('records consent with the notice version, its hash, language, kiosk and time; then the interview starts', async () => {
    h = createInterviewHarness(fake.server);
    scriptAi(fake.server);
    const candidateId = await register();
    const before = await h.ok('consent.notice', {});
    expect(before.answer).toBeNull();
    expect(before.notice).toMatchObject({ version: 'v1', language: 'en', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const answered = await h.ok('consent.answer', { language: 'en', noticeVersion: 'v1', noticeSha256: before.notice.sha256, choice: 'consent' });
    expect(answered.answer).toEqual({ choice: 'consent', answeredAt: h.clock.now().toISOString() });
    const [record] = h.rows('SELECT * FROM consent_records');
    expect(record).toMatchObject({
      candidate_id: candidateId,
      kiosk_id: kioskIdFrom(new SyncStateStore(h.app.database.sqlite, h.clock)),
      sitting_id: null,
      notice_version: 'v1',
      notice_language: 'en',
      notice_sha256: before.notice.sha256,
      choice: 'consent',
      answered_at: h.clock.now().toISOString(),
    });
    // Queued for sync like every synced row.
    expect(h.rows('SELECT table_name, row_id FROM sync_outbox WHERE table_name = ?', 'consent_records')).toEqual([{ table_name: 'consent_records', row_id: record!['id'] }]);

    const started = await h.ok('interview.start', { roleType: 'react' });
    expect(started.status).toBe('in_progress');
  });

  it('a decline records a request to follow up and nothing else; staff see it until the candidate agrees', async () => {
    h = createInterviewHarness(fake.server);
    scriptAi(fake.server);
    const candidateId = await register();
    const tablesBefore = Object.fromEntries(['interviews', 'interview_sessions', 'interview_messages', 'stored_files', 'integrity_events', 'jobs'].map((t) => [t, count(t)]));
    const { notice } = await h.ok('consent.notice', {});
    await h.ok('consent.answer', { language: 'en', noticeVersion: notice.version, noticeSha256: notice.sha256, choice: 'decline' });

    expect(h.rows('SELECT choice FROM consent_records')).toEqual([{ choice: 'decline' }]);
    expect(Object.fromEntries(Object.keys(tablesBefore).map((t) => [t, count(t)]))).toEqual(tablesBefore);
    expect(await h.call('interview.start', { roleType: 'react' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    await h.ok('auth.signOut', {});
    await h.ok('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' }, 'staff');
    const { requests } = await h.ok('consent.followUps', {}, 'staff');
    expect(requests).toEqual([{ id: expect.any(String), candidateId, candidateName: 'Casey Candidate', candidateEmail: 'casey@example.com', choice: 'decline', answeredAt: expect.any(String), kioskId: expect.any(String) }]);

    // Candidates see nobody's requests.
    await h.ok('auth.signIn', { accountKind: 'candidate', email: 'casey@example.com', password: strongPassword });
    expect(await h.call('consent.followUps', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // They changed their mind: the request is settled.
    h.clock.advance(60_000);
    await agreeToNotice(h);
    expect((await h.ok('consent.followUps', {}, 'staff')).requests).toEqual([]);
  });

  it('an accommodation request starts nothing and is listed for staff as one', async () => {
    h = createInterviewHarness(fake.server);
    scriptAi(fake.server);
    await register();
    const { notice } = await h.ok('consent.notice', {});
    const answered = await h.ok('consent.answer', { language: 'en', noticeVersion: notice.version, noticeSha256: notice.sha256, choice: 'accommodation' });
    expect(answered.answer?.choice).toBe('accommodation');
    expect(await h.call('interview.start', { roleType: 'react' })).toMatchObject({ ok: false, error: { message: CONSENT_NEEDED } });
    await h.ok('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' }, 'staff');
    expect((await h.ok('consent.followUps', {}, 'staff')).requests.map((r) => r.choice)).toEqual(['accommodation']);
  });

  it('refuses an answer to a notice that is not the current one, recording nothing', async () => {
    h = createInterviewHarness(fake.server);
    await register();
    const { notice } = await h.ok('consent.notice', {});
    for (const stale of [{ noticeVersion: 'v2', noticeSha256: notice.sha256 }, { noticeVersion: 'v1', noticeSha256: 'f'.repeat(64) }]) {
      const refused = await h.call('consent.answer', { language: 'en', choice: 'consent', ...stale });
      expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: NOTICE_CHANGED } });
    }
    const malformed = await h.call('consent.answer', { language: 'en', noticeVersion: 'v1', noticeSha256: notice.sha256, choice: 'yes' });
    expect(malformed).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(count('consent_records')).toBe(0);
  });

  it('asks again when a new notice version ships: the consent to v1 no longer lets anything record', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-consent-'));
    const newer = mkdtempSync(join(tmpdir(), 'kiosk-resources-'));
    temps.push(dataDir, newer);
    cpSync(resourcesDir, newer, { recursive: true });
    h = createInterviewHarness(fake.server, { dataDir });
    scriptAi(fake.server);
    await h.signUp('casey@example.com'); // agrees to v1
    const v1 = (await h.ok('consent.notice', {})).notice;
    h.shutDown();

    const v1Text = readFileSync(join(newer, 'notice', 'en', 'v1.md'), 'utf8');
    writeFileSync(join(newer, 'notice', 'en', 'v2.md'), v1Text.replace('# Before your interview', '# Before your AI interview'));
    h = createInterviewHarness(fake.server, { dataDir, resourcesDir: newer });
    await h.ok('auth.signIn', { accountKind: 'candidate', email: 'casey@example.com', password: strongPassword });
    const asked = await h.ok('consent.notice', {});
    expect(asked.notice).toMatchObject({ version: 'v2', title: 'Before your AI interview' });
    expect(asked.notice.sha256).not.toBe(v1.sha256);
    expect(asked.answer).toBeNull();
    expect(await h.call('interview.start', { roleType: 'react' })).toMatchObject({ ok: false, error: { message: CONSENT_NEEDED } });

    await agreeToNotice(h);
    expect(h.rows('SELECT notice_version, choice FROM consent_records ORDER BY answered_at, notice_version')).toEqual([
      { notice_version: 'v1', choice: 'consent' },
      { notice_version: 'v2', choice: 'consent' },
    ]);
  });
});
