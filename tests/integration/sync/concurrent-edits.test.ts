import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DELIVER_JOB_KIND } from '../../../src-main/resumes/feedback-delivery';
import { CLAIMED_TEXT_REFUSAL, SENT_TEXT_REFUSAL } from '../../fixtures/merge-cases';
import { useTestPostgres } from '../../support/postgres';
import { TestSmtpServer } from '../../support/smtp-server';
import { strongPassword } from '../../support/test-app';
import { asOwner, enrolledDevice, hostedDatabase, kioskFeedback, localRow, type Device } from './hosted-support';

/*
 * Issue 22, point 3: a kiosk edits a feedback text while a recruiter's
 * laptop approves the same feedback offline, carrying the old text. Each
 * edit is a named operation that pushes only its own columns, so whichever
 * syncs first, the hosted database and both devices end with the edited
 * text AND the approval, and the email that goes out (through a real SMTP
 * server) carries the edited text.
 */

const postgres = useTestPostgres();
let smtp: TestSmtpServer;
const devices: Device[] = [];
beforeEach(async () => {
  smtp = new TestSmtpServer();
  await smtp.start();
});
afterEach(async () => {
  for (const device of devices.splice(0)) device.close();
  await smtp.stop();
});

const EDITED = 'Edited at the kiosk: describe the testing you did on each project, and how you measured it.';

interface JobRow {
  status: string;
}

/** The laptop's email job, once no runner holds it. */
async function deliveryJob(device: Device): Promise<JobRow> {
  for (let waited = 0; waited < 5000; waited += 20) {
    const job = device.app.database.sqlite.prepare('SELECT status FROM jobs WHERE kind = ?').get(DELIVER_JOB_KIND) as JobRow | undefined;
    if (job && job.status !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the email job never settled');
}

/** The delivery job's wait for the hosted database is over: it runs now. */
async function deliverNow(device: Device): Promise<void> {
  await deliveryJob(device);
  device.app.database.sqlite.prepare("UPDATE jobs SET run_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE kind = ? AND status = 'queued'").run(DELIVER_JOB_KIND);
  await device.app.jobRunner.drain();
  expect(await deliveryJob(device)).toMatchObject({ status: 'succeeded' });
}

/** A feedback pending approval, synced to the kiosk that made it and to a laptop that can email it. */
async function pendingOnBothSides() {
  const url = await hostedDatabase(() => postgres.current.createDatabase());
  const kiosk = await enrolledDevice(url, 'kiosk');
  const laptop = await enrolledDevice(url, 'laptop', { smtpPort: smtp.port });
  devices.push(kiosk, laptop);
  const { candidate, feedback } = await kioskFeedback(kiosk, Buffer.from('%PDF-1.4 a resume'));
  const recruiter = await laptop.app.services.staff.create({ email: 'rita@example.com', password: strongPassword, fullName: 'Rita Recruiter', role: 'recruiter' });
  await kiosk.app.services.sync.syncNow();
  await laptop.app.services.sync.syncNow();
  const original = String(localRow(laptop, 'resume_feedback', feedback.id)?.feedback_content);
  const onServer = async () => (await asOwner(url, 'SELECT feedback_content, status FROM resume_feedback WHERE id = $1', [feedback.id]))[0];
  return { url, kiosk, laptop, candidate, feedback, recruiter, original, onServer };
}

describe('a kiosk edits feedback text while a laptop approves it offline', () => {
  it.each([
    ['the kiosk', 'kiosk'],
    ['the laptop', 'laptop'],
  ] as const)('both changes survive when %s syncs first, and the email carries the edited text', async (_, first) => {
    const { url, kiosk, laptop, candidate, feedback, recruiter, original } = await pendingOnBothSides();

    // Both offline: the laptop approves the text it holds; the kiosk edits it.
    kiosk.network.online = false;
    laptop.network.online = false;
    laptop.app.services.resumes.approveFeedback(feedback.id, recruiter.id);
    kiosk.app.services.resumes.updateFeedback(feedback.id, EDITED);
    // The email waits for the hosted database, which decides who sends it.
    await laptop.app.jobRunner.drain();
    expect(await deliveryJob(laptop)).toMatchObject({ status: 'queued' });
    expect(smtp.mails).toEqual([]);

    kiosk.network.online = true;
    laptop.network.online = true;
    const [a, b] = first === 'kiosk' ? [kiosk, laptop] : [laptop, kiosk];
    for (const device of [a, b, a]) expect(await device.app.services.sync.syncNow()).toMatchObject({ lastError: null, rejected: 0, pendingChanges: 0 });

    const both = { feedback_content: EDITED, status: 'approved', approved_by: recruiter.id };
    expect(localRow(laptop, 'resume_feedback', feedback.id)).toMatchObject(both);
    expect(localRow(kiosk, 'resume_feedback', feedback.id)).toMatchObject(both);
    const [onServer] = await asOwner(url, 'SELECT feedback_content, status, approved_by FROM resume_feedback WHERE id = $1', [feedback.id]);
    expect(onServer).toEqual(both);

    await deliverNow(laptop);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.to).toContain(candidate.email);
    expect(smtp.mails[0]!.text.trim()).toBe(EDITED);
    expect(smtp.mails[0]!.text).not.toContain(original);

    // The sending syncs as its own operation too: every copy ends sent, with the edited text and the approver.
    await laptop.app.services.sync.syncNow();
    await kiosk.app.services.sync.syncNow();
    const sent = { ...both, status: 'sent' };
    const [finalOnServer] = await asOwner(url, 'SELECT feedback_content, status, approved_by FROM resume_feedback WHERE id = $1', [feedback.id]);
    expect(finalOnServer).toEqual(sent);
    expect(localRow(laptop, 'resume_feedback', feedback.id)).toMatchObject(sent);
    expect(localRow(kiosk, 'resume_feedback', feedback.id)).toEqual(localRow(laptop, 'resume_feedback', feedback.id));
    expect(Number((await asOwner<{ n: string }>(url, 'SELECT count(*) AS n FROM sync.rejections'))[0]!.n)).toBe(0);
  });

  it('an edit that arrives after the email went out is refused, shown to the kiosk, and the sent text stays', async () => {
    const { url, kiosk, laptop, feedback, recruiter, original } = await pendingOnBothSides();

    // The kiosk edits offline; meanwhile the laptop approves, the email goes out and the sending syncs.
    kiosk.network.online = false;
    kiosk.app.services.resumes.updateFeedback(feedback.id, EDITED);
    laptop.app.services.resumes.approveFeedback(feedback.id, recruiter.id);
    await laptop.app.services.sync.syncNow();
    await deliverNow(laptop);
    await laptop.app.services.sync.syncNow();
    expect(smtp.mails.map((mail) => mail.text.trim())).toEqual([original.trim()]);

    kiosk.network.online = true;
    const status = await kiosk.app.services.sync.syncNow();
    expect(status).toMatchObject({ lastError: null, pendingChanges: 0, rejected: 1, refusals: [{ table: 'resume_feedback', rowId: feedback.id, reason: SENT_TEXT_REFUSAL }] });
    const sent = { feedback_content: original, status: 'sent', approved_by: recruiter.id };
    const [onServer] = await asOwner(url, 'SELECT feedback_content, status, approved_by FROM resume_feedback WHERE id = $1', [feedback.id]);
    expect(onServer).toEqual(sent);
    expect(localRow(kiosk, 'resume_feedback', feedback.id)).toMatchObject(sent);
    expect(localRow(kiosk, 'resume_feedback', feedback.id)).toEqual(localRow(laptop, 'resume_feedback', feedback.id));
  });
});

/*
 * The email sends the text the hosted database holds, and nothing changes
 * that text once a device has claimed the sending (docs/sync.md, "Time rules
 * on the database's clock"; "Named operations", rule 5).
 */
describe('the feedback email and edits around its claim', () => {
  it('an edit that reaches the server while the claimant is sending is refused, and the email carries the claimed text', async () => {
    const { kiosk, laptop, feedback, recruiter, original, onServer } = await pendingOnBothSides();
    laptop.app.services.resumes.approveFeedback(feedback.id, recruiter.id);
    await laptop.app.services.sync.syncNow();

    // The laptop has claimed the email and its message is at the SMTP server; the kiosk, which
    // has not heard of the approval, edits the text and syncs just then.
    let kioskStatus: Awaited<ReturnType<typeof kiosk.app.services.sync.syncNow>> | null = null;
    smtp.beforeAccept = async () => {
      smtp.beforeAccept = null;
      kiosk.app.services.resumes.updateFeedback(feedback.id, EDITED);
      kioskStatus = await kiosk.app.services.sync.syncNow();
    };
    await deliverNow(laptop);
    expect(smtp.mails.map((mail) => mail.text.trim())).toEqual([original.trim()]);
    // Refused in the push reply, and the pull brought the server's text back.
    expect(kioskStatus).toMatchObject({ lastError: null, pendingChanges: 0, rejected: 1, refusals: [{ table: 'resume_feedback', rowId: feedback.id, reason: CLAIMED_TEXT_REFUSAL }] });
    expect(localRow(kiosk, 'resume_feedback', feedback.id)).toMatchObject({ feedback_content: original, status: 'approved' });
    expect(await onServer()).toEqual({ feedback_content: original, status: 'approved' });

    await laptop.app.services.sync.syncNow();
    await kiosk.app.services.sync.syncNow();
    expect(await onServer()).toEqual({ feedback_content: original, status: 'sent' });
    expect(localRow(kiosk, 'resume_feedback', feedback.id)).toEqual(localRow(laptop, 'resume_feedback', feedback.id));
  });

  it('a claimant that has not pulled the latest edit sends nothing until its next sync, then the edited text', async () => {
    const { url, kiosk, laptop, candidate, feedback, recruiter, onServer } = await pendingOnBothSides();
    kiosk.app.services.resumes.updateFeedback(feedback.id, EDITED);
    await kiosk.app.services.sync.syncNow();
    expect(await onServer()).toEqual({ feedback_content: EDITED, status: 'pending_approval' });

    // The laptop approves the text it holds and its email job runs before it has synced again.
    laptop.app.services.resumes.approveFeedback(feedback.id, recruiter.id);
    await laptop.app.jobRunner.drain();
    expect(await deliveryJob(laptop)).toMatchObject({ status: 'queued' });
    expect(laptop.app.database.sqlite.prepare('SELECT attempts, last_error FROM jobs WHERE kind = ?').get(DELIVER_JOB_KIND)).toMatchObject({
      attempts: 0,
      last_error: expect.stringMatching(/newer text/),
    });
    expect(smtp.mails).toEqual([]);
    expect(Number((await asOwner<{ n: string }>(url, 'SELECT count(*) AS n FROM sync.delivery_claims'))[0]!.n)).toBe(0);

    expect(await laptop.app.services.sync.syncNow()).toMatchObject({ lastError: null, rejected: 0, pendingChanges: 0 });
    await deliverNow(laptop);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.to).toContain(candidate.email);
    expect(smtp.mails[0]!.text.trim()).toBe(EDITED);
    await laptop.app.services.sync.syncNow();
    expect(await onServer()).toEqual({ feedback_content: EDITED, status: 'sent' });
  });
});
