import { afterEach, describe, expect, it } from 'vitest';
import type { InterviewView } from '../../../shared/domain/interview';
import type { Reply } from '../../fixtures/fake-openai/index';
import { FakeClock } from '../../support/test-app';
import { useFakeOpenAi } from '../providers/support';
import { useInterviewHarnesses } from './support/harnesses';
import { answer, createInterviewHarness, isJudgeRequest, judgementReply, questionNumberOf, questionText, scriptAi, sendSegments, type InterviewHarness } from './support';

function pendingJudgements(h: InterviewHarness, interviewId: string): number {
  const [session] = h.rows<{ progression_state: string }>('SELECT progression_state FROM interview_sessions WHERE interview_id = ?', interviewId);
  const state = JSON.parse(session!.progression_state) as { questions: Array<{ judgement: unknown }> };
  return state.questions.filter((question) => question.judgement === null).length;
}

describe('an interview interrupted by a crash', () => {
  const fake = useFakeOpenAi();
  const harness = useInterviewHarnesses(fake);

  it('carries on after a restart: the same question is waiting, earlier answers are kept, and judgements that never arrived are made again', async () => {
    const clock = new FakeClock();
    const first = harness({ clock });
    scriptAi(fake.server);
    await first.signUp('crash@example.com');
    let view: InterviewView = await first.ok('interview.start', { roleType: 'python' });
    for (let i = 0; i < 2; i++) view = (await answer(first, view)).interview;
    await first.idle();

    // The judge of the third answer never answers: the app goes down with that judgement pending.
    const script = scriptAi(fake.server);
    let hangJudges = true;
    const judged = script.judgeRequests().length;
    fake.server.setResponder('chat', (request): Reply => {
      if (!isJudgeRequest(request)) return { kind: 'chat', content: questionText(questionNumberOf(request)) };
      return hangJudges ? { kind: 'fault', fault: 'hang' } : judgementReply(request);
    });
    const afterThird = (await answer(first, view)).interview;
    const waiting = afterThird.currentQuestion!;
    expect(waiting.number).toBe(4);
    expect(script.judgeRequests().length).toBe(judged + 1);
    // The third answer's, and the fourth question's (not answered yet).
    expect(pendingJudgements(first, view.id)).toBe(2);
    // The candidate has started answering the fourth question when the kiosk loses power.
    await sendSegments(first, afterThird);
    first.shutDown();

    hangJudges = false;
    const second = harness({ clock, dataDir: first.dataDir });
    await second.ok('auth.signIn', { accountKind: 'candidate', email: 'crash@example.com', password: 'Correct-Horse-9' });
    const resumed = await second.ok('interview.getCurrent', {});
    expect(resumed.interview).toMatchObject({
      id: view.id,
      status: 'in_progress',
      questionsAsked: 4,
      answersGiven: 3,
      currentQuestion: { messageId: waiting.messageId, number: 4, text: waiting.text, sequenceNumber: 7 },
    });
    await second.idle();
    expect(script.judgeRequests().length).toBe(judged + 2);
    expect(pendingJudgements(second, view.id)).toBe(1);
    const answers = second.rows<{ content_text: string }>("SELECT content_text FROM interview_messages WHERE interview_id = ? AND message_type = 'candidate_response'", view.id);
    expect(answers).toHaveLength(3);

    // Segments sent before the crash are kept (answer-kept-across-restart.test.ts): ending that answer saves it.
    expect(resumed.interview!.currentQuestion!.answerSoFar).toMatchObject({ segments: 2 });
    const kept = await second.ok('interview.endAnswer', { interviewId: view.id, questionMessageId: waiting.messageId, segmentCount: 2, reason: 'silence' });
    expect(kept.interview.answersGiven).toBe(4);

    // And the interview goes on to the end.
    let current = kept.interview;
    while (current.currentQuestion) current = (await answer(second, current)).interview;
    expect(current.readyToSubmit).toBe(true);
    expect(current.questionsAsked).toBeGreaterThanOrEqual(12);
  });

  it('asks the next question on restart when the app went down between saving an answer and asking', async () => {
    const clock = new FakeClock();
    const first = harness({ clock });
    scriptAi(fake.server);
    await first.signUp('between@example.com');
    const view = await first.ok('interview.start', { roleType: 'javascript' });

    fake.server.setResponder('chat', (request): Reply =>
      request.json?.response_format ? { kind: 'fault', fault: 'hang' } : { kind: 'fault', fault: 'hang' },
    );
    const turn = answer(first, view).catch((error: unknown) => error);
    // Wait until the answer is saved and the next question is being written.
    for (let i = 0; i < 200 && first.rows("SELECT 1 FROM interview_messages WHERE message_type = 'candidate_response'").length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    first.shutDown();
    expect(await turn).toBeInstanceOf(Error);

    scriptAi(fake.server);
    const second = harness({ clock, dataDir: first.dataDir });
    await second.ok('auth.signIn', { accountKind: 'candidate', email: 'between@example.com', password: 'Correct-Horse-9' });
    const { interview } = await second.ok('interview.getCurrent', {});
    expect(interview).toMatchObject({ id: view.id, questionsAsked: 2, answersGiven: 1, currentQuestion: { number: 2, sequenceNumber: 3 } });
    expect(interview!.currentQuestion!.text).toBe(questionText(2));
    // Asking again is what the renderer does after an error; the saved answer is not asked for twice.
    const retried = await second.ok('interview.endAnswer', { interviewId: view.id, questionMessageId: view.currentQuestion!.messageId, segmentCount: 2, reason: 'silence' });
    expect(retried.interview.currentQuestion!.messageId).toBe(interview!.currentQuestion!.messageId);
    expect(second.rows("SELECT 1 FROM interview_messages WHERE message_type = 'candidate_response'")).toHaveLength(1);
  });
});

describe('an abandoned interview', () => {
  const fake = useFakeOpenAi();
  let h: InterviewHarness;
  afterEach(() => h?.close());

  it('is marked abandoned 30 minutes after its last activity (and not at 29), so a new one can start', async () => {
    h = createInterviewHarness(fake.server);
    scriptAi(fake.server);
    await h.signUp('idle@example.com');
    const started = await h.ok('interview.start', { roleType: 'react' });
    const view = (await answer(h, started)).interview;
    await h.idle();
    const lastActivity = h.clock.now().toISOString();

    h.clock.advance(29 * 60_000 + 59_000);
    expect((await h.ok('interview.getCurrent', {})).interview).toMatchObject({ id: view.id, status: 'in_progress', currentQuestion: { messageId: view.currentQuestion!.messageId } });
    expect((await h.call('interview.start', { roleType: 'react' })).ok).toBe(false);

    h.clock.advance(1000);
    expect(await h.ok('interview.getCurrent', {})).toEqual({ interview: null });
    const [row] = h.rows<{ status: string; completed_at: string; duration_seconds: number }>('SELECT status, completed_at, duration_seconds FROM interviews WHERE id = ?', view.id);
    expect(row).toEqual({ status: 'abandoned', completed_at: lastActivity, duration_seconds: 0 });

    const refused = await h.call('interview.endAnswer', { interviewId: view.id, questionMessageId: view.currentQuestion!.messageId, segmentCount: 1, reason: 'button' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/30 minutes/) } });

    const next = await h.ok('interview.start', { roleType: 'python' });
    expect(next.id).not.toBe(view.id);
    expect(next.currentQuestion?.number).toBe(1);
  });

  it('counts integrity events and answer segments as activity', async () => {
    h = createInterviewHarness(fake.server);
    scriptAi(fake.server);
    await h.signUp('active@example.com');
    const view = await h.ok('interview.start', { roleType: 'react' });

    h.clock.advance(20 * 60_000);
    await h.ok('interview.recordIntegrityEvent', { interviewId: view.id, kind: 'paste', details: { inTextField: false, characters: 42 } });
    h.clock.advance(20 * 60_000);
    await sendSegments(h, view);
    h.clock.advance(29 * 60_000);
    expect((await h.ok('interview.getCurrent', {})).interview?.id).toBe(view.id);

    const events = h.rows<{ kind: string; details: string; occurred_at: string }>('SELECT kind, details, occurred_at FROM integrity_events WHERE interview_id = ?', view.id);
    expect(events).toEqual([{ kind: 'paste', details: JSON.stringify({ inTextField: false, characters: 42 }), occurred_at: new Date(Date.parse('2026-11-25T09:20:00.000Z')).toISOString() }]);
  });
});

describe('the hourly limit on new interviews', () => {
  const fake = useFakeOpenAi();
  let h: InterviewHarness;
  afterEach(() => h.close());

  it('counts each new interview, not one carried on, and is not reset when the system clock runs ahead', async () => {
    h = createInterviewHarness(fake.server, { interview: { maxStartsPerHour: 2 } });
    scriptAi(fake.server);
    await h.signUp('busy@example.com');
    const first = await h.ok('interview.start', { roleType: 'react' });
    // Carrying on the interview in progress is not a start.
    expect((await h.ok('interview.start', { roleType: 'react' })).id).toBe(first.id);
    await h.idle();
    // Left for 31 minutes on the system clock: abandoned, and a new one may start.
    h.clock.advance(31 * 60_000);
    const second = await h.ok('interview.start', { roleType: 'python' });
    expect(second.id).not.toBe(first.id);
    await h.idle();
    // The system clock says the first start was 62 minutes ago; the app's own clock knows better.
    h.clock.advance(31 * 60_000);
    const refused = await h.call('interview.start', { roleType: 'react' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'rate_limited', message: expect.stringMatching(/^You have started 2 interviews in the last hour, the most allowed\. You can start another in \d+ minutes\.$/) } });
    const [count] = h.rows<{ n: number }>('SELECT count(*) AS n FROM interviews');
    expect(count!.n).toBe(2);
  });
});
