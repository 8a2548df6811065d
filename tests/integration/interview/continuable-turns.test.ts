import { afterEach, describe, expect, it } from 'vitest';
import type { InterviewView } from '../../../shared/domain/interview';
import { useFakeOpenAi } from '../providers/support';
import { answerWav, createInterviewHarness, scriptAi, sendSegments, type InterviewHarness, type SegmentSpec } from './support';

/**
 * Turns the candidate can take back: the next question written ahead while
 * they are quiet (interview.speculate), shown and spoken but not saved until
 * the continue window has passed (endAnswer with `continuable`, then
 * interview.commitAnswer), and dropped when they carry on
 * (interview.continueAnswer). Real app, real SQLite, the fake OpenAI server.
 */
describe('turns written ahead, shown, and taken back', () => {
  const fake = useFakeOpenAi();
  let h: InterviewHarness;
  afterEach(() => h?.close());

  const first: SegmentSpec[] = [{ durationMs: 600, startedAfterQuestionMs: 1200 }];
  const decision = { decidedBy: 'words' as const, silenceMs: 720, rule: 'ends-with-full-stop' };

  async function started(email: string): Promise<InterviewView> {
    h = createInterviewHarness(fake.server);
    scriptAi(fake.server);
    await h.signUp(email);
    const view = await h.ok('interview.start', { roleType: 'react' });
    await h.idle();
    return view;
  }

  /** One more segment of the answer to the question on `view`. */
  const sayMore = (view: InterviewView, segmentIndex: number, startedAfterQuestionMs: number, durationMs: number) =>
    h.ok('interview.answerSegment', {
      interviewId: view.id,
      questionMessageId: view.currentQuestion!.messageId,
      segmentIndex,
      audioWavBase64: answerWav(durationMs).toString('base64'),
      startedAfterQuestionMs,
      endedAfterQuestionMs: startedAfterQuestionMs + durationMs,
    });

  const answers = () => h.rows<{ id: string; content_text: string; audio_metadata: string; metadata: string }>("SELECT * FROM interview_messages WHERE message_type = 'candidate_response'");
  const questions = () => h.rows<{ id: string }>("SELECT id FROM interview_messages WHERE message_type = 'ai_question' ORDER BY sequence_number");
  const questionRequests = () => fake.server.requests.filter((request) => request.endpoint === 'chat' && !request.json?.response_format);
  const eventsFor = (messageId: string) => h.events.filter((e) => (e.payload as { messageId?: string; streamId?: string }).messageId === messageId || (e.payload as { streamId?: string }).streamId === messageId);

  it('writes the next question ahead without showing it, then shows it at the end of the answer and saves the turn on commit', async () => {
    const view = await started('ahead@example.com');
    const question = view.currentQuestion!;
    await sendSegments(h, view, first);
    const chatBefore = questionRequests().length;
    h.events.length = 0;

    expect(await h.ok('interview.speculate', { interviewId: view.id, questionMessageId: question.messageId, segmentCount: 1 })).toEqual({ started: true });
    await expect.poll(() => questionRequests().length).toBe(chatBefore + 1);
    await h.idle();
    // Written and spoken ahead, but nothing reached the window and nothing was saved.
    expect(h.events.filter((e) => e.event === 'interview.questionText' || e.event === 'interview.audio')).toEqual([]);
    expect(answers()).toEqual([]);

    const ended = await h.ok('interview.endAnswer', { interviewId: view.id, questionMessageId: question.messageId, segmentCount: 1, reason: 'silence', continuable: true, decision });
    const next = ended.interview.currentQuestion!;
    expect(next.messageId).not.toBe(question.messageId);
    expect(ended.interview).toMatchObject({ questionsAsked: 2, answersGiven: 1 });
    // The one written ahead, not a second one.
    expect(questionRequests().length).toBe(chatBefore + 1);
    expect(eventsFor(next.messageId).some((e) => e.event === 'interview.questionText')).toBe(true);
    // Its audio, held while it was written ahead, goes out now (what was held at once, the rest as it comes).
    await expect.poll(() => eventsFor(next.messageId).some((e) => e.event === 'interview.audio' && (e.payload as { pcmBase64: string }).pcmBase64 !== '')).toBe(true);
    // Shown but not saved: the candidate can still take it back.
    expect(answers()).toEqual([]);
    expect(questions().map((row) => row.id)).toEqual([question.messageId]);

    expect(await h.ok('interview.commitAnswer', { interviewId: view.id, questionMessageId: question.messageId })).toEqual({ saved: true });
    expect(questions().map((row) => row.id)).toEqual([question.messageId, next.messageId]);
    const [saved] = answers();
    expect(JSON.parse(saved!.audio_metadata).endOfTurn).toEqual({ ...decision, questionsDropped: 0, continued: 0, writtenAhead: true });
    expect((await h.ok('interview.getCurrent', {})).interview?.currentQuestion?.messageId).toBe(next.messageId);
    // Saved once: a second commit has nothing to do.
    expect(await h.ok('interview.commitAnswer', { interviewId: view.id, questionMessageId: question.messageId })).toEqual({ saved: false });
  });

  it('drops a question written ahead when the candidate speaks again: nothing shown, usage marked discarded, the answer whole', async () => {
    const view = await started('dropped@example.com');
    const question = view.currentQuestion!;
    await sendSegments(h, view, first);
    h.events.length = 0;
    const chatBefore = questionRequests().length;
    await h.ok('interview.speculate', { interviewId: view.id, questionMessageId: question.messageId, segmentCount: 1 });
    await expect.poll(() => questionRequests().length).toBe(chatBefore + 1);
    const continued = await h.ok('interview.continueAnswer', { interviewId: view.id, questionMessageId: question.messageId });
    expect(continued.interview.currentQuestion?.messageId).toBe(question.messageId);
    await h.idle();

    // More of the answer, then its end.
    await sayMore(view, 1, 4000, 500);
    const ended = await h.ok('interview.endAnswer', { interviewId: view.id, questionMessageId: question.messageId, segmentCount: 2, reason: 'silence', continuable: true, decision });
    await h.ok('interview.commitAnswer', { interviewId: view.id, questionMessageId: question.messageId });
    await h.idle();

    const [saved] = answers();
    expect(saved!.content_text).toMatch(/Answer part 1.*Answer part 2/);
    expect(JSON.parse(saved!.audio_metadata).endOfTurn).toMatchObject({ questionsDropped: 1, continued: 0, writtenAhead: true });
    // The dropped question was never shown: every question event is for the one asked.
    const shownIds = new Set(h.events.filter((e) => e.event === 'interview.questionText').map((e) => (e.payload as { messageId: string }).messageId));
    expect([...shownIds]).toEqual([ended.interview.currentQuestion!.messageId]);
    const usage = h.rows<{ task: string; endpoint: string; error_kind: string | null }>('SELECT task, endpoint, error_kind FROM ai_usage WHERE interview_id = ? ORDER BY id', view.id);
    const discarded = usage.filter((row) => row.error_kind === 'discarded');
    expect(discarded.some((row) => row.endpoint === 'chat')).toBe(true);
    // The question asked in the end is not marked.
    expect(usage.filter((row) => row.endpoint === 'chat' && row.error_kind === null).length).toBeGreaterThan(0);
  });

  it('takes back a question already shown when the candidate carries on, and asks again when they finish', async () => {
    const view = await started('carried-on@example.com');
    const question = view.currentQuestion!;
    await sendSegments(h, view, first);
    const shown = await h.ok('interview.endAnswer', { interviewId: view.id, questionMessageId: question.messageId, segmentCount: 1, reason: 'silence', continuable: true, decision });
    const withdrawn = shown.interview.currentQuestion!.messageId;

    const continued = await h.ok('interview.continueAnswer', { interviewId: view.id, questionMessageId: question.messageId });
    expect(continued.interview.currentQuestion?.messageId).toBe(question.messageId);
    expect(continued.interview.answersGiven).toBe(0);
    // Its commit now finds nothing to save; a segment for it is refused.
    expect(await h.ok('interview.commitAnswer', { interviewId: view.id, questionMessageId: question.messageId })).toEqual({ saved: false });

    await sayMore(view, 1, 5000, 700);
    const again = await h.ok('interview.endAnswer', { interviewId: view.id, questionMessageId: question.messageId, segmentCount: 2, reason: 'button', continuable: true });
    const asked = again.interview.currentQuestion!.messageId;
    expect(asked).not.toBe(withdrawn);
    // The candidate starts answering the new question before the window's commit arrives: the turn is saved first.
    await sendSegments(h, again.interview, first);
    await h.idle();

    expect(questions().map((row) => row.id)).toEqual([question.messageId, asked]);
    const [saved] = answers();
    expect(saved!.content_text).toMatch(/Answer part 1.*Answer part 2/);
    expect(JSON.parse(saved!.metadata)).toMatchObject({ continued: 1, segmentCount: 2, reason: 'button' });
    expect(JSON.parse(saved!.audio_metadata).endOfTurn).toMatchObject({ decidedBy: 'button', continued: 1 });
    expect(await h.call('interview.continueAnswer', { interviewId: view.id, questionMessageId: question.messageId })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('already been saved') },
    });
  });

  it('saves a shown turn when the app closes before the window commits it', async () => {
    const view = await started('closing@example.com');
    const question = view.currentQuestion!;
    await sendSegments(h, view, first);
    const shown = await h.ok('interview.endAnswer', { interviewId: view.id, questionMessageId: question.messageId, segmentCount: 1, reason: 'silence', continuable: true, decision });
    const dataDir = h.dataDir;
    h.shutDown();
    const reopened = createInterviewHarness(fake.server, { dataDir });
    try {
      const rows = reopened.rows<{ id: string; message_type: string }>('SELECT id, message_type FROM interview_messages ORDER BY sequence_number');
      expect(rows.map((row) => row.message_type)).toEqual(['ai_question', 'candidate_response', 'ai_question']);
      expect(rows[2]!.id).toBe(shown.interview.currentQuestion!.messageId);
    } finally {
      reopened.shutDown();
    }
  });
});
