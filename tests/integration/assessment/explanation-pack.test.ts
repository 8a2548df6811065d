import { PDFParse } from 'pdf-parse';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { explanationPackSchema, type PackStatus } from '../../../shared/domain/explanation-pack';
import { outcomeChanges } from '../../../src-main/assessment/explanation/outcome-changes';
import { PACK_SUBJECT } from '../../../src-main/assessment/explanation/pack-email';
import { weightedOverall } from '../../../src-main/assessment/overall-score';
import { strongPassword } from '../../support/test-app';
import { createInterviewHarness, scriptAi, type InterviewHarness } from '../interview/support';
import { useFakeOpenAi } from '../providers/support';
import { SENDER, SMTP_PASSWORD, SMTP_USER, TestSmtpServer } from '../../support/smtp-server';
import { openAssessment } from './review-views-support';
import { scoringChat, signInAdmin, STAFF_WINDOW, takeAndSubmitInterview, waitForScoring } from './support';

const VIEWER_WINDOW = 'viewer-1';
const CANDIDATE_EMAIL = 'explained@example.com';
/** Different scores per skill, so one skill decides more than another. */
const skillScore = (skillId: string) => [62, 66, 71, 58][skillId.length % 4]!;

async function pdfText(base64: string): Promise<string> {
  const parser = new PDFParse({ data: Buffer.from(base64, 'base64') });
  try {
    return (await parser.getText()).text.replace(/\s+/g, ' ');
  } finally {
    await parser.destroy();
  }
}

async function waitForState(h: InterviewHarness, interviewId: string, done: (status: PackStatus) => boolean): Promise<PackStatus> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const status = await h.ok('explanationPack.status', { interviewId }, STAFF_WINDOW);
    if (done(status)) return status;
    if (Date.now() > deadline) throw new Error(`the pack stayed ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the access and explanation pack', () => {
  const fake = useFakeOpenAi();
  const smtp = new TestSmtpServer();
  let h: InterviewHarness;
  beforeAll(() => smtp.start());
  afterAll(() => smtp.stop());
  afterEach(() => {
    h?.close();
    smtp.mails.length = 0;
  });

  async function scoredInterview() {
    h = createInterviewHarness(fake.server);
    scriptAi(fake.server, { otherChat: scoringChat({ script: { skillScore } }) });
    await signInAdmin(h);
    await h.ok('settings.update', { smtp: { host: '127.0.0.1', port: smtp.port, secure: false, username: SMTP_USER, sender: SENDER } }, STAFF_WINDOW);
    await h.ok('secrets.set', { name: 'smtp-password', value: SMTP_PASSWORD }, STAFF_WINDOW);
    const interview = await takeAndSubmitInterview(h, CANDIDATE_EMAIL);
    return waitForScoring(h, interview.id);
  }

  it('explains the scores, weights, evidence, models and people; sends only once a named admin approves exactly what they read', async () => {
    const review = await scoredInterview();
    const interviewId = review.interviewId;
    const { pack, pdf, json, status } = await h.ok('explanationPack.prepare', { interviewId }, STAFF_WINDOW);
    expect(status.state).toBe('not_approved');
    expect(explanationPackSchema.parse(JSON.parse(json.text))).toEqual(pack);
    expect(json.fileName).toMatch(/^explanation-pack-casey-candidate-react-\d{4}-\d{2}-\d{2}\.json$/);

    // Scores with the rubric of the role's file and the weights the overall score was computed with.
    expect(pack.skills.length).toBeGreaterThanOrEqual(4);
    for (const skill of pack.skills) {
      expect(skill.rubric.length).toBeGreaterThan(20);
      const answered = review.transcript.filter((entry) => entry.question.skillId === skill.skillId && entry.answer).length;
      expect(skill.weight).toBe(Math.max(1, answered));
      expect(skill.evidence.length).toBeGreaterThan(0);
      expect(skill.evidence[0]!.answer).toBe(review.transcript.find((entry) => entry.number === skill.evidence[0]!.number)!.answer!.text);
    }
    expect(weightedOverall(pack.skills)).toBe(review.assessment!.overallScore);
    expect(pack.recommendation).toMatchObject({ decision: review.aiRecommendation!.decision });
    expect(pack.whatWouldHaveChanged).toEqual(outcomeChanges(pack.skills, pack.recommendation!.bands));
    expect(pack.whatWouldHaveChanged.length).toBeGreaterThan(0);

    // Which models and prompt versions did what, from the audit trail.
    const tasks = pack.aiPart.models.map((use) => use.task);
    expect(tasks).toEqual(expect.arrayContaining(['Writing the questions', 'Judging each answer, to choose the next question', 'Transcribing your spoken answers', 'Scoring each skill']));
    const scoringUse = pack.aiPart.models.find((use) => use.task === 'Scoring each skill')!;
    expect(scoringUse).toMatchObject({ template: 'scoring/v1/skill', calls: pack.skills.length });
    expect(scoringUse.templateVersion).toMatch(/^[0-9a-f]{64}$/);
    expect(pack.aiPart.versions[0]!.what).toMatch(/react question bank and rubric, version 1/);
    expect(pack.recordings).toHaveLength(review.transcript.filter((entry) => entry.answer?.hasAudio).length);
    expect(pack.recordings.length).toBeGreaterThan(0);

    const text = await pdfText(pdf.base64);
    for (const heading of ['What would most have changed the outcome', 'Your skill scores, with the rubric and weights', 'The part the AI played', 'The part people played', 'Transcript']) {
      expect(text).toContain(heading);
    }
    expect(text).toContain(pack.whatWouldHaveChanged[0]!.sentence.slice(0, 40));
    expect(text).toContain('not yet approved (preview)');

    // The staff's own copy: the same files and every recording, in one ZIP.
    const archive = await h.ok('explanationPack.exportArchive', { interviewId }, STAFF_WINDOW);
    expect(archive.fileName).toBe(json.fileName.replace(/\.json$/, '.zip'));
    const listing = Buffer.from(archive.base64, 'base64').toString('latin1');
    for (const name of [pdf.fileName, json.fileName, ...pack.recordings.map((recording) => `recordings/${recording.fileName}`)]) expect(listing).toContain(name);

    // Nothing goes out unapproved; a viewer reads the state and cannot prepare, save or approve.
    await h.app.jobRunner.drain();
    expect(smtp.mails).toHaveLength(0);
    await h.ok('staff.create', { email: 'viewer@example.com', password: strongPassword, fullName: 'Vera Viewer', role: 'viewer' }, STAFF_WINDOW);
    await h.ok('auth.signIn', { accountKind: 'staff', email: 'viewer@example.com', password: strongPassword }, VIEWER_WINDOW);
    expect(await h.ok('explanationPack.status', { interviewId }, VIEWER_WINDOW)).toMatchObject({ state: 'not_approved' });
    expect(await h.call('explanationPack.prepare', { interviewId }, VIEWER_WINDOW)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await h.call('explanationPack.exportArchive', { interviewId }, VIEWER_WINDOW)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await h.call('explanationPack.approve', { interviewId, contentSha256: pack.contentSha256 }, VIEWER_WINDOW)).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // An approval names the content it approves: another hash is refused and queues nothing.
    const stale = await h.call('explanationPack.approve', { interviewId, contentSha256: 'b'.repeat(64) }, STAFF_WINDOW);
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(h.rows(`SELECT id FROM jobs WHERE kind = 'explanation-pack.send'`)).toHaveLength(0);

    const approved = await h.ok('explanationPack.approve', { interviewId, contentSha256: pack.contentSha256 }, STAFF_WINDOW);
    expect(approved).toMatchObject({ approvedBy: 'Ada Admin', contentSha256: pack.contentSha256 });
    const sent = await waitForState(h, interviewId, (s) => s.state === 'sent' || s.state === 'failed');
    expect(sent).toMatchObject({ state: 'sent', approvedBy: 'Ada Admin', error: null });
    // Approving the same content again sends nothing more.
    await h.ok('explanationPack.approve', { interviewId, contentSha256: pack.contentSha256 }, STAFF_WINDOW);
    await h.app.jobRunner.drain();
    expect(smtp.mails).toHaveLength(1);

    const mail = smtp.mails[0]!;
    expect(mail).toMatchObject({ to: CANDIDATE_EMAIL, subject: PACK_SUBJECT });
    expect(mail.text).toContain(pack.whatWouldHaveChanged[0]!.sentence);
    expect(mail.text).toContain('attached to this email');
    const names = mail.attachments.map((file) => file.filename);
    expect(names).toEqual([pdf.fileName, json.fileName, ...pack.recordings.map((recording) => recording.fileName)]);
    const wav = mail.attachments.find((file) => file.filename === pack.recordings[0]!.fileName)!;
    expect(wav.content.subarray(0, 4).toString('ascii')).toBe('RIFF');
    const sentPack = explanationPackSchema.parse(JSON.parse(mail.attachments[1]!.content.toString('utf8')));
    expect(sentPack).toMatchObject({ contentSha256: pack.contentSha256, approval: { approvedBy: 'Ada Admin' } });
    expect(await pdfText(mail.attachments[0]!.content.toString('base64'))).toContain('Ada Admin approved this pack');
    // Nothing personal in the logs: no answer text, no candidate address.
    const logs = h.logLines.filter((line) => line.includes('explanation pack'));
    expect(logs.length).toBeGreaterThan(0);
    for (const line of logs) expect(line).not.toContain(CANDIDATE_EMAIL);
  });

  it('does not send a pack whose record changed after it was approved, and says why', async () => {
    const review = await scoredInterview();
    const interviewId = review.interviewId;
    await openAssessment(h, interviewId, STAFF_WINDOW);
    const { pack } = await h.ok('explanationPack.prepare', { interviewId }, STAFF_WINDOW);
    const staffId = (await h.ok('auth.getSession', {}, STAFF_WINDOW)).user!.id;
    // The approval and a decision in the same turn of the event loop: the queued email runs after both.
    h.app.services.explanationPacks.approve(interviewId, pack.contentSha256, staffId);
    h.app.services.reviews.decide(interviewId, staffId, review.aiRecommendation!.decision, '');
    const failed = await waitForState(h, interviewId, (s) => s.state === 'failed' || s.state === 'sent');
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/changed after the pack was approved/);
    expect(smtp.mails).toHaveLength(0);

    // The new pack carries the decision and is approved and sent on its own.
    const again = await h.ok('explanationPack.prepare', { interviewId }, STAFF_WINDOW);
    expect(again.pack.contentSha256).not.toBe(pack.contentSha256);
    expect(again.pack.peoplePart.decisions[0]).toMatchObject({ decidedBy: 'Ada Admin', overrodeAi: false });
    await h.ok('explanationPack.approve', { interviewId, contentSha256: again.pack.contentSha256 }, STAFF_WINDOW);
    expect(await waitForState(h, interviewId, (s) => s.state === 'sent' || s.state === 'failed')).toMatchObject({ state: 'sent' });
    expect(smtp.mails).toHaveLength(1);
  });
});
