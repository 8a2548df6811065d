import { describe, expect, it } from 'vitest';
import { FEEDBACK_ATTEMPTS } from '../../../src-main/resumes/feedback-writer';
import type { Reply } from '../../fixtures/fake-openai/index';
import { feedbackReply, parsedReply, schemaNameOf, signInStaff, signUpCandidate, useResumeWorld, waitFor, type ResumeHarness } from './workflow-support';

const world = useResumeWorld();

interface JobRow {
  status: string;
  attempts: number;
  last_error: string | null;
}

/** Parsing works; the feedback calls fail with `fault` until `heal()`. */
function feedbackFailsUntilHealed(fault: Extract<Reply, { kind: 'fault' }>['fault']) {
  let failing = true;
  let feedbackCalls = 0;
  world.ai.setResponder('chat', (request): Reply => {
    if (schemaNameOf(request) === 'parsed_resume') return { kind: 'structured', json: parsedReply };
    feedbackCalls++;
    return failing ? { kind: 'fault', fault } : { kind: 'structured', json: feedbackReply };
  });
  return {
    heal: () => void (failing = false),
    feedbackCalls: () => feedbackCalls,
  };
}

const feedbackJob = (t: ResumeHarness) => t.rows<JobRow>(`SELECT status, attempts, last_error FROM jobs WHERE kind = 'feedback.generate'`)[0];

/** Moves the clock past the runner's backoff and the circuit breaker's pause each time it looks. */
const waitForJob = (t: ResumeHarness, status: string) =>
  waitFor(() => {
    t.clock.advance(65_000);
    const job = feedbackJob(t);
    return job?.status === status ? job : null;
  }, `the feedback job to be ${status}`);

describe('feedback the AI could not write', () => {
  it('is listed for staff with the reason after its three tries, and Try again queues it once and writes it', async () => {
    const ai = feedbackFailsUntilHealed('server_error');
    const t = world.harness();
    await signUpCandidate(t);
    const uploaded = await t.ok('resume.upload', { fileName: 'resume.docx', fileBase64: world.fixture('resume.docx') });

    const failed = await waitForJob(t, 'failed');
    expect(failed.attempts).toBe(FEEDBACK_ATTEMPTS);
    // The reason is stored on the job in a recruiter's words, not the provider's status line.
    expect(failed.last_error).toMatch(/^the AI service was unavailable/);
    expect(failed.last_error).not.toMatch(/500|server_error/);

    await signInStaff(t);
    const listed = await t.ok('feedback.listFailed', {}, 'viewer');
    expect(listed.items).toEqual([
      {
        resumeId: uploaded.id,
        candidateName: 'Zoë Ångström',
        candidateEmail: expect.stringMatching(/@example\.com$/),
        fileName: 'resume.docx',
        uploadedAt: uploaded.uploadedAt,
        reason: failed.last_error,
        status: 'failed',
      },
    ]);
    expect(await t.call('feedback.retry', { resumeId: uploaded.id }, 'viewer')).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    ai.heal();
    const callsBefore = ai.feedbackCalls();
    // A double click (or two windows at once): one is queued, the other is told it already is.
    const answers = await Promise.all([t.call('feedback.retry', { resumeId: uploaded.id }, 'recruiter'), t.call('feedback.retry', { resumeId: uploaded.id }, 'admin')]);
    const queued = answers.filter((answer) => answer.ok);
    expect(queued).toEqual([{ ok: true, data: expect.objectContaining({ resumeId: uploaded.id, status: 'queued' }) }]);
    const refused = answers.find((answer) => !answer.ok);
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/already being written|already been written/) } });

    const done = await waitForJob(t, 'succeeded');
    expect(done).toMatchObject({ attempts: 1, last_error: null });
    expect(ai.feedbackCalls() - callsBefore).toBe(1);
    expect((await t.ok('feedback.listFailed', {}, 'recruiter')).items).toEqual([]);
    const [item] = (await t.ok('feedback.list', { status: 'pending_approval' }, 'recruiter')).items;
    expect(item).toMatchObject({ resumeId: uploaded.id, feedbackContent: feedbackReply.feedbackContent });

    // Written now: another Try again (a stale screen) is refused and queues nothing.
    const late = await t.call('feedback.retry', { resumeId: uploaded.id }, 'recruiter');
    expect(late).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('already been written') } });
    expect(feedbackJob(t)).toMatchObject({ status: 'succeeded' });
  });

  it('says the account is out of credit when OpenAI answers insufficient_quota', async () => {
    feedbackFailsUntilHealed('insufficient_quota');
    const t = world.harness();
    await signUpCandidate(t);
    await t.ok('resume.upload', { fileName: 'resume.docx', fileBase64: world.fixture('resume.docx') });
    await waitForJob(t, 'failed');
    await signInStaff(t);
    const [item] = (await t.ok('feedback.listFailed', {}, 'recruiter')).items;
    expect(item!.reason).toMatch(/^the OpenAI account is out of credit\. .*Try again/);
  });

  it('refuses a resume that does not exist, and one whose feedback was never tried on this device', async () => {
    const t = world.harness();
    await signInStaff(t);
    const missing = await t.call('feedback.retry', { resumeId: '01938a5e-7c1a-4000-8000-0000000000aa' }, 'recruiter');
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });

    await signUpCandidate(t);
    const uploaded = await t.ok('resume.upload', { fileName: 'resume.docx', fileBase64: world.fixture('resume.docx') });
    await waitForJob(t, 'succeeded');
    // As if the resume had been read on another device: no feedback job here, no feedback yet.
    t.app.database.sqlite.prepare(`DELETE FROM jobs WHERE kind = 'feedback.generate'`).run();
    t.app.database.sqlite.prepare('DELETE FROM resume_feedback').run();
    const elsewhere = await t.call('feedback.retry', { resumeId: uploaded.id }, 'recruiter');
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringContaining('device that read it') } });
    expect(feedbackJob(t)).toBeUndefined();
  });
});
