import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { id, pull, push, rows, sqlState, upsert, useSyncDatabase, type Device } from './support';

const db = useSyncDatabase();
const CHUNK = 256 * 1024;

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function putChunk(device: Device, hash: string, size: number, offset: number, bytes: Buffer) {
  return device.call<{ received: number; complete: boolean }>('put_file_chunk', hash, 'audio/webm', size, offset, bytes);
}

async function missing(device: Device, hashes: string[]) {
  return device.call<{ missing: { hash: string; received: number }[] }>('missing_files', hashes);
}

describe('files', () => {
  it('uploads in chunks, resumes after an interruption, verifies sha-256 and serves ranges', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    const laptop = await sync.device('laptop');
    const file = randomBytes(CHUNK * 2 + 1000);
    const hash = sha256(file);
    const absent = sha256(Buffer.from('never uploaded'));

    expect(await missing(kiosk, [hash, absent])).toEqual({ missing: [{ hash, received: 0 }, { hash: absent, received: 0 }] });
    expect(await putChunk(kiosk, hash, file.length, 0, file.subarray(0, CHUNK))).toEqual({ received: CHUNK, complete: false });
    // The connection drops here. Later the device asks where to go on.
    expect(await missing(kiosk, [hash])).toEqual({ missing: [{ hash, received: CHUNK }] });
    // A chunk at the wrong offset is refused, naming the expected one.
    const wrong = await sqlState(putChunk(kiosk, hash, file.length, CHUNK * 2, file.subarray(CHUNK * 2)));
    expect(wrong?.code).toBe('KS004');
    expect(wrong?.message).toContain(`expected offset ${CHUNK}`);
    expect(await putChunk(kiosk, hash, file.length, CHUNK, file.subarray(CHUNK, CHUNK * 2))).toEqual({ received: CHUNK * 2, complete: false });
    expect(await putChunk(kiosk, hash, file.length, CHUNK * 2, file.subarray(CHUNK * 2))).toEqual({ received: file.length, complete: true });
    expect(await missing(laptop, [hash, absent])).toEqual({ missing: [{ hash: absent, received: 0 }] });
    // Sending a complete file again is a no-op.
    expect(await putChunk(laptop, hash, file.length, 0, file.subarray(0, CHUNK))).toEqual({ received: file.length, complete: true });

    const get = (offset: number, length: number) => laptop.call<Buffer>('get_file', hash, offset, length);
    expect((await get(0, file.length)).equals(file)).toBe(true);
    expect((await get(CHUNK - 10, 30)).equals(file.subarray(CHUNK - 10, CHUNK + 20))).toBe(true);
    expect((await get(file.length - 5, 100)).equals(file.subarray(file.length - 5))).toBe(true);
    expect((await get(file.length + 10, 100)).length).toBe(0);
    // A file the server does not have reads as no bytes (the device's sha-256 check tells it from an empty file).
    expect((await laptop.call<Buffer>('get_file', absent, 0, 10)).length).toBe(0);
    // An incomplete upload is not served either.
    const partial = randomBytes(100);
    await putChunk(kiosk, sha256(partial), partial.length, 0, partial.subarray(0, 50));
    expect((await laptop.call<Buffer>('get_file', sha256(partial), 0, 100)).length).toBe(0);
    expect((await sqlState(laptop.call('get_file', 'not-a-hash', 0, 10)))?.code).toBe('KS004');
  });

  it('refuses bytes that do not match their hash; the device starts again at offset 0', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    const file = randomBytes(CHUNK + 10);
    const hash = sha256(file);
    const corrupt = Buffer.from(file);
    corrupt[5] = corrupt[5]! ^ 0xff;
    await putChunk(kiosk, hash, file.length, 0, corrupt.subarray(0, CHUNK));
    const mismatch = await sqlState(putChunk(kiosk, hash, file.length, CHUNK, corrupt.subarray(CHUNK)));
    expect(mismatch?.code).toBe('KS004');
    expect(mismatch?.message).toMatch(/sha-256.*offset 0/);
    // Restarting at 0 discards what was stored and succeeds with the right bytes.
    expect(await putChunk(kiosk, hash, file.length, 0, file.subarray(0, CHUNK))).toEqual({ received: CHUNK, complete: false });
    expect(await putChunk(kiosk, hash, file.length, CHUNK, file.subarray(CHUNK))).toEqual({ received: file.length, complete: true });
    expect((await kiosk.call<Buffer>('get_file', hash, 0, file.length)).equals(file)).toBe(true);
    expect((await sqlState(kiosk.call('missing_files', ['not-a-hash'])))?.code).toBe('KS004');
  });

  it('stores an empty file', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    const hash = sha256(Buffer.alloc(0));
    expect(await putChunk(kiosk, hash, 0, 0, Buffer.alloc(0))).toEqual({ received: 0, complete: true });
    expect((await kiosk.call<Buffer>('get_file', hash, 0, 10)).length).toBe(0);
  });
});

describe('decisions on the database clock', () => {
  it('claim_delivery: one device, and only with the stored text', async () => {
    const sync = await db.fresh();
    const a = await sync.device('laptop');
    const b = await sync.device('kiosk');
    const candidate = rows.candidate();
    const resume = rows.resume(candidate.id);
    const feedback = rows.feedback(resume.id, id(), { feedback_content: 'Describe the testing you did.' });
    await push(b, [upsert(1, 'candidates', candidate), upsert(2, 'resumes', resume), upsert(3, 'resume_feedback', feedback)]);
    const feedbackId = feedback.id;
    const current = sha256(Buffer.from('Describe the testing you did.', 'utf8'));
    const older = sha256(Buffer.from('Describe testing.', 'utf8'));
    // Not the stored text (an edit this device has not pulled): nothing is claimed, for anyone.
    expect(await a.call<string>('claim_delivery', feedbackId, older)).toBe('not_current');
    expect((await sync.admin.query('SELECT count(*)::int AS n FROM sync.delivery_claims')).rows).toEqual([{ n: 0 }]);
    const answers = await Promise.all([a.call<string>('claim_delivery', feedbackId, current), b.call<string>('claim_delivery', feedbackId, current)]);
    expect([...answers].sort()).toEqual(['claimed', 'taken']);
    const winner = answers[0] === 'claimed' ? a : b;
    const loser = answers[0] === 'claimed' ? b : a;
    expect(await loser.call<string>('claim_delivery', feedbackId, current)).toBe('taken');
    expect(await winner.call<string>('claim_delivery', feedbackId, current)).toBe('claimed'); // a retry after a lost answer
    expect(await winner.call<string>('claim_delivery', feedbackId, older)).toBe('not_current');
    expect((await sync.admin.query('SELECT content_sha256 FROM sync.delivery_claims')).rows).toEqual([{ content_sha256: current }]);
    // A row the server does not hold has no text to send.
    expect(await a.call<string>('claim_delivery', id(), current)).toBe('not_current');
    // Not a hash: refused (KS004) rather than compared.
    expect((await sqlState(a.call('claim_delivery', feedbackId, 'ABC')))?.code).toBe('KS004');
  });

  it('auto_approve_due approves pending feedback due by the database now(), whatever the device clock says', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    const laptop = await sync.device('laptop');
    const { rows: clock } = await sync.admin.query('SELECT now() AS now');
    const dbNow = (clock[0].now as Date).getTime();
    const candidate = rows.candidate();
    const resumes = [rows.resume(candidate.id), rows.resume(candidate.id), rows.resume(candidate.id)];
    const due = rows.feedback(resumes[0]!.id, id(), { status: 'pending_approval', auto_send_at: new Date(dbNow - 60_000).toISOString() });
    const notYet = rows.feedback(resumes[1]!.id, id(), { status: 'pending_approval', auto_send_at: new Date(dbNow + 3_600_000).toISOString() });
    const draft = rows.feedback(resumes[2]!.id, id(), { status: 'draft', auto_send_at: new Date(dbNow - 60_000).toISOString() });
    await push(kiosk, [
      upsert(1, 'candidates', candidate),
      ...resumes.map((resume, index) => upsert(index + 2, 'resumes', resume)),
      upsert(5, 'resume_feedback', due),
      upsert(6, 'resume_feedback', notYet),
      upsert(7, 'resume_feedback', draft),
    ]);
    const cursor = (await pull(laptop)).cursor;
    // Only a device that holds the feedback may approve it: another kiosk could not queue its email.
    const otherKiosk = await sync.device('kiosk');
    expect(await otherKiosk.call('auto_approve_due')).toEqual({ approved: [] });
    expect(await kiosk.call('auto_approve_due')).toEqual({ approved: [due.id] });
    expect(await laptop.call('auto_approve_due')).toEqual({ approved: [] });
    const { rows: stored } = await sync.admin.query('SELECT status, approved_by, approved_at, row_version FROM resume_feedback WHERE id = $1', [due.id]);
    expect(stored[0]).toMatchObject({ status: 'approved', approved_by: null, row_version: 2 });
    // Devices learn of it by pulling.
    const changed = await pull(laptop, cursor);
    expect(changed.changes.map((change) => change.row['status'])).toEqual(['approved']);
  });
});
