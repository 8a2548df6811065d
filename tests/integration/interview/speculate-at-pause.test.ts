import { afterEach, describe, expect, it } from 'vitest';
import type { InterviewView } from '../../../shared/domain/interview';
import { tone16k } from '../providers/live-transcription-support';
import { useFakeOpenAi } from '../providers/support';
import { answerWav, createInterviewHarness, scriptAi, type InterviewHarness } from './support';

/**
 * With live transcription the window can ask for the next question to be
 * written at a pause inside the segment still being spoken, before the
 * detector closes it and its file arrives (interview.speculate counting
 * the open segment). The question is written from the words the stream
 * committed at the pause; it is shown only if the answer's own segments
 * bear those words out. Real app, real SQLite, the fake OpenAI server's
 * Realtime sessions.
 */
describe('the next question written at a pause inside the last segment', () => {
  const fake = useFakeOpenAi();
  let h: InterviewHarness;
  afterEach(() => h?.close());

  const decision = { decidedBy: 'words' as const, silenceMs: 700, rule: 'ends-with-full-stop' };

  async function started(email: string): Promise<InterviewView> {
    h = createInterviewHarness(fake.server);
    scriptAi(fake.server);
    await h.signUp(email);
    const view = await h.ok('interview.start', { roleType: 'react' });
    await h.idle();
    return view;
  }

  const pcm = (ms: number) => Buffer.from(tone16k(ms).buffer).toString('base64');
  const stream = (view: InterviewView, seq: number, ms: number, flags: { pause?: true; final?: boolean } = {}) =>
    h.ok('interview.liveAudio', {
      interviewId: view.id,
      questionMessageId: view.currentQuestion!.messageId,
      segmentIndex: 0,
      seq,
      pcmBase64: pcm(ms),
      final: flags.final ?? false,
      ...(flags.pause ? { pause: true as const } : {}),
    });
  const upload = (view: InterviewView, ms: number) =>
    h.ok('interview.answerSegment', {
      interviewId: view.id,
      questionMessageId: view.currentQuestion!.messageId,
      segmentIndex: 0,
      audioWavBase64: answerWav(ms).toString('base64'),
      startedAfterQuestionMs: 900,
      endedAfterQuestionMs: 900 + ms,
    });
  const wordsAtPause = () => h.eventsOf('interview.segmentTranscript').filter((event) => event.upToPause);
  const questionRequests = () => fake.server.requests.filter((request) => request.endpoint === 'chat' && !request.json?.response_format);
  const savedAnswers = () => h.rows<{ content_text: string; audio_metadata: string }>("SELECT * FROM interview_messages WHERE message_type = 'candidate_response'");
  const shownQuestionIds = () => new Set(h.eventsOf('interview.questionText').map((event) => event.messageId));

  it('tells the window the words up to the pause, writes the question from them before the file arrives, and shows it when the answer ends', async () => {
    const view = await started('pause-ahead@example.com');
    const question = view.currentQuestion!;
    fake.server.realtime.enqueue({ text: 'I would keep the wizard state in a reducer.' });
    h.events.length = 0;
    await stream(view, 0, 800, { pause: true });
    await expect.poll(wordsAtPause).toEqual([
      { interviewId: view.id, questionMessageId: question.messageId, segmentIndex: 0, text: 'I would keep the wizard state in a reducer.', final: false, upToPause: true },
    ]);

    const chatBefore = questionRequests().length;
    expect(await h.ok('interview.speculate', { interviewId: view.id, questionMessageId: question.messageId, segmentCount: 1 })).toEqual({ started: true });
    // Written with no segment file at all: from the words before the pause.
    await expect.poll(() => questionRequests().length).toBe(chatBefore + 1);
    expect(JSON.stringify(questionRequests().at(-1)!.json)).toContain('I would keep the wizard state in a reducer.');
    expect(shownQuestionIds().size).toBe(0);

    // The detector closes the segment with nothing said since the pause; its file is the record.
    await stream(view, 1, 0, { final: true });
    await upload(view, 1000);
    const ended = await h.ok('interview.endAnswer', { interviewId: view.id, questionMessageId: question.messageId, segmentCount: 1, reason: 'silence', continuable: true, decision });
    const next = ended.interview.currentQuestion!;
    expect(next.messageId).not.toBe(question.messageId);
    expect(questionRequests().length, 'the question written at the pause, not another').toBe(chatBefore + 1);
    expect([...shownQuestionIds()]).toEqual([next.messageId]);

    await h.ok('interview.commitAnswer', { interviewId: view.id, questionMessageId: question.messageId });
    const [saved] = savedAnswers();
    expect(saved!.content_text).toBe('I would keep the wizard state in a reducer.');
    expect(JSON.parse(saved!.audio_metadata).endOfTurn).toEqual({ ...decision, questionsDropped: 0, continued: 0, writtenAhead: true });
  });

  it('writes the question again, unseen, when the answer turns out longer than the words at the pause (the window never said speech resumed)', async () => {
    const view = await started('pause-longer@example.com');
    const question = view.currentQuestion!;
    fake.server.realtime.enqueue({ text: 'I would use a reducer.' }, { text: 'Unless the steps share nothing.' });
    h.events.length = 0;
    await stream(view, 0, 800, { pause: true });
    await expect.poll(() => wordsAtPause().length).toBe(1);
    const chatBefore = questionRequests().length;
    await h.ok('interview.speculate', { interviewId: view.id, questionMessageId: question.messageId, segmentCount: 1 });
    await expect.poll(() => questionRequests().length).toBe(chatBefore + 1);

    // Speech came back in the same segment; the window's word of it (continueAnswer) was lost.
    await stream(view, 1, 600);
    await stream(view, 2, 200, { final: true });
    await upload(view, 1800);
    const ended = await h.ok('interview.endAnswer', { interviewId: view.id, questionMessageId: question.messageId, segmentCount: 1, reason: 'silence', continuable: true, decision });
    expect(questionRequests().length, 'written again from the whole answer').toBe(chatBefore + 2);
    expect(JSON.stringify(questionRequests().at(-1)!.json)).toContain('I would use a reducer. Unless the steps share nothing.');
    // Only the question written from the whole answer was ever shown.
    expect([...shownQuestionIds()]).toEqual([ended.interview.currentQuestion!.messageId]);

    await h.ok('interview.commitAnswer', { interviewId: view.id, questionMessageId: question.messageId });
    const [saved] = savedAnswers();
    expect(saved!.content_text).toBe('I would use a reducer. Unless the steps share nothing.');
    expect(JSON.parse(saved!.audio_metadata).endOfTurn).toMatchObject({ questionsDropped: 1, writtenAhead: true });
    const usage = h.rows<{ endpoint: string; error_kind: string | null }>('SELECT endpoint, error_kind FROM ai_usage WHERE interview_id = ? AND endpoint = ?', view.id, 'chat');
    expect(usage.filter((row) => row.error_kind === 'discarded')).toHaveLength(1);
  });

  it('does not reuse a question written at a pause whose segment never came in time: the answer as sent is heard and asked after', async () => {
    const view = await started('pause-gone@example.com');
    const question = view.currentQuestion!;
    fake.server.realtime.enqueue({ text: 'That is all.' }, { text: 'And one more thing I thought of later.' });
    await stream(view, 0, 800, { pause: true });
    await expect.poll(() => wordsAtPause().length).toBe(1);
    await h.ok('interview.speculate', { interviewId: view.id, questionMessageId: question.messageId, segmentCount: 1 });
    // The candidate went on far longer than the app waits for the segment (3 s), and the window's word of it was lost.
    await new Promise((resolve) => setTimeout(resolve, 3300));
    await stream(view, 1, 600);
    await stream(view, 2, 200, { final: true });
    await upload(view, 1600);
    const ended = await h.ok('interview.endAnswer', { interviewId: view.id, questionMessageId: question.messageId, segmentCount: 1, reason: 'silence', continuable: true, decision });
    expect(ended.interview.currentQuestion!.messageId).not.toBe(question.messageId);
    await h.ok('interview.commitAnswer', { interviewId: view.id, questionMessageId: question.messageId });
    expect(savedAnswers()[0]!.content_text).toBe('That is all. And one more thing I thought of later.');
  });

  it('tells the window nothing at a pause that speech has already broken', async () => {
    const view = await started('pause-broken@example.com');
    fake.server.realtime.enqueue({ text: 'I would use', latency: { firstByteMs: 300 } }, { text: 'a reducer.' });
    await stream(view, 0, 800, { pause: true });
    // More audio before the pause's words are in: they are no longer all the segment's words.
    await stream(view, 1, 400);
    await stream(view, 2, 200, { final: true });
    await upload(view, 1600);
    await expect.poll(() => h.eventsOf('interview.segmentTranscript').filter((event) => event.final).length).toBe(1);
    expect(wordsAtPause()).toEqual([]);
  });
});
