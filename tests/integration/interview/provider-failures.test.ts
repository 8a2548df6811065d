import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../fixtures/fake-openai/index';
import { useFakeOpenAi } from '../providers/support';
import { answer, createInterviewHarness, isJudgeRequest, judgementReply, questionNumberOf, questionText, scriptAi, sendSegments, type InterviewHarness } from './support';


function answerCount(h: InterviewHarness): number {
  return h.rows("SELECT 1 FROM interview_messages WHERE message_type = 'candidate_response'").length;
}

describe('the interview when the AI provider fails', () => {
  const fake = useFakeOpenAi();
  let h: InterviewHarness;
  afterEach(() => h?.close());

  it('shows the question as text when its speech fails, says so in the audio stream, and finishes the turn', async () => {
    h = createInterviewHarness(fake.server);
    scriptAi(fake.server);
    await h.signUp('tts@example.com');
    const view = await h.ok('interview.start', { roleType: 'react' });
    await h.idle();

    // The first sentence of the next question is spoken; the second cannot be.
    fake.server.setResponder('speech', (request) => (/^Question 2:/.test(request.json?.input as string) ? { kind: 'fault', fault: 'bad_request' } : { kind: 'speech' }));
    const { interview } = await answer(h, view);
    const next = interview.currentQuestion!;
    expect(next.text).toBe(questionText(2));
    await h.idle();

    const chunks = h.eventsOf('interview.audio').filter((event) => event.streamId === next.messageId);
    const last = chunks.at(-1)!;
    expect(last).toMatchObject({ final: true, pcmBase64: '', error: expect.stringMatching(/could not be played/) });
    expect(chunks.filter((chunk) => chunk.final)).toHaveLength(1);
    expect(chunks.slice(0, -1).every((chunk) => chunk.pcmBase64.length > 0 && chunk.error === undefined)).toBe(true);
    expect(h.eventsOf('interview.questionText').filter((event) => event.messageId === next.messageId && event.final)).toEqual([
      { interviewId: view.id, messageId: next.messageId, text: questionText(2), final: true },
    ]);
    const [question] = h.rows<{ content_text: string; content_audio_url: string | null }>('SELECT content_text, content_audio_url FROM interview_messages WHERE id = ?', next.messageId);
    expect(question).toEqual({ content_text: questionText(2), content_audio_url: null });

    // The interview carries on as usual.
    fake.server.setResponder('speech', () => ({ kind: 'speech' }));
    const after = await answer(h, interview);
    expect(after.interview.currentQuestion?.number).toBe(3);
  });

  it('asks for the answer again when speech-to-text cannot make out a segment, and saves nothing of it', async () => {
    h = createInterviewHarness(fake.server);
    scriptAi(fake.server);
    await h.signUp('stt@example.com');
    const view = await h.ok('interview.start', { roleType: 'react' });

    fake.server.enqueue('transcriptions', { kind: 'transcription', text: 'fine' }, { kind: 'fault', fault: 'bad_request' });
    await sendSegments(h, view);
    const refused = await h.call('interview.endAnswer', { interviewId: view.id, questionMessageId: view.currentQuestion!.messageId, segmentCount: 2, reason: 'silence' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'answer_not_heard', message: expect.stringMatching(/answer the question again/) } });
    expect(answerCount(h)).toBe(0);
    // The segments are gone: there is nothing left to discard.
    expect(await h.ok('interview.discardAnswer', { interviewId: view.id, questionMessageId: view.currentQuestion!.messageId })).toEqual({ discarded: 0 });

    // Silence transcribes as nothing: the same answer.
    fake.server.enqueue('transcriptions', { kind: 'transcription', text: '' }, { kind: 'transcription', text: '  ' });
    await sendSegments(h, view);
    const silent = await h.call('interview.endAnswer', { interviewId: view.id, questionMessageId: view.currentQuestion!.messageId, segmentCount: 2, reason: 'button' });
    expect(silent).toMatchObject({ ok: false, error: { code: 'answer_not_heard' } });
    expect(answerCount(h)).toBe(0);

    const again = await answer(h, view);
    expect(again.transcript).toMatch(/^Answer part/);
    expect(answerCount(h)).toBe(1);
    const current = await h.ok('interview.getCurrent', {});
    expect(current.interview?.answersGiven).toBe(1);
  });

  it('asks the next question from the bank when the AI cannot write it, telling the candidate nothing about the service', async () => {
    h = createInterviewHarness(fake.server);
    scriptAi(fake.server);
    await h.signUp('breaker@example.com');
    const view = await h.ok('interview.start', { roleType: 'react' });
    await h.idle();

    // Writing questions fails (500s through the specification's retries, until the breaker opens); judging still works.
    let questionCalls = 0;
    let down = true;
    fake.server.setResponder('chat', (request): Reply => {
      if (isJudgeRequest(request)) return judgementReply(request);
      questionCalls++;
      if (down) return { kind: 'fault', fault: 'server_error' };
      return { kind: 'chat', content: questionText(questionNumberOf(request)) };
    });
    const first = await answer(h, view);
    expect(first.transcript).toMatch(/^Answer part/);
    expect(first.interview.currentQuestion?.number).toBe(2);
    const fromBank = h.rows<{ content_text: string; metadata: string }>("SELECT content_text, metadata FROM interview_messages WHERE message_type = 'ai_question' ORDER BY sequence_number").at(-1)!;
    const metadata = JSON.parse(fromBank.metadata) as Record<string, unknown>;
    expect(metadata).toMatchObject({ source: 'bank', bankVersion: 1, model: 'question-bank', phase: 'warmup', difficulty: 1 });
    expect(String(metadata.bankQuestionId)).toMatch(/^react-[a-z-]+-1-[abc]$/);
    expect(first.interview.currentQuestion?.text).toBe(fromBank.content_text);
    // The first question's words stay the AI's: only the one it could not write came from the bank.
    const firstQuestion = h.rows<{ metadata: string }>("SELECT metadata FROM interview_messages WHERE message_type = 'ai_question' ORDER BY sequence_number")[0]!;
    expect(JSON.parse(firstQuestion.metadata)).toMatchObject({ source: 'ai' });
    // The specification's 1 call and 3 retries, then the bank at once: no waiting for the service beyond them.
    expect(questionCalls).toBe(4);

    // Still down: the next one comes from the bank too, after its own retries (the judge's successes on the same
    // endpoint keep the breaker closed), and is not the same question.
    const second = await answer(h, first.interview);
    expect(second.interview.currentQuestion?.number).toBe(3);
    expect(second.interview.currentQuestion?.text).not.toBe(first.interview.currentQuestion?.text);
    expect(questionCalls).toBe(8);
    expect(h.logLines.some((line) => line.includes('asking one from the question bank'))).toBe(true);
    expect(answerCount(h)).toBe(2);

    // Back, and past the breaker's minute: the AI writes the questions again.
    down = false;
    h.clock.advance(61_000);
    const third = await answer(h, second.interview);
    expect(third.interview.currentQuestion?.text).toBe(questionText(4));
  });

  it('finishes the interview when its token budget is spent', async () => {
    h = createInterviewHarness(fake.server, { provider: { interviewTokenBudget: 1 } });
    scriptAi(fake.server);
    await h.signUp('budget@example.com');
    const view = await h.ok('interview.start', { roleType: 'react' });
    h.app.services.ai.flushUsage();
    const { interview } = await answer(h, view);
    expect(interview).toMatchObject({ currentQuestion: null, readyToSubmit: true, answersGiven: 1 });
    const [session] = h.rows<{ progression_state: string }>('SELECT progression_state FROM interview_sessions');
    expect(JSON.parse(session!.progression_state).readiness.reason).toBe('token_budget');
    const submitted = await h.ok('interview.submit', { interviewId: view.id });
    expect(submitted.interview.status).toBe('completed');
  });

  it('keeps the answer when the provider refuses the key, to be transcribed once the key works', async () => {
    h = createInterviewHarness(fake.server);
    scriptAi(fake.server);
    await h.signUp('key@example.com');
    const view = await h.ok('interview.start', { roleType: 'react' });
    // Both segments are refused; the answer is not tried again with the candidate waiting.
    fake.server.enqueue('transcriptions', { kind: 'fault', fault: 'unauthorized' }, { kind: 'fault', fault: 'unauthorized' });
    await sendSegments(h, view);
    const kept = await h.ok('interview.endAnswer', { interviewId: view.id, questionMessageId: view.currentQuestion!.messageId, segmentCount: 2, reason: 'silence' });
    expect(kept.transcript).toBe('');
    expect(kept.interview.answersGiven).toBe(1);
    expect(kept.interview.currentQuestion?.number).toBe(2);
    const saved = h.rows<{ id: string; metadata: string }>("SELECT id, metadata FROM interview_messages WHERE message_type = 'candidate_response'");
    expect(saved).toHaveLength(1);
    expect(JSON.parse(saved[0]!.metadata)).toMatchObject({ transcription: 'pending' });
    expect(h.rows("SELECT payload FROM jobs WHERE kind = 'transcribe_answer'")).toEqual([{ payload: JSON.stringify({ interviewId: view.id, messageId: saved[0]!.id }) }]);

    // The key works again: the recording is transcribed at the job's next look.
    h.clock.advance(61_000);
    await expect.poll(() => JSON.parse(h.rows<{ metadata: string }>("SELECT metadata FROM interview_messages WHERE message_type = 'candidate_response'")[0]!.metadata).transcription, { timeout: 10_000 }).toBe('later');
  });
});
