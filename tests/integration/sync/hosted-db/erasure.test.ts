import { describe, expect, it } from 'vitest';
import { applyRetention } from '../../../../src-main/sync/hosted-db/retention-admin';
import { interviewWithRecording } from '../support/recordings';
import { id, operation, pull, push, rows, T0, upsert, useSyncDatabase } from './support';

const db = useSyncDatabase();

describe('erasure and retention on the hosted database', () => {
  it('a stored request removes the candidate, confirms, reaches a kiosk that never saw them, and refuses their rows afterwards', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    const otherKiosk = await sync.device('kiosk');
    const candidate = rows.candidate();
    const resume = rows.resume(candidate.id, id(), { parsed_data: { summary: 'Ten years of Go' } });
    expect((await push(kiosk, [upsert(1, 'candidates', candidate), upsert(2, 'resumes', resume)])).rejected).toEqual([]);
    const { message, hash } = await interviewWithRecording(kiosk, candidate.id, T0, 3);

    const request = { id: id(), created_at: T0, updated_at: T0, row_version: 1, deleted_at: null, candidate_id: candidate.id, requested_by: 'candidate', requested_by_staff_id: null, requested_at: T0, requested_on: 'kiosk-1', kinds: 'recordings,transcripts,resumes,assessments,identity' };
    expect((await push(kiosk, [upsert(6, 'erasure_requests', request)])).rejected).toEqual([]);

    const left = await sync.admin.query(`SELECT (SELECT count(*) FROM resumes)::int AS resumes, (SELECT count(*) FROM interview_messages)::int AS messages,
      (SELECT count(*) FROM sync.files WHERE hash = $1)::int AS files, (SELECT email FROM candidates) AS email, (SELECT removed FROM erasure_confirmations) AS removed`, [hash]);
    expect(left.rows).toEqual([{ resumes: 0, messages: 0, files: 0, email: `erased-${candidate.id}@erased.invalid`, removed: expect.any(String) }]);
    expect(JSON.parse(left.rows[0].removed)).toEqual({ recordings: 1, transcripts: 2, resumes: 1, assessments: 0, identity: 1 });
    // Every kiosk receives the request, and the receipt's confirmations.
    const received = (await pull(otherKiosk)).changes.map((change) => change.table);
    expect(received).toEqual(expect.arrayContaining(['erasure_requests', 'erasure_confirmations']));
    expect(received).not.toContain('candidates');

    // A device still holding the candidate pushes their answer again: refused, and no copy kept.
    const late = await push(kiosk, [upsert(7, 'interview_messages', message), upsert(8, 'resumes', resume)]);
    expect(late.rejected.map((r) => r.reason)).toEqual([expect.stringContaining('erased'), expect.stringContaining('erased')]);
    const refused = await sync.admin.query(`SELECT row FROM sync.rejections WHERE seq IN (7, 8)`);
    expect(refused.rows).toEqual([{ row: null }, { row: null }]);
    expect((await sync.admin.query('SELECT count(*)::int AS n FROM interview_messages')).rows[0].n).toBe(0);
  });

  it('a sitting’s note pushed as an operation after its candidate was erased is refused, and refused notes from before go', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    const laptop = await sync.device('laptop');
    const proctor = rows.recruiter(id(), { role: 'proctor' });
    const candidate = rows.candidate();
    const sitting = rows.proctorSitting(candidate.id, proctor.id, id(), { notes: [] });
    expect((await push(laptop, [upsert(1, 'recruiters', proctor)])).rejected).toEqual([]);
    expect((await push(kiosk, [upsert(1, 'candidates', candidate), upsert(2, 'proctor_sittings', sitting)])).rejected).toEqual([]);
    const note = (text: string) => [{ at: T0, proctorId: proctor.id, proctorName: 'Pat Proctor', text }];
    // Refused before the erasure (a column not the operation's): the refusal keeps the mutation's row, notes included.
    const early = await push(kiosk, [operation(3, 'proctor_sittings', 'sitting.add_note', sitting.id, 2, { notes: note('Mentioned a hearing aid.'), status: 'paused' })]);
    expect(early.rejected).toHaveLength(1);

    const request = { id: id(), created_at: T0, updated_at: T0, row_version: 1, deleted_at: null, candidate_id: candidate.id, requested_by: 'candidate', requested_by_staff_id: null, requested_at: T0, requested_on: 'kiosk-1', kinds: 'recordings,transcripts,resumes,assessments,identity' };
    expect((await push(kiosk, [upsert(4, 'erasure_requests', request)])).rejected).toEqual([]);
    const notesKept = async () => (await sync.admin.query(`SELECT count(*)::int AS n FROM sync.rejections WHERE row::text LIKE '%hearing aid%' OR row::text LIKE '%wheelchair%'`)).rows[0].n;
    expect(await notesKept()).toBe(0);

    // A kiosk that had not heard of the erasure pushes a note, the way it queues one: the sitting's id and its notes only.
    const late = await push(kiosk, [operation(5, 'proctor_sittings', 'sitting.add_note', sitting.id, 3, { notes: note('Uses a wheelchair.') })]);
    expect(late.rejected).toEqual([{ seq: 5, reason: expect.stringContaining('erased') }]);
    const stored = await sync.admin.query('SELECT identity_check, notes FROM proctor_sittings WHERE id = $1', [sitting.id]);
    expect(stored.rows).toEqual([{ identity_check: 'erased', notes: [] }]);
    expect(await notesKept()).toBe(0);
  });

  it('apply_retention of resumes also drops a refused edit of sent feedback, which held the edited text', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    const candidate = rows.candidate();
    const resume = rows.resume(candidate.id, id(), { uploaded_at: '2020-01-01T00:00:00.000Z' });
    const feedback = rows.feedback(resume.id, id(), { status: 'approved' });
    expect((await push(kiosk, [upsert(1, 'candidates', candidate), upsert(2, 'resumes', resume), upsert(3, 'resume_feedback', feedback)])).rejected).toEqual([]);
    await push(kiosk, [
      operation(4, 'resume_feedback', 'feedback.mark_sent', feedback.id, 2, { status: 'sent', sent_at: T0 }),
      operation(5, 'resume_feedback', 'feedback.edit_text', feedback.id, 2, { feedback_content: 'Your gap year worried us.' }),
    ]);
    const edits = async () => (await sync.admin.query(`SELECT count(*)::int AS n FROM sync.rejections WHERE row::text LIKE '%gap year%'`)).rows[0].n;
    expect(await edits()).toBe(1);
    expect(await applyRetention(sync.url, { resumes: 30 })).toEqual({ resumes: 2 });
    expect(await edits()).toBe(0);
  });

  it('apply_retention empties recordings past the period, keeps the transcript and newer recordings, and devices pull the emptied rows', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    const laptop = await sync.device('laptop');
    const candidate = rows.candidate();
    await push(kiosk, [upsert(1, 'candidates', candidate)]);
    const old = await interviewWithRecording(kiosk, candidate.id, '2020-01-01T00:00:00.000Z', 2);
    const recent = await interviewWithRecording(kiosk, candidate.id, new Date().toISOString(), 5);
    const { cursor } = await pull(laptop);

    expect(await applyRetention(sync.url, { recordings: 30 })).toEqual({ recordings: 1 });
    const message = await sync.admin.query('SELECT content_audio_url, audio_metadata, content_text FROM interview_messages WHERE id = $1', [old.message.id]);
    expect(message.rows).toEqual([{ content_audio_url: null, audio_metadata: null, content_text: 'I would memoise the selector' }]);
    expect((await sync.admin.query('SELECT count(*)::int AS n FROM sync.file_chunks WHERE hash = $1', [old.hash])).rows[0].n).toBe(0);
    const pulled = (await pull(laptop, cursor)).changes.filter((change) => change.table === 'interview_messages').map((change) => change.row['content_audio_url']);
    expect(pulled).toEqual([null]);
    const kept = await sync.admin.query('SELECT content_audio_url FROM interview_messages WHERE id = $1', [recent.message.id]);
    expect(kept.rows).toEqual([{ content_audio_url: recent.message.content_audio_url }]);
    // Nothing older is left: a second run empties nothing; a period of 0 days is refused.
    expect(await applyRetention(sync.url, { recordings: 30, transcripts: 9999 })).toEqual({ recordings: 0, transcripts: 0 });
    await expect(applyRetention(sync.url, { assessments: 0 })).rejects.toThrow(/whole days/);
  });
});
