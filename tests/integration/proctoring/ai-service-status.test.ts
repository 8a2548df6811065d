import { afterEach, describe, expect, it } from 'vitest';
import { describeAiService } from '../../../shared/copy/ai-service-words';
import type { AiServiceStatus } from '../../../shared/domain/ai-service';
import { TRANSCRIBE_ANSWER_JOB_KIND } from '../../../shared/domain/interview';
import { AiServiceStatusReporter } from '../../../src-main/proctoring/ai-service-status';
import { JobRepository } from '../../../src-main/repositories/job-repository';
import type { Reply } from '../../fixtures/fake-openai/index';
import { appCalls, strongPassword } from '../../support/test-app';
import { createAiHarness, interviewerPrompt, useFakeOpenAi, type AiHarness } from '../providers/support';

/**
 * What proctors and staff are told about the AI service (issue 19, point 4),
 * through the real dispatcher on the real app and its SQLite file, with the
 * fake OpenAI server failing: the status line's facts, who may read them,
 * the push to watching windows, the count of interviews waiting for
 * transcription, and the admin's "Check again".
 */
const fake = useFakeOpenAi();
let h: AiHarness | undefined;
afterEach(() => h?.close());

const ADMIN = 'admin-window';
const PROCTOR = 'proctor-window';
const RECRUITER = 'recruiter-window';
const VIEWER = 'viewer-window';
const CANDIDATE = 'candidate-window';
const START = '2026-11-25T09:00:00.000Z';
// Far ahead, so the app's own job runner leaves the seeded jobs where they are whatever handlers it has.
const LATER = '2999-01-01T00:00:00.000Z';

const quota: Reply = { kind: 'fault', fault: 'insufficient_quota' };
const chat = (t: AiHarness) => t.ai.languageModel.chat({ task: 'interview', messages: [interviewerPrompt, { role: 'user', content: 'Hello.' }] });
/** The clock as the test reads it: UTC hours and minutes. */
const utcTime = (iso: string) => iso.slice(11, 16);

async function kioskWithStaff() {
  const t = createAiHarness(fake.server);
  h = t;
  const calls = appCalls(() => t.app, ADMIN);
  await calls.ok('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' });
  for (const [role, window] of [['proctor', PROCTOR], ['recruiter', RECRUITER], ['viewer', VIEWER]] as const) {
    const email = `${role}@example.com`;
    await calls.ok('staff.create', { email, password: strongPassword, fullName: `A ${role}`, role });
    await calls.ok('auth.signIn', { accountKind: 'staff', email, password: strongPassword }, window);
  }
  await calls.ok('auth.registerCandidate', { email: 'casey@example.com', password: strongPassword, fullName: 'Casey Candidate' }, CANDIDATE);
  const jobs = new JobRepository(t.app.database, t.clock);
  return { t, calls, jobs };
}

/** A transcription job for one answer, as the interview queues it. */
function queueTranscription(jobs: JobRepository, interviewId: string, messageId: string) {
  return jobs.enqueue({ kind: TRANSCRIBE_ANSWER_JOB_KIND, payload: { interviewId, messageId }, dedupeKey: `transcribe:${messageId}`, runAt: LATER }).job;
}

function setStatus(t: AiHarness, jobId: string, status: 'running' | 'succeeded' | 'failed') {
  t.app.database.sqlite
    .prepare(`UPDATE jobs SET status = ?, locked_by = ?, locked_until = ? WHERE id = ?`)
    .run(status, status === 'running' ? 'another-runner' : null, status === 'running' ? LATER : null, jobId);
}

describe('interviews waiting for transcription (the jobs repository, real SQLite)', () => {
  it('counts distinct interviews with a transcription queued or running, not finished ones nor other kinds', async () => {
    const { t, jobs } = await kioskWithStaff();
    expect(jobs.countInterviewsWithUnfinished(TRANSCRIBE_ANSWER_JOB_KIND)).toBe(0);
    // Interview A: two answers waiting, one of them being transcribed now.
    queueTranscription(jobs, 'interview-a', 'message-a1');
    setStatus(t, queueTranscription(jobs, 'interview-a', 'message-a2').id, 'running');
    // Interview B: one answer waiting.
    queueTranscription(jobs, 'interview-b', 'message-b1');
    // Interview C: done, or given up on.
    setStatus(t, queueTranscription(jobs, 'interview-c', 'message-c1').id, 'succeeded');
    setStatus(t, queueTranscription(jobs, 'interview-c', 'message-c2').id, 'failed');
    // Interview D: other work only.
    jobs.enqueue({ kind: 'score_interview', payload: { interviewId: 'interview-d' }, dedupeKey: 'score:interview-d', runAt: LATER });
    expect(jobs.countInterviewsWithUnfinished(TRANSCRIBE_ANSWER_JOB_KIND)).toBe(2);
  });
});

describe('the AI service status over IPC', () => {
  it('proctors, recruiters and admins read it; viewers and candidates may not; only admins may check again', async () => {
    const { calls } = await kioskWithStaff();
    for (const window of [PROCTOR, RECRUITER, ADMIN]) {
      expect(await calls.call('aiService.status', {}, window)).toEqual({ ok: true, data: { available: true, since: null, reason: null, waitingInterviews: 0 } });
    }
    for (const window of [VIEWER, CANDIDATE]) expect(await calls.call('aiService.status', {}, window)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    for (const window of [PROCTOR, RECRUITER, CANDIDATE]) expect(await calls.call('aiService.checkAgain', {}, window)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('the service going and coming back is pushed to the windows that asked, with the interviews waiting', async () => {
    const { t, calls, jobs } = await kioskWithStaff();
    const pushed: { windowId: string; status: AiServiceStatus }[] = [];
    t.app.events.subscribe((windowId, event, payload) => {
      if (event === 'aiService.changed') pushed.push({ windowId, status: payload as AiServiceStatus });
    });
    await calls.ok('aiService.status', {}, PROCTOR);
    await calls.ok('aiService.status', {}, ADMIN);
    queueTranscription(jobs, 'interview-a', 'message-a1');
    queueTranscription(jobs, 'interview-b', 'message-b1');

    // No network: the provider is a port nothing listens on.
    t.settings.update({ provider: { baseUrl: 'http://127.0.0.1:9/v1' } });
    await expect(chat(t)).rejects.toMatchObject({ kind: 'network' });
    const down = { available: false, since: START, reason: 'offline', waitingInterviews: 2 };
    expect(pushed).toEqual([
      { windowId: PROCTOR, status: down },
      { windowId: ADMIN, status: down },
    ]);
    expect(await calls.ok('aiService.status', {}, PROCTOR)).toEqual(down);
    expect(describeAiService(down as AiServiceStatus, utcTime)).toBe('AI service unavailable since 09:00 (no network). 2 interviews waiting for transcription.');

    pushed.length = 0;
    t.clock.advance(10 * 60_000);
    t.settings.update({ provider: { baseUrl: fake.server.url } });
    await chat(t);
    const back = { available: true, since: null, reason: null, waitingInterviews: 2 };
    expect(pushed.map((p) => p.status)).toEqual([back, back]);
    expect(describeAiService(back, utcTime)).toBe('AI service back; transcribing 2 interviews…');
  });

  it('out of credit: the admin’s "Check again" reports it still failing, then, with credit added, clears it', async () => {
    const { t, calls } = await kioskWithStaff();
    fake.server.enqueue('chat', quota);
    await expect(chat(t)).rejects.toMatchObject({ kind: 'quota_exhausted' });
    expect(await calls.ok('aiService.status', {}, ADMIN)).toMatchObject({ available: false, reason: 'quota_exhausted' });

    fake.server.enqueue('chat', quota);
    const still = await calls.ok('aiService.checkAgain', {}, ADMIN);
    expect(still.status).toMatchObject({ available: false, reason: 'quota_exhausted', since: START });
    expect(still.check.ok).toBe(false);
    expect(still.check.message).toContain('run out of credit');

    const before = fake.server.requests.length;
    const cleared = await calls.ok('aiService.checkAgain', {}, ADMIN);
    expect(cleared).toEqual({ status: { available: true, since: null, reason: null, waitingInterviews: 0 }, check: { ok: true, message: null } });
    // The check is one small chat call.
    expect(fake.server.requests.length - before).toBe(1);
  });
});

describe('the waiting count, read again while windows watch', () => {
  it('a change in the count alone is pushed, once', async () => {
    const { t, jobs } = await kioskWithStaff();
    const sent: AiServiceStatus[] = [];
    const reporter = new AiServiceStatusReporter({
      availability: t.ai.availability,
      waitingInterviews: () => jobs.countInterviewsWithUnfinished(TRANSCRIBE_ANSWER_JOB_KIND),
      ping: async () => ({ ok: true }),
      notify: (_windowId, status) => sent.push(status),
      logger: t.app.services.logger,
      recountMs: 10,
    });
    try {
      reporter.watch(PROCTOR);
      await expect.poll(() => sent.length).toBe(1);
      queueTranscription(jobs, 'interview-a', 'message-a1');
      await expect.poll(() => sent.at(-1)?.waitingInterviews).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(sent.map((status) => status.waitingInterviews)).toEqual([0, 1]);
    } finally {
      reporter.close();
    }
  });
});
