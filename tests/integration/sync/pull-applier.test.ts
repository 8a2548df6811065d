import { describe, expect, it } from 'vitest';
import type { PulledChange } from '../../../src-main/sync/protocol';
import { useLocalDevice } from './local-support';

const device = useLocalDevice();

/** Another device's writes, as the server would send them: its outbox payloads are whole rows keyed by column. */
function serverRowsFrom(d: ReturnType<ReturnType<typeof useLocalDevice>>): PulledChange[] {
  const rows = d.store.sqlite.prepare('SELECT table_name, payload FROM sync_outbox ORDER BY id').all() as { table_name: string; payload: string }[];
  const latest = new Map<string, PulledChange>();
  for (const r of rows) {
    const row = JSON.parse(r.payload) as Record<string, unknown>;
    latest.set(`${r.table_name}:${String(row.id)}`, { table: r.table_name, row });
  }
  return [...latest.values()];
}

function kioskWithFeedback() {
  const kiosk = device();
  const candidate = kiosk.candidates.create({ email: 'ada@example.com', fullName: 'Ada Lovelace', passwordHash: '$2b$04$realhash' });
  const resume = kiosk.resumes.create({ candidateId: candidate.id, fileUrl: `files/ab/${'c'.repeat(62)}`, fileName: 'cv.pdf', fileSize: 10 });
  const feedback = kiosk.feedback.createPending({
    resumeId: resume.id,
    feedbackContent: 'Good resume, add more detail about projects.',
    identifiedGaps: ['testing'],
    recommendedResources: [{ title: 'Testing book', url: null, reason: 'gap' }],
    generatedAt: '2026-01-05T09:00:00.000Z',
    autoSendAt: '2026-01-06T09:00:00.000Z',
  });
  return { kiosk, candidate, resume, feedback };
}

describe('pull applier', () => {
  it('upserts pulled rows without writing the outbox, children before parents in the page, JSON and times in local shape', () => {
    const { kiosk, feedback, candidate } = kioskWithFeedback();
    const laptop = device();
    const page = serverRowsFrom(kiosk).reverse(); // children first: the applier must order them
    // Postgres-style times and a server-only column the device does not have.
    for (const change of page) {
      change.row.created_at = '2026-01-05 09:00:00.5+00';
      change.row.origin_device_id = '0190a000-0000-7000-8000-000000000001';
    }
    const result = laptop.applier.applyPage(page, { txid: '10', id: 3 });

    expect(result).toEqual({ applied: 3, parked: 0, skipped: 0 });
    expect(laptop.outboxCount()).toBe(0);
    expect(laptop.row('candidates', candidate.id)).toMatchObject({ email: 'ada@example.com', created_at: '2026-01-05T09:00:00.500Z' });
    expect(laptop.feedback.findById(feedback.id)).toMatchObject({
      status: 'pending_approval',
      identifiedGaps: ['testing'],
      recommendedResources: [{ title: 'Testing book', url: null, reason: 'gap' }],
    });
    expect(laptop.applier.cursor()).toEqual({ txid: '10', id: 3 });
  });

  it('shows a pulled row with this device’s unpushed named operations on top, column by column, as the server will store it', () => {
    const { kiosk, feedback } = kioskWithFeedback();
    const laptop = device();
    laptop.applier.applyPage(serverRowsFrom(kiosk), { txid: '1', id: 1 });
    // Offline on the laptop: the text is shortened, then the feedback approved; neither is pushed yet.
    laptop.feedback.updateContent(feedback.id, 'Short and kind.');
    laptop.feedback.approve(feedback.id, null);
    const queued = laptop.store.sqlite.prepare('SELECT operation_name, payload FROM sync_outbox ORDER BY id').all() as { operation_name: string; payload: string }[];
    expect(queued.map((entry) => [entry.operation_name, Object.keys(JSON.parse(entry.payload) as object).sort()])).toEqual([
      ['feedback.edit_text', ['feedback_content', 'id', 'updated_at']],
      ['feedback.approve', ['approved_at', 'approved_by', 'id', 'status', 'updated_at']],
    ]);

    // Meanwhile another device changed the row's gaps (and the text, earlier than this laptop did): the server's row arrives.
    const pulled = serverRowsFrom(kiosk).find((change) => change.table === 'resume_feedback')!.row;
    const onServer = { ...pulled, feedback_content: 'Server text', identified_gaps: ['cloud'], row_version: 5 };
    laptop.applier.applyPage([{ table: 'resume_feedback', row: onServer }], { txid: '2', id: 2 });

    expect(laptop.feedback.findById(feedback.id)).toMatchObject({
      feedbackContent: 'Short and kind.',
      status: 'approved',
      approvedBy: null,
      identifiedGaps: ['cloud'],
      rowVersion: 7,
    });
    expect(laptop.store.sqlite.prepare('SELECT count(*) AS n FROM sync_outbox WHERE pushed_at IS NULL').get()).toEqual({ n: 2 });
  });

  it('shows the sent text of feedback emailed meanwhile over an unpushed text edit, which the server will refuse', () => {
    const { kiosk, feedback } = kioskWithFeedback();
    const laptop = device();
    laptop.applier.applyPage(serverRowsFrom(kiosk), { txid: '1', id: 1 });
    laptop.feedback.updateContent(feedback.id, 'Edited offline on the laptop.');
    // As an app from before named operations queued the same edit: the whole row.
    const whole: Record<string, unknown> = { ...laptop.row('resume_feedback', feedback.id)!, feedback_content: 'Edited by an older app.' };
    laptop.store.sqlite
      .prepare("INSERT INTO sync_outbox (table_name, row_id, operation, row_version, payload, created_at) VALUES ('resume_feedback', ?, 'upsert', ?, ?, ?)")
      .run(feedback.id, whole.row_version, JSON.stringify(whole), whole.updated_at);

    // Another device approved it and the email went out: the server's row arrives.
    const pulled = serverRowsFrom(kiosk).find((change) => change.table === 'resume_feedback')!.row;
    const sent = { ...pulled, status: 'sent', approved_at: '2026-01-05T10:00:00.000Z', sent_at: '2026-01-05T10:05:00.000Z', row_version: 3 };
    laptop.applier.applyPage([{ table: 'resume_feedback', row: sent }], { txid: '2', id: 2 });

    expect(laptop.feedback.findById(feedback.id)).toMatchObject({ feedbackContent: pulled['feedback_content'], status: 'sent', rowVersion: 3 });
  });

  it('updates in place (no delete, so children survive) and keeps a real password hash over the laptop placeholder', () => {
    const { kiosk, candidate, resume } = kioskWithFeedback();
    const laptop = device();
    laptop.applier.applyPage(serverRowsFrom(kiosk), { txid: '1', id: 1 });
    const updated = { ...laptop.row('candidates', candidate.id)!, full_name: 'Ada King', password_hash: '!synced-without-password', row_version: 2 };
    laptop.applier.applyPage([{ table: 'candidates', row: updated }], { txid: '2', id: 2 });
    expect(laptop.row('candidates', candidate.id)).toMatchObject({ full_name: 'Ada King', password_hash: '$2b$04$realhash', row_version: 2 });
    expect(laptop.row('resumes', resume.id)).toBeDefined();
  });

  it('names the rows a pull to the end left waiting for a parent, from when first seen, until the parent comes', () => {
    const { kiosk, resume, candidate } = kioskWithFeedback();
    const laptop = device();
    const all = serverRowsFrom(kiosk);
    laptop.applier.applyPage([all.find((c) => c.row.id === resume.id)!], { txid: '1', id: 1 });
    expect(laptop.applier.waitingAfterPull()).toBeNull();

    const first = laptop.applier.noteEndOfPull();
    expect(first).toEqual({ count: 1, rows: [{ table: 'resumes', rowId: resume.id, parentTable: 'candidates', parentId: candidate.id, since: expect.any(String) }] });
    expect(laptop.logger.entries.some((entry) => entry.message.includes('wait for parent rows the hosted database has not sent'))).toBe(true);
    // Still waiting after the next pull: it keeps the time it was first seen.
    expect(laptop.applier.noteEndOfPull().rows[0]!.since).toBe(first.rows[0]!.since);
    expect(laptop.applier.waitingAfterPull()).toEqual(first);

    laptop.applier.applyPage([all.find((c) => c.row.id === candidate.id)!], { txid: '2', id: 2 });
    expect(laptop.applier.noteEndOfPull()).toEqual({ count: 0, rows: [] });
    expect(laptop.applier.waitingAfterPull()).toBeNull();
  });

  it('parks a row whose parent is in a later page and applies it when the parent arrives', () => {
    const { kiosk, resume, candidate } = kioskWithFeedback();
    const laptop = device();
    const all = serverRowsFrom(kiosk);
    const resumeRow = all.find((c) => c.row.id === resume.id)!;
    const candidateRow = all.find((c) => c.row.id === candidate.id)!;
    expect(laptop.applier.applyPage([resumeRow], { txid: '1', id: 1 })).toMatchObject({ applied: 0, parked: 1 });
    expect(laptop.row('resumes', resume.id)).toBeUndefined();
    expect(laptop.applier.applyPage([candidateRow], { txid: '2', id: 2 })).toMatchObject({ applied: 2, parked: 0 });
    expect(laptop.row('resumes', resume.id)).toBeDefined();
  });

  it('a page SQLite refuses changes nothing, and either way local writes get FULL durability back', () => {
    const { kiosk, candidate, resume } = kioskWithFeedback();
    const laptop = device();
    const synchronous = () => laptop.store.sqlite.pragma('synchronous', { simple: true });
    expect(synchronous()).toBe(2);
    const page = serverRowsFrom(kiosk);
    const spoiled = page.map((change) => (change.row.id === resume.id ? { ...change, row: { ...change.row, file_name: null } } : change));
    expect(() => laptop.applier.applyPage(spoiled, { txid: '1', id: 3 })).toThrow(/NOT NULL/);
    expect(laptop.row('candidates', candidate.id)).toBeUndefined();
    expect(laptop.applier.cursor()).toBeNull();
    expect(synchronous()).toBe(2);

    expect(laptop.applier.applyPage(page, { txid: '1', id: 3 })).toMatchObject({ applied: 3 });
    expect(laptop.applier.cursor()).toEqual({ txid: '1', id: 3 });
    expect(synchronous()).toBe(2);
  });

  it('releases a chain of parked rows when the first parent arrives, with the newest version of each', () => {
    const { kiosk, candidate, resume, feedback } = kioskWithFeedback();
    const laptop = device();
    const all = serverRowsFrom(kiosk);
    const of = (id: string) => all.find((change) => change.row.id === id)!;
    // Feedback waits for its resume, the resume for its candidate.
    expect(laptop.applier.applyPage([of(feedback.id), of(resume.id)], { txid: '1', id: 2 })).toEqual({ applied: 0, parked: 2, skipped: 0 });
    const resumeV2 = { table: 'resumes', row: { ...of(resume.id).row, file_name: 'cv-v2.pdf', row_version: 2 } };
    expect(laptop.applier.applyPage([resumeV2], { txid: '2', id: 3 })).toEqual({ applied: 0, parked: 2, skipped: 0 });
    expect(laptop.row('resumes', resume.id)).toBeUndefined();

    expect(laptop.applier.applyPage([of(candidate.id)], { txid: '3', id: 4 })).toEqual({ applied: 3, parked: 0, skipped: 0 });
    expect(laptop.row('resumes', resume.id)).toMatchObject({ file_name: 'cv-v2.pdf', row_version: 2 });
    expect(laptop.feedback.findById(feedback.id)).toMatchObject({ resumeId: resume.id });
  });

  it('a parked version never lands on top of a newer one that arrived with its parent present', () => {
    const { kiosk, candidate, resume, feedback } = kioskWithFeedback();
    const other = kiosk.resumes.create({ candidateId: candidate.id, fileUrl: `files/cd/${'e'.repeat(62)}`, fileName: 'other.pdf', fileSize: 20 });
    const laptop = device();
    const all = serverRowsFrom(kiosk);
    const of = (id: string) => all.find((change) => change.row.id === id)!;
    laptop.applier.applyPage([of(candidate.id), of(other.id)], { txid: '1', id: 2 });
    // The first version names a resume the laptop does not have yet: parked.
    expect(laptop.applier.applyPage([of(feedback.id)], { txid: '2', id: 3 })).toMatchObject({ applied: 0, parked: 1 });
    // A newer version names one it has: applied, and the parked one dropped.
    const newer = { table: 'resume_feedback', row: { ...of(feedback.id).row, resume_id: other.id, feedback_content: 'Second thoughts.', row_version: 2 } };
    expect(laptop.applier.applyPage([newer], { txid: '3', id: 4 })).toEqual({ applied: 1, parked: 0, skipped: 0 });
    // The first resume arriving releases nothing.
    expect(laptop.applier.applyPage([of(resume.id)], { txid: '4', id: 5 })).toEqual({ applied: 1, parked: 0, skipped: 0 });
    expect(laptop.feedback.findById(feedback.id)).toMatchObject({ resumeId: other.id, feedbackContent: 'Second thoughts.' });
  });

  it('re-applies a pending local change on top of the pulled row, keeping workflow states forward-only', () => {
    const { kiosk, feedback } = kioskWithFeedback();
    const laptop = device();
    laptop.applier.applyPage(serverRowsFrom(kiosk), { txid: '1', id: 1 });
    // The recruiter approves offline on the laptop: a pending outbox entry.
    laptop.feedback.approve(feedback.id, null);
    // Meanwhile the kiosk edited the text of the still-pending feedback, and that arrives first.
    const serverRow: Record<string, unknown> = { ...laptop.row('resume_feedback', feedback.id)!, status: 'pending_approval', approved_at: null, feedback_content: 'Edited on the kiosk, still pending.', row_version: 2 };
    serverRow.identified_gaps = ['testing'];
    serverRow.recommended_resources = [];
    laptop.applier.applyPage([{ table: 'resume_feedback', row: serverRow }], { txid: '2', id: 2 });

    // The laptop still shows its approval (it will win on the server), over the server's row.
    const shown = laptop.feedback.findById(feedback.id)!;
    expect(shown.status).toBe('approved');
    expect(shown.approvedAt).not.toBeNull();
    expect(shown.rowVersion).toBe(3);
    expect(laptop.outboxCount()).toBe(1);
  });
});
