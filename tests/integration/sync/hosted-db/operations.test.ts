import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CLAIMED_TEXT_REFUSAL, SENT_TEXT_REFUSAL } from '../../../fixtures/merge-cases';
import { id, operation, push, rows, T0, upsert, useSyncDatabase, type Mutation } from './support';

/*
 * Named operations through sync.push (docs/sync.md, "Named operations"):
 * field by field on top of the stored row, with the same privileges as row
 * upserts, and every refusal recorded in sync.rejections with its reason.
 * The merge itself is tested case by case in merge-cases.test.ts.
 */

const db = useSyncDatabase();
const T1 = '2026-11-26T05:00:00.000Z';
const T2 = '2026-11-26T06:00:00.000Z';

async function feedbackOnServer() {
  const sync = await db.fresh();
  const kiosk = await sync.device('kiosk');
  const laptop = await sync.device('laptop');
  const candidate = rows.candidate();
  const resume = rows.resume(candidate.id);
  const recruiter = rows.recruiter();
  const feedback = rows.feedback(resume.id, id(), { status: 'pending_approval' });
  expect(await push(laptop, [upsert(1, 'recruiters', recruiter)])).toMatchObject({ applied: 1 });
  expect(await push(kiosk, [upsert(1, 'candidates', candidate), upsert(2, 'resumes', resume), upsert(3, 'resume_feedback', feedback)])).toMatchObject({ applied: 3 });
  const stored = async () => (await sync.admin.query('SELECT * FROM resume_feedback WHERE id = $1', [feedback.id])).rows[0] as Record<string, unknown>;
  const rejections = async () => (await sync.admin.query('SELECT seq, table_name, row_id, reason, row FROM sync.rejections ORDER BY at, seq')).rows;
  return { sync, kiosk, laptop, feedback, recruiter, stored, rejections };
}

describe('sync.push of named operations', () => {
  it('keeps both edits of different columns of one row, in either order, and row_version grows with each', async () => {
    for (const editFirst of [true, false]) {
      const { kiosk, laptop, feedback, recruiter, stored } = await feedbackOnServer();
      const edit = () => push(kiosk, [operation(4, 'resume_feedback', 'feedback.edit_text', feedback.id, 2, { feedback_content: 'Edited at the kiosk', updated_at: T1 })]);
      const approve = () =>
        push(laptop, [operation(2, 'resume_feedback', 'feedback.approve', feedback.id, 2, { status: 'approved', approved_by: recruiter.id, approved_at: T2, updated_at: T2 })]);
      for (const step of editFirst ? [edit, approve] : [approve, edit]) expect(await step()).toMatchObject({ applied: 1, rejected: [] });
      expect(await stored(), editFirst ? 'edit, then approval' : 'approval, then edit').toMatchObject({
        feedback_content: 'Edited at the kiosk',
        status: 'approved',
        approved_by: recruiter.id,
        row_version: 3,
      });
    }
  });

  it('on one column, the later arrival wins; an approval never moves sent feedback back', async () => {
    const { kiosk, laptop, feedback, recruiter, stored } = await feedbackOnServer();
    await push(laptop, [operation(2, 'resume_feedback', 'feedback.edit_text', feedback.id, 2, { feedback_content: 'From the laptop' })]);
    await push(kiosk, [operation(4, 'resume_feedback', 'feedback.edit_text', feedback.id, 2, { feedback_content: 'From the kiosk' })]);
    expect(await stored()).toMatchObject({ feedback_content: 'From the kiosk', row_version: 3 });
    await push(kiosk, [
      operation(5, 'resume_feedback', 'feedback.approve', feedback.id, 3, { status: 'approved', approved_by: null, approved_at: T1 }),
      operation(6, 'resume_feedback', 'feedback.mark_sent', feedback.id, 4, { status: 'sent', sent_at: T2 }),
    ]);
    // A laptop's approval made offline arrives after the email went out.
    expect(await push(laptop, [operation(3, 'resume_feedback', 'feedback.approve', feedback.id, 2, { status: 'approved', approved_by: recruiter.id, approved_at: T2 })])).toMatchObject({
      applied: 1,
      rejected: [],
    });
    const row = await stored();
    expect(row).toMatchObject({ status: 'sent', approved_by: null, feedback_content: 'From the kiosk', row_version: 6 });
    expect((row['sent_at'] as Date).toISOString()).toBe(T2);
  });

  it('refuses an unknown operation, a foreign column, another table’s operation and a row it does not hold, recording each with why', async () => {
    const { kiosk, feedback, stored, rejections } = await feedbackOnServer();
    const before = await stored();
    const missing = id();
    const result = await push(kiosk, [
      operation(4, 'resume_feedback', 'feedback.rewrite', feedback.id, 2, { feedback_content: 'x' }),
      operation(5, 'resume_feedback', 'feedback.edit_text', feedback.id, 2, { feedback_content: 'x', status: 'sent' }),
      operation(6, 'resume_feedback', 'staff.set_pin', feedback.id, 2, { pin_hash: 'x' }),
      operation(7, 'resume_feedback', 'feedback.edit_text', missing, 2, { feedback_content: 'x' }),
      // An op the server has never heard of (an app on a newer protocol than the database).
      { ...operation(8, 'resume_feedback', 'feedback.edit_text', feedback.id, 2, { feedback_content: 'x' }), op: 'rewrite' } as unknown as Mutation,
    ]);
    expect(result).toMatchObject({ lastAppliedSeq: 8, applied: 0 });
    const reasons = [
      'Unknown operation feedback.rewrite: the app that sent it and the hosted database disagree on the named operations; nothing was changed.',
      'Operation feedback.edit_text may not change status (it changes only feedback_content).',
      'Operation staff.set_pin changes recruiters rows, not resume_feedback.',
      `Operation feedback.edit_text changes resume_feedback row ${missing}, which the hosted database does not hold.`,
      'Unknown op rewrite (expected upsert, delete or operation).',
    ];
    expect(result.rejected).toEqual(reasons.map((reason, index) => ({ seq: index + 4, reason })));
    const recorded = await rejections();
    expect(recorded.map((r) => r.reason)).toEqual(reasons);
    expect(recorded[1]).toMatchObject({ table_name: 'resume_feedback', row_id: feedback.id, row: { id: feedback.id, feedback_content: 'x', status: 'sent' } });
    expect(await stored()).toEqual(before);
  });

  it('refuses to change the text of feedback already emailed, as an operation or as a whole row, and records why', async () => {
    const { kiosk, laptop, feedback, stored, rejections } = await feedbackOnServer();
    await push(laptop, [
      operation(2, 'resume_feedback', 'feedback.approve', feedback.id, 2, { status: 'approved', approved_by: null, approved_at: T1 }),
      operation(3, 'resume_feedback', 'feedback.mark_sent', feedback.id, 3, { status: 'sent', sent_at: T2 }),
    ]);
    const sent = await stored();
    // The kiosk edited offline before it heard of the sending; an app from before named operations queued whole rows.
    const result = await push(kiosk, [
      operation(4, 'resume_feedback', 'feedback.edit_text', feedback.id, 2, { feedback_content: 'Edited offline', updated_at: T2 }),
      upsert(5, 'resume_feedback', { ...feedback, feedback_content: 'Edited by an older app', row_version: 2 }),
    ]);
    const reason = SENT_TEXT_REFUSAL;
    expect(result).toMatchObject({ lastAppliedSeq: 5, applied: 0, rejected: [{ seq: 4, reason }, { seq: 5, reason }] });
    expect(await stored()).toEqual(sent);
    expect((await rejections()).map((r) => [r.row_id, r.reason])).toEqual([
      [feedback.id, reason],
      [feedback.id, reason],
    ]);
    // The same text again (a replayed edit) is no change of what was sent.
    expect(await push(kiosk, [operation(6, 'resume_feedback', 'feedback.edit_text', feedback.id, 3, { feedback_content: sent['feedback_content'] })])).toMatchObject({
      applied: 1,
      rejected: [],
    });
  });

  it('refuses to change the text of feedback whose email a device has claimed, before its sending is known', async () => {
    const { kiosk, laptop, feedback, stored, rejections } = await feedbackOnServer();
    await push(laptop, [operation(2, 'resume_feedback', 'feedback.approve', feedback.id, 2, { status: 'approved', approved_by: null, approved_at: T1 })]);
    const claimed = String((await stored())['feedback_content']);
    expect(await laptop.call('claim_delivery', feedback.id, createHash('sha256').update(claimed, 'utf8').digest('hex'))).toBe('claimed');
    const beingSent = await stored();
    const result = await push(kiosk, [
      operation(4, 'resume_feedback', 'feedback.edit_text', feedback.id, 2, { feedback_content: 'Edited while it was sent', updated_at: T2 }),
      upsert(5, 'resume_feedback', { ...feedback, feedback_content: 'Edited by an older app', row_version: 2 }),
    ]);
    const reason = CLAIMED_TEXT_REFUSAL;
    expect(result).toMatchObject({ lastAppliedSeq: 5, applied: 0, rejected: [{ seq: 4, reason }, { seq: 5, reason }] });
    expect(await stored()).toEqual(beingSent);
    expect((await rejections()).map((r) => r.reason)).toEqual([reason, reason]);
    // Changes that keep the text still land: the sending is recorded.
    expect(await push(laptop, [operation(3, 'resume_feedback', 'feedback.mark_sent', feedback.id, 3, { status: 'sent', sent_at: T2 })])).toMatchObject({
      applied: 1,
      rejected: [],
    });
    expect(await stored()).toMatchObject({ feedback_content: claimed, status: 'sent' });
  });

  it('holds a kiosk to the rows it created, as for row upserts, save the sign-in columns of staff', async () => {
    const { sync, kiosk, laptop, feedback, recruiter, stored } = await feedbackOnServer();
    const candidate = rows.candidate();
    const resume = rows.resume(candidate.id);
    const theirs = rows.feedback(resume.id);
    await push(laptop, [upsert(2, 'candidates', candidate), upsert(3, 'resumes', resume), upsert(4, 'resume_feedback', theirs)]);
    const result = await push(kiosk, [
      operation(4, 'resume_feedback', 'feedback.edit_text', theirs.id, 2, { feedback_content: 'Not mine' }),
      operation(5, 'recruiters', 'staff.sign_in', recruiter.id, 2, { failed_login_count: 2, locked_until: null, last_login_at: T0 }),
      operation(6, 'recruiters', 'staff.set_pin', recruiter.id, 3, { pin_hash: '$2b$10$kioskpin' }),
      operation(7, 'resume_feedback', 'feedback.edit_text', feedback.id, 2, { feedback_content: 'Mine' }),
    ]);
    expect(result.rejected.map((r) => r.seq)).toEqual([4, 6]);
    expect(result.rejected[0]!.reason).toBe(`A kiosk may not change resume_feedback row ${theirs.id}: another device created it.`);
    const { rows: staff } = await sync.admin.query('SELECT failed_login_count, pin_hash FROM recruiters WHERE id = $1', [recruiter.id]);
    expect(staff[0]).toEqual({ failed_login_count: 2, pin_hash: null });
    expect(await stored()).toMatchObject({ feedback_content: 'Mine' });
  });
});
