import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESUME_MAX_BYTES } from '../../../shared/domain/resume';
import { feedbackMessageId, FEEDBACK_SUBJECT } from '../../../src-main/resumes/feedback-delivery';
import { PARSE_GAVE_UP } from '../../../src-main/resumes/resume-intake';
import type { ResumeFixtures } from '../../fixtures/resumes/make-resumes';
import { FakeClock } from '../../support/test-app';
import { webhookEventsOf } from '../../support/webhook-events';
import {
  base64,
  createResumeHarness,
  feedbackReply,
  parsedReply,
  schemaNameOf,
  scriptResumeAi,
  SENDER,
  signInStaff,
  signUpCandidate,
  SMTP_PASSWORD,
  SMTP_USER,
  TestSmtpServer,
  useResumeWorld,
  waitFor,
  type ResumeHarness,
} from './workflow-support';

const HOUR = 3_600_000;

const world = useResumeWorld();
const { harness, fixture } = world;

interface JobRow {
  status: string;
  attempts: number;
  run_at: string;
  last_error: string | null;
}

const candidateIdOf = (t: ResumeHarness, email: string) => t.rows<{ id: string }>('SELECT id FROM candidates WHERE email = ?', email)[0]!.id;

function feedbackRow(t: ResumeHarness, resumeId: string) {
  return t.rows<{ id: string; status: string; generated_at: string; auto_send_at: string; sent_at: string | null }>(
    'SELECT * FROM resume_feedback WHERE resume_id = ?',
    resumeId,
  )[0];
}

/** Uploads as a new candidate and waits for the feedback to be pending approval. */
async function uploadToFeedback(t: ResumeHarness, file: keyof ResumeFixtures = 'one-column.pdf') {
  const email = await signUpCandidate(t);
  const resume = await t.ok('resume.upload', { fileName: file, fileBase64: fixture(file) });
  const feedback = await waitFor(() => feedbackRow(t, resume.id), 'feedback');
  return { email, resume, feedback };
}

const mailsTo = (email: string) => world.smtp.mails.filter((m) => m.to.includes(email));

describe('resume upload and parsing', () => {
  it('reads real PDF and DOCX resumes, parses them and writes feedback due for auto-send in 4 hours', async () => {
    const t = harness();
    const email = await signUpCandidate(t);
    for (const file of ['one-column.pdf', 'resume.docx'] as const) {
      const uploaded = await t.ok('resume.upload', { fileName: file, fileBase64: fixture(file) });
      expect(uploaded).toMatchObject({ fileName: file, parsingStatus: 'pending', failureReason: null, parsed: null });
      const feedback = await waitFor(() => feedbackRow(t, uploaded.id), `feedback on ${file}`);
      expect(feedback.status).toBe('pending_approval');
      expect(Date.parse(feedback.auto_send_at) - Date.parse(feedback.generated_at)).toBe(4 * HOUR);
    }
    const mine = await t.ok('resume.listMine', {});
    expect(mine.resumes).toHaveLength(2);
    for (const resume of mine.resumes) expect(resume).toMatchObject({ parsingStatus: 'completed', parsed: parsedReply, failureReason: null });
    expect(mine.resumes[0]!.parsedAt).not.toBeNull();
    // The parser was given the extracted text, not the file.
    const parseRequests = world.ai.requests.filter((r) => schemaNameOf(r) === 'parsed_resume');
    expect(parseRequests).toHaveLength(2);
    expect(JSON.stringify(parseRequests[1]!.json.messages)).toContain('Resume text');
    // The file is kept in the content store, named by the stored row.
    const [row] = t.rows<{ file_url: string }>('SELECT file_url FROM resumes ORDER BY uploaded_at LIMIT 1');
    expect(existsSync(join(t.dataDir, ...row!.file_url.split('/')))).toBe(true);

    // Issue 21: a resume.parsed event per resume, written with the parse: the skills read, none of the resume's text.
    const candidateId = candidateIdOf(t, email);
    const events = webhookEventsOf(t, 'resume.parsed');
    const expected = mine.resumes.map((resume) => ({
      candidateId,
      occurredAt: resume.parsedAt,
      data: {
        candidate: { id: candidateId, fullName: 'Zoë Ångström', email },
        resume: { id: resume.id, fileName: resume.fileName, parsedAt: resume.parsedAt, skills: parsedReply.skills },
      },
    }));
    // Both parsed at the same fake instant: their order is not the point.
    expect(events).toHaveLength(2);
    expect(events).toEqual(expect.arrayContaining(expected));
    expect(JSON.stringify(events)).not.toContain(parsedReply.summary);

    await signInStaff(t);
    const queue = await t.ok('feedback.list', { status: 'pending_approval' }, 'recruiter');
    expect(queue.items).toHaveLength(2);
    expect(queue.items[0]).toMatchObject({
      status: 'pending_approval',
      candidateName: 'Zoë Ångström',
      feedbackContent: feedbackReply.feedbackContent,
      identifiedGaps: feedbackReply.identifiedGaps,
      recommendedResources: feedbackReply.recommendedResources,
      delivery: 'not_queued',
      deliveryError: null,
    });
  });

  it('refuses a PNG named .pdf and a file over 10 MB with clear messages, storing nothing', async () => {
    const t = harness();
    await signUpCandidate(t);
    const png = await t.call('resume.upload', { fileName: 'resume.pdf', fileBase64: fixture('image.png.pdf') });
    expect(png).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!png.ok) expect(png.error.message).toMatch(/PNG|image/i);

    const big = Buffer.alloc(RESUME_MAX_BYTES + 1, 0x20);
    big.write('%PDF-1.7\n');
    const tooBig = await t.call('resume.upload', { fileName: 'huge.pdf', fileBase64: base64(big) });
    expect(tooBig).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!tooBig.ok) expect(tooBig.error.message).toMatch(/MB/);

    expect(t.rows('SELECT id FROM resumes')).toHaveLength(0);
    expect(t.rows('SELECT id FROM stored_files')).toHaveLength(0);
    expect(t.rows(`SELECT id FROM jobs WHERE kind = 'resume.parse'`)).toHaveLength(0);
    expect(existsSync(join(t.dataDir, 'files'))).toBe(false);
    expect(t.rows('SELECT id FROM webhook_events')).toHaveLength(0);
  });

  it('marks a scanned PDF failed with the reason, and staff find it under failed', async () => {
    const t = harness();
    await signUpCandidate(t);
    const uploaded = await t.ok('resume.upload', { fileName: 'scan.pdf', fileBase64: fixture('scanned.pdf') });
    const resume = await waitFor(() => t.rows<{ parsing_status: string; failure_reason: string }>(`SELECT * FROM resumes WHERE id = ? AND parsing_status = 'failed'`, uploaded.id)[0], 'failure');
    expect(resume.failure_reason).toMatch(/scan|text/i);
    expect(world.ai.requests.filter((r) => r.endpoint === 'chat')).toHaveLength(0);
    await signInStaff(t);
    const review = await t.ok('resume.listForReview', { status: 'failed' }, 'viewer');
    expect(review.resumes).toEqual([expect.objectContaining({ id: uploaded.id, parsingStatus: 'failed', failureReason: resume.failure_reason })]);
    expect((await t.ok('resume.listForReview', { status: 'completed' }, 'viewer')).resumes).toHaveLength(0);
    expect(webhookEventsOf(t, 'resume.parsed')).toEqual([]);
  });

  it('gives up after the language model fails three times', async () => {
    scriptResumeAi(world.ai, () => ({ kind: 'structured', json: { nothing: 'like a resume' } }));
    const t = harness();
    await signUpCandidate(t);
    const uploaded = await t.ok('resume.upload', { fileName: 'resume.docx', fileBase64: fixture('resume.docx') });
    const job = await waitFor(() => {
      t.clock.advance(10_000);
      return t.rows<JobRow>(`SELECT * FROM jobs WHERE kind = 'resume.parse' AND status = 'failed'`)[0];
    }, 'the parse job to fail');
    expect(job.attempts).toBe(3);
    const [mine] = (await t.ok('resume.listMine', {})).resumes;
    expect(mine).toMatchObject({ id: uploaded.id, parsingStatus: 'failed', failureReason: PARSE_GAVE_UP });
    expect(t.rows('SELECT id FROM resume_feedback')).toHaveLength(0);
    expect(webhookEventsOf(t, 'resume.parsed')).toEqual([]);
  });

  it('shows candidates only their own resumes', async () => {
    const t = harness();
    await signUpCandidate(t, 'kiosk');
    await t.ok('resume.upload', { fileName: 'resume.docx', fileBase64: fixture('resume.docx') }, 'kiosk');
    await signUpCandidate(t, 'other-kiosk');
    expect((await t.ok('resume.listMine', {}, 'other-kiosk')).resumes).toHaveLength(0);
    expect((await t.ok('resume.listMine', {}, 'kiosk')).resumes).toHaveLength(1);
  });
});

describe('feedback approval and email', () => {
  it('approving sends exactly one email; approving again is a conflict; viewers may read but not approve', async () => {
    const t = harness();
    const { email, feedback } = await uploadToFeedback(t);
    await signInStaff(t);

    expect((await t.ok('feedback.list', { status: 'all' }, 'viewer')).items).toHaveLength(1);
    expect(await t.call('feedback.approve', { feedbackId: feedback.id }, 'viewer')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await t.call('feedback.update', { feedbackId: feedback.id, feedbackContent: 'x'.repeat(40) }, 'viewer')).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await t.call('feedback.list', { status: 'all' }, 'kiosk')).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const edited = `${feedbackReply.feedbackContent}\n\nP.S. We loved your portfolio.`;
    await t.ok('feedback.update', { feedbackId: feedback.id, feedbackContent: edited }, 'recruiter');
    const approved = await t.ok('feedback.approve', { feedbackId: feedback.id }, 'recruiter');
    expect(approved).toMatchObject({ status: 'approved', approvedByName: 'Rita recruiter' });

    await waitFor(() => feedbackRow(t, approved.resumeId)?.status === 'sent', 'sent');
    expect(mailsTo(email)).toHaveLength(1);
    const [mail] = world.smtp.mails;
    expect(mail).toMatchObject({ subject: FEEDBACK_SUBJECT, from: SENDER, messageId: feedbackMessageId(feedback.id) });
    expect(mail!.to).toBe(email);
    expect(mail!.text.trim()).toBe(edited);
    expect(world.smtp.authAttempts).toContainEqual({ username: SMTP_USER, password: SMTP_PASSWORD });

    const listed = (await t.ok('feedback.list', { status: 'sent' }, 'admin')).items[0];
    expect(listed).toMatchObject({ status: 'sent', delivery: 'delivered', deliveryError: null });
    expect(listed!.sentAt).not.toBeNull();
    // Issue 21: a feedback.sent event, written as the feedback is marked sent: to whom and when, not its words.
    const candidateId = candidateIdOf(t, email);
    const sentEvent = {
      candidateId,
      occurredAt: listed!.sentAt,
      data: { candidate: { id: candidateId, fullName: 'Zoë Ångström', email }, feedback: { id: feedback.id, resumeId: approved.resumeId, sentAt: listed!.sentAt } },
    };
    expect(webhookEventsOf(t, 'feedback.sent')).toEqual([sentEvent]);

    const again = await t.call('feedback.approve', { feedbackId: feedback.id }, 'admin');
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
    if (!again.ok) expect(again.error.message).toMatch(/already sent/);
    expect(await t.call('feedback.update', { feedbackId: feedback.id, feedbackContent: 'y'.repeat(40) }, 'admin')).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(world.smtp.mails).toHaveLength(1);
    expect(webhookEventsOf(t, 'feedback.sent')).toEqual([sentEvent]);
    // Never the candidate's address or the SMTP password in the log.
    const log = t.logLines.join('\n');
    expect(log).not.toContain(SMTP_PASSWORD);
    expect(log).not.toContain(email);
  });

  it('auto-sends feedback nobody reviewed once 4 hours have passed', async () => {
    const t = harness();
    const { email } = await uploadToFeedback(t);
    t.clock.advance(3 * HOUR);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(t.rows<{ status: string }>('SELECT status FROM resume_feedback')[0]!.status).toBe('pending_approval');

    t.clock.advance(HOUR + 5 * 60_000);
    await waitFor(() => t.rows<{ status: string }>(`SELECT status FROM resume_feedback WHERE status = 'sent'`)[0], 'auto-sent');
    expect(mailsTo(email)).toHaveLength(1);
    const [row] = t.rows<{ approved_by: string | null; approved_at: string }>('SELECT approved_by, approved_at FROM resume_feedback');
    expect(row!.approved_by).toBeNull();
    expect(row!.approved_at).not.toBeNull();
  });

  it('two app instances on one database send a due feedback exactly once', async () => {
    const clock = new FakeClock();
    const a = harness({ clock, runnerId: 'runner-a' });
    const { email } = await uploadToFeedback(a);
    const b = createResumeHarness(world.ai, world.smtp.port, { dataDir: a.dataDir, clock, runnerId: 'runner-b' });
    try {
      clock.advance(5 * HOUR);
      await Promise.all([a.app.jobRunner.drain(), b.app.jobRunner.drain(), a.app.jobRunner.drain(), b.app.jobRunner.drain()]);
      await waitFor(() => a.rows(`SELECT id FROM resume_feedback WHERE status = 'sent'`)[0], 'sent');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(mailsTo(email)).toHaveLength(1);
      expect(webhookEventsOf(a, 'feedback.sent')).toHaveLength(1);
      expect(a.rows(`SELECT id FROM jobs WHERE kind = 'email.deliver'`)).toHaveLength(1);
      expect(a.rows(`SELECT id FROM jobs WHERE kind = 'feedback.autoSend'`)).toHaveLength(1);
    } finally {
      b.shutDown();
    }
  });

  it('retries an unreachable SMTP server with exponential backoff and reports failure after 5 attempts', async () => {
    const t = harness();
    const { email, feedback } = await uploadToFeedback(t);
    await signInStaff(t);
    await world.smtp.stop();
    await t.ok('feedback.approve', { feedbackId: feedback.id }, 'recruiter');
    const job = () => t.rows<JobRow>(`SELECT * FROM jobs WHERE kind = 'email.deliver'`)[0]!;
    const waitsSeen: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      await waitFor(() => job().attempts === attempt && job().status === 'queued', `attempt ${attempt}`);
      waitsSeen.push(Date.parse(job().run_at) - t.clock.now().getTime());
      const listed = (await t.ok('feedback.list', { status: 'approved' }, 'recruiter')).items[0];
      expect(listed).toMatchObject({ delivery: 'queued' });
      expect(listed!.deliveryError).toMatch(/Could not reach the SMTP server/);
      t.clock.advance(waitsSeen.at(-1)!);
    }
    expect(waitsSeen).toEqual([1000, 2000, 4000, 8000]);
    await waitFor(() => job().status === 'failed', 'delivery to fail');
    expect(job().attempts).toBe(5);
    const [item] = (await t.ok('feedback.list', { status: 'approved' }, 'recruiter')).items;
    expect(item).toMatchObject({ status: 'approved', delivery: 'failed', sentAt: null });
    expect(item!.deliveryError).toMatch(/Could not reach the SMTP server/);
    expect(item!.deliveryError).not.toContain(email);
    expect(t.logLines.join('\n')).not.toContain(SMTP_PASSWORD);
    // Never sent, so no hiring system hears that it was.
    expect(webhookEventsOf(t, 'feedback.sent')).toEqual([]);
  });

  it('resumes queued jobs after a restart', async () => {
    const clock = new FakeClock();
    const first = createResumeHarness(world.ai, world.smtp.port, { clock });
    const { email, feedback } = await uploadToFeedback(first);
    await signInStaff(first);
    await world.smtp.stop();
    await first.ok('feedback.approve', { feedbackId: feedback.id }, 'recruiter');
    await waitFor(() => first.rows<JobRow>(`SELECT * FROM jobs WHERE kind = 'email.deliver' AND status = 'queued' AND attempts = 1`)[0], 'first failure');
    first.shutDown();

    world.smtp = new TestSmtpServer();
    await world.smtp.start();
    const second = harness({ dataDir: first.dataDir, clock });
    clock.advance(2000);
    await waitFor(() => second.rows(`SELECT id FROM resume_feedback WHERE status = 'sent'`)[0], 'sent after restart');
    expect(mailsTo(email)).toHaveLength(1);
  });
});
