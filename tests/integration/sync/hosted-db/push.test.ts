import { describe, expect, it } from 'vitest';
import { id, push, rows, T0, upsert, useSyncDatabase, type Mutation } from './support';

const db = useSyncDatabase();

async function count(sync: { admin: import('pg').Client }, table: string): Promise<number> {
  const { rows: result } = await sync.admin.query(`SELECT count(*)::int AS n FROM ${table}`);
  return result[0].n;
}

async function stored(sync: { admin: import('pg').Client }, table: string, rowId: string): Promise<Record<string, unknown>> {
  const { rows: result } = await sync.admin.query(`SELECT * FROM ${table} WHERE id = $1`, [rowId]);
  return result[0];
}

describe('sync.push', () => {
  it('applies in order, exactly once: a replayed batch is skipped', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    const candidate = rows.candidate();
    const interview = rows.interview(candidate.id);
    const batch: Mutation[] = [
      upsert(1, 'candidates', candidate),
      upsert(2, 'interviews', interview),
      upsert(3, 'interviews', { ...interview, status: 'in_progress', started_at: T0, row_version: 2 }),
    ];
    expect(await push(kiosk, batch)).toEqual({ lastAppliedSeq: 3, applied: 3, skipped: 0, rejected: [] });
    const row = await stored(sync, 'interviews', interview.id);
    expect(row).toMatchObject({ status: 'in_progress', row_version: 2, origin_device_id: kiosk.id });
    expect((row['started_at'] as Date).toISOString()).toBe(T0);

    // The device did not hear the answer and sends the same batch again.
    const log = async () => (await sync.admin.query('SELECT table_name, row_id, id FROM sync.changes ORDER BY id')).rows;
    const logBefore = await log();
    expect(logBefore).toHaveLength(2); // one entry per row
    expect(await push(kiosk, batch)).toEqual({ lastAppliedSeq: 3, applied: 0, skipped: 3, rejected: [] });
    expect(await stored(sync, 'interviews', interview.id)).toMatchObject({ row_version: 2 });
    expect(await count(sync, 'interviews')).toBe(1);
    expect(await log()).toEqual(logBefore); // a write would have moved its row's entry

    // A batch overlapping the applied ones applies only the new entry.
    const next = upsert(4, 'interviews', { ...interview, status: 'completed', completed_at: T0, duration_seconds: 600, row_version: 3 });
    expect(await push(kiosk, [...batch.slice(1), next])).toEqual({ lastAppliedSeq: 4, applied: 1, skipped: 2, rejected: [] });
    const { rows: device } = await sync.admin.query('SELECT last_applied_seq FROM sync.devices WHERE id = $1', [kiosk.id]);
    expect(Number(device[0].last_applied_seq)).toBe(4);
  });

  it('stops at a gap: nothing after it is applied', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    const a = rows.candidate();
    const b = rows.candidate();
    const c = rows.candidate();
    const result = await push(kiosk, [upsert(1, 'candidates', a), upsert(3, 'candidates', b), upsert(4, 'candidates', c)]);
    expect(result).toEqual({ lastAppliedSeq: 1, applied: 1, skipped: 0, rejected: [] });
    expect(await count(sync, 'candidates')).toBe(1);
    // The device sends the rest again, now from seq 2.
    const resend = await push(kiosk, [upsert(2, 'candidates', rows.candidate()), upsert(3, 'candidates', b), upsert(4, 'candidates', c)]);
    expect(resend).toEqual({ lastAppliedSeq: 4, applied: 3, skipped: 0, rejected: [] });
  });

  it('rejects a row breaking a CHECK or a foreign key, records why, and goes on with the next seq', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    const good = rows.candidate();
    const badCheck = rows.candidate(id(), { email: 'UPPER@EXAMPLE.COM' });
    const orphan = rows.interview(id()); // its candidate does not exist
    const unknownTable = upsert(3, 'jobs', { id: id(), row_version: 1 });
    const result = await push(kiosk, [
      upsert(1, 'candidates', badCheck),
      upsert(2, 'interviews', orphan),
      unknownTable,
      upsert(4, 'candidates', good),
    ]);
    expect(result.lastAppliedSeq).toBe(4);
    expect(result.applied).toBe(1);
    expect(result.rejected.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(result.rejected[0]!.reason).toMatch(/candidates_email_lowercase_check/);
    expect(result.rejected[1]!.reason).toMatch(/foreign key/);
    expect(result.rejected[2]!.reason).toMatch(/jobs is not synced/);
    const { rows: recorded } = await sync.admin.query('SELECT seq, table_name, row_id, reason, row FROM sync.rejections ORDER BY seq');
    expect(recorded.map((r) => Number(r.seq))).toEqual([1, 2, 3]);
    expect(recorded[0]).toMatchObject({ table_name: 'candidates', row_id: badCheck.id });
    expect(recorded[0].row.email).toBe('UPPER@EXAMPLE.COM');
    expect(await count(sync, 'candidates')).toBe(1);
    expect(await count(sync, 'interviews')).toBe(0);
  });

  it('answers KS004 to a malformed mutation list and applies nothing', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    const codeOf = async (payload: string) => {
      try {
        await kiosk.call('push', payload);
        return 'ok';
      } catch (error) {
        return (error as { code: string }).code;
      }
    };
    expect(await codeOf('{"seq": 1}')).toBe('KS004');
    expect(await codeOf('[{"table": "candidates"}]')).toBe('KS004');
    expect(await codeOf(JSON.stringify([upsert(2, 'candidates', rows.candidate()), upsert(1, 'candidates', rows.candidate())]))).toBe('KS004');
    expect(await count(sync, 'candidates')).toBe(0);
  });

  it('refuses a kiosk changing a row another device created, except recruiters sign-in columns', async () => {
    const sync = await db.fresh();
    const laptop = await sync.device('laptop');
    const kiosk = await sync.device('kiosk');
    const candidate = rows.candidate();
    const recruiter = rows.recruiter();
    await push(laptop, [upsert(1, 'candidates', candidate), upsert(2, 'recruiters', recruiter)]);

    const result = await push(kiosk, [
      upsert(1, 'candidates', { ...candidate, full_name: 'Changed by kiosk', row_version: 2 }),
      upsert(2, 'recruiters', { ...recruiter, failed_login_count: 3, locked_until: T0, row_version: 2 }),
      upsert(3, 'recruiters', { ...recruiter, role: 'admin', row_version: 3 }),
    ]);
    expect(result.applied).toBe(1);
    expect(result.rejected.map((r) => r.seq)).toEqual([1, 3]);
    expect(result.rejected[0]!.reason).toMatch(/kiosk may not change candidates/);
    expect(await stored(sync, 'candidates', candidate.id)).toMatchObject({ full_name: 'Casey Candidate', row_version: 1 });
    expect(await stored(sync, 'recruiters', recruiter.id)).toMatchObject({ failed_login_count: 3, role: 'recruiter', row_version: 2 });
    // The laptop may change anything.
    const byLaptop = await push(laptop, [upsert(3, 'candidates', { ...candidate, full_name: 'Changed by laptop', row_version: 2 })]);
    expect(byLaptop.applied).toBe(1);
  });

  it("lets a kiosk change a proctor's pin_hash it did not create, and nobody else's, and nothing more", async () => {
    const sync = await db.fresh();
    const laptop = await sync.device('laptop');
    const kiosk = await sync.device('kiosk');
    const proctor = rows.recruiter(id(), { role: 'proctor', full_name: 'Pat Proctor' });
    const pinned = rows.recruiter(id(), { role: 'proctor', pin_hash: '$2b$10$oldpinhash' });
    const recruiter = rows.recruiter();
    const admin = rows.recruiter(id(), { role: 'admin' });
    const viewer = rows.recruiter(id(), { role: 'viewer' });
    const other = rows.recruiter(id(), { role: 'proctor' });
    await push(laptop, [proctor, pinned, recruiter, admin, viewer, other].map((row, index) => upsert(index + 1, 'recruiters', row)));

    const later = '2026-11-26T04:00:00.000Z';
    const pin = { pin_hash: '$2b$10$newpinhash', updated_at: later, row_version: 2 };
    const result = await push(kiosk, [
      // A proctor sets their PIN at the kiosk (proctor.setPin), with a sign-in.
      upsert(1, 'recruiters', { ...proctor, ...pin, last_login_at: later }),
      // A proctor changes the PIN they have.
      upsert(2, 'recruiters', { ...pinned, ...pin }),
      // Anyone else's PIN: refused.
      upsert(3, 'recruiters', { ...recruiter, ...pin }),
      upsert(4, 'recruiters', { ...admin, ...pin }),
      upsert(5, 'recruiters', { ...viewer, ...pin }),
      // Made a proctor at the kiosk, with a PIN: refused (role is compared).
      upsert(6, 'recruiters', { ...recruiter, ...pin, role: 'proctor' }),
      // A proctor's PIN with another column: refused.
      upsert(7, 'recruiters', { ...other, ...pin, full_name: 'Changed by kiosk' }),
      upsert(8, 'recruiters', { ...other, ...pin, role: 'admin' }),
      upsert(9, 'recruiters', { ...other, ...pin, password_hash: '$2b$10$kioskhash' }),
      upsert(10, 'recruiters', { ...other, ...pin, is_active: false }),
    ]);
    expect(result.applied).toBe(2);
    expect(result.rejected.map((r) => r.seq)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    for (const rejected of result.rejected) {
      expect(rejected.reason).toMatch(/^A kiosk may not change recruiters row [0-9a-f-]+: another device created it\.$/);
    }
    const stored1 = await stored(sync, 'recruiters', proctor.id);
    expect(stored1).toMatchObject({ pin_hash: '$2b$10$newpinhash', role: 'proctor', full_name: 'Pat Proctor', row_version: 2 });
    expect((stored1['last_login_at'] as Date).toISOString()).toBe(later);
    expect(stored1['origin_device_id']).toBe(laptop.id); // still the laptop's row
    expect(await stored(sync, 'recruiters', pinned.id)).toMatchObject({ pin_hash: '$2b$10$newpinhash', row_version: 2 });
    for (const untouched of [recruiter, admin, viewer, other]) {
      expect(await stored(sync, 'recruiters', untouched.id)).toMatchObject({
        pin_hash: null,
        role: untouched.role,
        full_name: untouched.full_name,
        password_hash: untouched.password_hash,
        is_active: true,
        row_version: 1,
      });
    }
    // A laptop may still set anyone's pin_hash.
    expect((await push(laptop, [upsert(7, 'recruiters', { ...recruiter, ...pin })])).applied).toBe(1);
  });

  it('keeps workflow states forward-only with the columns that belong to them', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    const laptopA = await sync.device('laptop');
    const laptopB = await sync.device('laptop');
    const recruiter = rows.recruiter();
    const candidate = rows.candidate();
    const resume = rows.resume(candidate.id);
    const feedback = rows.feedback(resume.id, id(), { status: 'pending_approval', auto_send_at: T0 });
    const interview = rows.interview(candidate.id);
    await push(laptopA, [upsert(1, 'recruiters', recruiter)]);
    await push(kiosk, [
      upsert(1, 'candidates', candidate),
      upsert(2, 'resumes', resume),
      upsert(3, 'resume_feedback', feedback),
      upsert(4, 'interviews', interview),
    ]);
    // Laptop A approves.
    const approvedAt = '2026-11-26T04:00:00.000Z';
    await push(laptopA, [
      upsert(2, 'resume_feedback', { ...feedback, status: 'approved', approved_at: approvedAt, approved_by: recruiter.id, row_version: 2 }),
    ]);
    // Laptop B, offline meanwhile, edits the text of its pending copy.
    const late = await push(laptopB, [
      upsert(1, 'resume_feedback', { ...feedback, feedback_content: 'Edited offline', row_version: 2 }),
    ]);
    expect(late).toMatchObject({ applied: 1, rejected: [] });
    const merged = await stored(sync, 'resume_feedback', feedback.id);
    expect(merged).toMatchObject({ status: 'approved', approved_by: recruiter.id, feedback_content: 'Edited offline', row_version: 3 });
    expect((merged['approved_at'] as Date).toISOString()).toBe(approvedAt);

    // An interview completes; a late 'abandoned' (another terminal state) and a late 'in_progress' change nothing of its state.
    const completedAt = '2026-11-26T05:00:00.000Z';
    await push(kiosk, [
      upsert(5, 'interviews', { ...interview, status: 'completed', completed_at: completedAt, duration_seconds: 1200, row_version: 3 }),
      upsert(6, 'interviews', { ...interview, status: 'abandoned', completed_at: null, duration_seconds: 5, row_version: 4 }),
      upsert(7, 'interviews', { ...interview, status: 'in_progress', ai_model_used: 'gpt-4o', row_version: 2 }),
    ]);
    const done = await stored(sync, 'interviews', interview.id);
    expect(done).toMatchObject({ status: 'completed', duration_seconds: 1200, ai_model_used: 'gpt-4o', row_version: 5 });
    expect((done['completed_at'] as Date).toISOString()).toBe(completedAt);

    // Resume parsing: failed stays failed with its reason.
    await push(kiosk, [
      upsert(8, 'resumes', { ...resume, parsing_status: 'failed', failure_reason: 'No text', row_version: 2 }),
      upsert(9, 'resumes', { ...resume, parsing_status: 'processing', row_version: 3 }),
    ]);
    expect(await stored(sync, 'resumes', resume.id)).toMatchObject({ parsing_status: 'failed', failure_reason: 'No text' });
  });

  it('never resurrects a tombstone, and ignores the laptop placeholder password hash', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    const laptop = await sync.device('laptop');
    const candidate = rows.candidate();
    const deletedAt = '2026-11-26T06:00:00.000Z';
    await push(kiosk, [
      upsert(1, 'candidates', candidate),
      { ...upsert(2, 'candidates', { ...candidate, deleted_at: deletedAt, row_version: 2 }), op: 'delete' },
      upsert(3, 'candidates', { ...candidate, phone: '+61 400 000 000', row_version: 3 }),
    ]);
    const row = await stored(sync, 'candidates', candidate.id);
    expect((row['deleted_at'] as Date).toISOString()).toBe(deletedAt);
    expect(row).toMatchObject({ phone: '+61 400 000 000', row_version: 3 });

    const other = rows.candidate();
    await push(kiosk, [upsert(4, 'candidates', other)]);
    await push(laptop, [upsert(1, 'candidates', { ...other, password_hash: '!synced-without-password', full_name: 'Renamed', row_version: 2 })]);
    expect(await stored(sync, 'candidates', other.id)).toMatchObject({ password_hash: other.password_hash, full_name: 'Renamed' });
  });

  it('makes row_version the greater of stored + 1 and incoming, and never takes origin_device_id from a device', async () => {
    const sync = await db.fresh();
    const laptop = await sync.device('laptop');
    const kiosk = await sync.device('kiosk');
    const candidate = rows.candidate(id(), { origin_device_id: kiosk.id });
    await push(laptop, [upsert(1, 'candidates', candidate), upsert(2, 'candidates', { ...candidate, row_version: 9 })]);
    expect(await stored(sync, 'candidates', candidate.id)).toMatchObject({ row_version: 9, origin_device_id: laptop.id });
    await push(laptop, [upsert(3, 'candidates', { ...candidate, row_version: 4 })]);
    expect(await stored(sync, 'candidates', candidate.id)).toMatchObject({ row_version: 10 });
  });
});
