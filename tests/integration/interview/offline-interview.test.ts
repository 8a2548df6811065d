import { afterEach, describe, expect, it } from 'vitest';
import { JUDGE_ANSWER_JOB_KIND, MIN_QUESTIONS, TRANSCRIBE_ANSWER_JOB_KIND, type InterviewView } from '../../../shared/domain/interview';
import type { Reply } from '../../fixtures/fake-openai/index';
import { useFakeOpenAi } from '../providers/support';
import { scoringChat, signInAdmin, STAFF_WINDOW, takeAndSubmitInterview, waitForScoring } from '../assessment/support';
import { webhookEventsOf } from '../../support/webhook-events';
import { answer, createInterviewHarness, scriptAi, type InterviewHarness } from './support';

/*
 * Issue 19: an interview never stops because the network or the AI service
 * did. Here the kiosk has no network at all from before the first question
 * (the provider's address refuses connections), so every question comes from
 * the bank and every answer is kept for later; then the service comes back
 * and the transcripts, judgements and assessment arrive with nothing lost.
 */

interface Row {
  id: string;
  message_type: string;
  content_text: string;
  content_audio_url: string | null;
  metadata: string;
}

/** A loopback port nothing listens on: connections are refused at once, as with no network. */
const NOWHERE = 'http://127.0.0.1:9/v1';

describe('an interview with no AI service', () => {
  const fake = useFakeOpenAi();
  let h: InterviewHarness;
  afterEach(() => h?.close());

  it('runs a whole interview from the bank with no network, then transcribes, judges and scores it once the service is back', async () => {
    h = createInterviewHarness(fake.server);
    scriptAi(fake.server, { otherChat: scoringChat() });
    await signInAdmin(h);
    const online = h.app.services.settings.get().provider.baseUrl;
    h.app.services.settings.update({ provider: { baseUrl: NOWHERE } });
    await h.signUp('offline@example.com');

    let view: InterviewView = await h.ok('interview.start', { roleType: 'python' });
    let turns = 0;
    while (view.currentQuestion) {
      const turn = await answer(h, view);
      // Nothing to show yet: the words are made later.
      expect(turn.transcript).toBe('');
      view = turn.interview;
      turns++;
      expect(turns).toBeLessThanOrEqual(20);
    }
    await h.idle();
    expect(view.readyToSubmit).toBe(true);
    expect(turns).toBeGreaterThanOrEqual(MIN_QUESTIONS);

    const messages = h.rows<Row>('SELECT id, message_type, content_text, content_audio_url, metadata FROM interview_messages WHERE interview_id = ? ORDER BY sequence_number', view.id);
    const questions = messages.filter((m) => m.message_type === 'ai_question');
    const answers = messages.filter((m) => m.message_type === 'candidate_response');
    expect(answers).toHaveLength(turns);
    const bankIds = questions.map((q) => JSON.parse(q.metadata).bankQuestionId as string);
    expect(questions.every((q) => JSON.parse(q.metadata).source === 'bank')).toBe(true);
    expect(new Set(bankIds).size).toBe(bankIds.length);
    for (const a of answers) {
      expect(JSON.parse(a.metadata).transcription).toBe('pending');
      expect(a.content_audio_url).not.toBeNull();
      expect(h.fileExists(a.content_audio_url!).size).toBeGreaterThan(44);
    }
    const session = h.rows<{ progression_state: string }>('SELECT progression_state FROM interview_sessions WHERE interview_id = ?', view.id)[0]!;
    expect(JSON.parse(session.progression_state).readiness.reason).toBe('judgements_delayed');
    expect(h.rows(`SELECT 1 FROM jobs WHERE kind = ? AND status = 'queued'`, TRANSCRIBE_ANSWER_JOB_KIND)).toHaveLength(turns);

    await h.ok('interview.submit', { interviewId: view.id });
    // Scoring waits for the words: while the service is away nothing is scored.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.rows('SELECT 1 FROM assessment_results WHERE interview_id = ?', view.id)).toEqual([]);
    expect((await h.ok('review.get', { interviewId: view.id }, STAFF_WINDOW)).scoring.state).not.toBe('idle');

    // The service is back; the jobs run at their next look.
    h.app.services.settings.update({ provider: { baseUrl: online } });
    h.clock.advance(61_000);
    const deadline = Date.now() + 20_000;
    while (h.rows(`SELECT 1 FROM jobs WHERE kind IN (?, ?) AND status IN ('queued', 'running')`, TRANSCRIBE_ANSWER_JOB_KIND, JUDGE_ANSWER_JOB_KIND).length > 0) {
      if (Date.now() > deadline) throw new Error(`later work did not finish: ${JSON.stringify(h.rows('SELECT kind, status, last_error FROM jobs'))}`);
      h.clock.advance(61_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Scoring, which waited for them, was told the last judgement is in: it runs at its next look, not a wait later.
    const scoringJob = h.rows<{ status: string; run_at: string }>("SELECT status, run_at FROM jobs WHERE kind = 'score_interview'")[0]!;
    expect(scoringJob.status === 'succeeded' || Date.parse(scoringJob.run_at) <= h.clock.now().getTime()).toBe(true);
    const review = await waitForScoring(h, view.id);
    expect(review.assessment?.status).toBe('complete');

    const after = h.rows<Row>("SELECT id, message_type, content_text, content_audio_url, metadata FROM interview_messages WHERE interview_id = ? AND message_type = 'candidate_response' ORDER BY sequence_number", view.id);
    expect(after).toHaveLength(turns);
    for (const a of after) {
      expect(JSON.parse(a.metadata)).toMatchObject({ transcription: 'later', transcribedAt: expect.any(String) });
      expect(a.content_text).toMatch(/^Answer part \d+/);
    }
    const state = JSON.parse(h.rows<{ progression_state: string }>('SELECT progression_state FROM interview_sessions WHERE interview_id = ?', view.id)[0]!.progression_state);
    expect(state.questions).toHaveLength(turns);
    expect(state.questions.every((q: { judgement: unknown }) => q.judgement !== null)).toBe(true);
    // Each bank question was judged against the answer points written with it.
    const judged = fake.server.requests.filter((r) => r.endpoint === 'chat' && r.json?.response_format?.type === 'json_schema' && JSON.stringify(r.json).includes('Points a good answer covers'));
    expect(judged.length).toBe(turns);
  });

  it('keeps a partial assessment when the service fails during scoring, and completes it by itself once it is back', async () => {
    h = createInterviewHarness(fake.server);
    let scoringDown = true;
    scriptAi(fake.server, { otherChat: scoringChat({ override: (pass) => (scoringDown && pass !== 'technical' ? { kind: 'fault', fault: 'server_error' } : null) }) });
    await signInAdmin(h);
    const view = await takeAndSubmitInterview(h, 'scored-later@example.com');
    // Scoring stays queued (it looks again by itself), with what it could do kept.
    await expect.poll(() => h.rows<{ status: string }>('SELECT status FROM assessment_results WHERE interview_id = ?', view.id)[0]?.status, { timeout: 10_000 }).toBe('partial');
    expect(h.rows<{ status: string }>("SELECT status FROM jobs WHERE kind = 'score_interview'")[0]!.status).toBe('queued');
    const technicalCalls = fake.server.requests.filter((r) => JSON.stringify(r.json ?? {}).includes('assessment_skill')).length;
    // Issue 21: looked at again while the service is still down, the same partial assessment is stored again, and not announced again.
    const versionOf = () => h.rows<{ row_version: number }>('SELECT row_version FROM assessment_results WHERE interview_id = ?', view.id)[0]!.row_version;
    const stored = versionOf();
    h.clock.advance(16_000);
    await expect.poll(versionOf, { timeout: 10_000 }).toBeGreaterThan(stored);
    expect(webhookEventsOf(h, 'assessment.ready').map((event) => event.data.assessment)).toEqual([expect.objectContaining({ status: 'partial', complete: false })]);

    // Back: past the breaker's minute, scoring's next looks finish it (a half-open breaker lets a few calls through at a time).
    scoringDown = false;
    h.clock.advance(61_000);
    const deadline = Date.now() + 15_000;
    while (h.rows<{ status: string }>('SELECT status FROM assessment_results WHERE interview_id = ?', view.id)[0]?.status !== 'complete') {
      if (Date.now() > deadline) throw new Error(`scoring did not complete: ${JSON.stringify(h.rows('SELECT kind, status, run_at, last_error FROM jobs'))}`);
      h.clock.advance(16_000);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const review = await waitForScoring(h, view.id);
    expect(review.assessment?.status).toBe('complete');
    // The passes that had succeeded were kept, not asked again.
    expect(fake.server.requests.filter((r) => JSON.stringify(r.json ?? {}).includes('assessment_skill')).length).toBe(technicalCalls);
    // Completing it is news: a second event, and the last.
    expect(webhookEventsOf(h, 'assessment.ready').map((event) => event.data.assessment)).toEqual([
      expect.objectContaining({ status: 'partial', complete: false }),
      expect.objectContaining({ status: 'complete', complete: true }),
    ]);
  });

  it('the service back mid-interview: the AI asks again, and answers still waiting for their words are not waited for', async () => {
    h = createInterviewHarness(fake.server);
    // Out of credit first: every call is refused at once (a 429 the breaker does not count), so nothing waits on a breaker later.
    const outOfCredit = (): Reply => ({ kind: 'fault', fault: 'insufficient_quota' });
    for (const endpoint of ['chat', 'transcriptions', 'speech'] as const) fake.server.setResponder(endpoint, outOfCredit);
    await h.signUp('back-again@example.com');
    let view: InterviewView = await h.ok('interview.start', { roleType: 'react' });
    // Warm-up and standard questions from the bank: nine answers whose words and judgements are still to come.
    for (let i = 0; i < 9; i++) view = (await answer(h, view)).interview;
    expect(view.currentQuestion?.phase).toBe('advanced');

    // Credit added. The tenth answer is transcribed and judged at once; the nine earlier ones wait for their jobs' next look.
    scriptAi(fake.server);
    fake.server.setResponder('speech', () => ({ kind: 'speech', durationMs: 300 }));
    const tenth = await answer(h, view);
    expect(tenth.transcript).toMatch(/^Answer part/);
    await h.idle();
    // Every skill still has an answer being judged later: without the delay rule the engine would wait on them, and the candidate with it.
    expect(tenth.interview.currentQuestion?.number).toBe(11);
    const latest = h.rows<{ metadata: string }>("SELECT metadata FROM interview_messages WHERE message_type = 'ai_question' ORDER BY sequence_number").at(-1)!;
    expect(JSON.parse(latest.metadata)).toMatchObject({ source: 'ai', phase: 'advanced' });
  });
});
