import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedRequest, Reply } from '../../fixtures/fake-openai/index';
import { useFakeOpenAi } from '../providers/support';
import { answer, createInterviewHarness, isJudgeRequest, judgementReply, questionNumberOf, questionText, scriptAi, type InterviewHarness } from './support';

/*
 * Through a whole turn: a question the service did not finish (cut at its
 * length limit, stopped by the content filter, declined, broken off by an
 * error event) is never stored, shown as final or spoken to its end; the
 * turn asks again and the candidate gets a whole question.
 */

const fake = useFakeOpenAi();
let h: InterviewHarness;
afterEach(() => h?.close());

const TRANSCRIPT = 'Answer part: my secret project codename is BLUEBIRD and I used hooks.';

/** Questions as the script writes them, except that the first try at question 2 is answered by `first`. */
function secondQuestionFirst(first: Reply): { questionRequests: () => RecordedRequest[] } {
  let tries = 0;
  fake.server.setResponder('chat', (request): Reply => {
    if (isJudgeRequest(request)) return judgementReply(request);
    const n = questionNumberOf(request);
    if (n === 2 && tries++ === 0) return first;
    return { kind: 'chat', content: questionText(n) };
  });
  return { questionRequests: () => fake.server.requests.filter((request) => request.endpoint === 'chat' && !isJudgeRequest(request)) };
}

async function firstTurn(email: string) {
  h = createInterviewHarness(fake.server);
  scriptAi(fake.server, { transcript: () => TRANSCRIPT });
  await h.signUp(email);
  const view = await h.ok('interview.start', { roleType: 'react' });
  await h.idle();
  return view;
}

function storedQuestions(): string[] {
  return h.rows<{ content_text: string }>("SELECT content_text FROM interview_messages WHERE message_type = 'ai_question' ORDER BY created_at").map((row) => row.content_text);
}

describe('incomplete questions never pass for whole ones', () => {
  it('a question cut at its length limit is asked again; its half sentence is neither stored, shown as final, nor spoken', async () => {
    const view = await firstTurn('length@example.com');
    const cut = 'Thanks. Question 2: how would you explain the difference between';
    secondQuestionFirst({ kind: 'chat', content: cut, finishReason: 'length' });

    const { interview } = await answer(h, view);
    expect(interview.currentQuestion?.text).toBe(questionText(2));
    await h.idle();
    expect(storedQuestions()).toEqual([questionText(1), questionText(2)]);
    const finals = h.eventsOf('interview.questionText').filter((event) => event.final);
    expect(finals.map((event) => event.text)).toEqual([questionText(1), questionText(2)]);
    // The cut-off sentence never reached text-to-speech; the first try's audio ended with an error, not as complete.
    const spoken = fake.server.requests.filter((request) => request.endpoint === 'speech').map((request) => request.json.input as string);
    expect(spoken.some((input) => input.includes('difference between'))).toBe(false);
  });

  it('a question the model declines is asked for again without the candidate’s words, and that one is asked', async () => {
    const view = await firstTurn('refusal@example.com');
    const { questionRequests } = secondQuestionFirst({ kind: 'refusal', refusal: "I'm sorry, I can't help with that." });

    const { interview } = await answer(h, view);
    expect(interview.currentQuestion?.text).toBe(questionText(2));
    const [declined, again] = questionRequests().slice(-2).map((request) => JSON.stringify(request.json.messages));
    expect(declined).toContain('BLUEBIRD');
    expect(again).not.toContain('BLUEBIRD');
    expect(again).toContain(questionText(1));
    expect(storedQuestions()).toEqual([questionText(1), questionText(2)]);
  });

  it('a content-filter stop is treated as a refusal', async () => {
    const view = await firstTurn('filter@example.com');
    secondQuestionFirst({ kind: 'chat', content: 'Thanks. Question 2: tell me', finishReason: 'content_filter' });
    const { interview } = await answer(h, view);
    expect(interview.currentQuestion?.text).toBe(questionText(2));
    expect(storedQuestions()).toHaveLength(2);
  });

  it('an error event part-way through a question is retried, and only the whole question is stored', async () => {
    const view = await firstTurn('midstream@example.com');
    secondQuestionFirst({ kind: 'fault', fault: 'stream_error', afterTokens: 5 });
    const { interview } = await answer(h, view);
    expect(interview.currentQuestion?.text).toBe(questionText(2));
    expect(storedQuestions()).toEqual([questionText(1), questionText(2)]);
  });

  it('an account out of credit: the next question comes from the bank at once, the answer kept, nothing said to the candidate', async () => {
    const view = await firstTurn('quota@example.com');
    const { questionRequests } = secondQuestionFirst({ kind: 'fault', fault: 'insufficient_quota' });
    const { interview } = await answer(h, view);
    // Asked once, not waited on: waiting does not add credit.
    expect(questionRequests().filter((request) => questionNumberOf(request) === 2)).toHaveLength(1);
    expect(h.rows("SELECT 1 FROM interview_messages WHERE message_type = 'candidate_response'")).toHaveLength(1);
    expect(interview.currentQuestion?.number).toBe(2);
    expect(storedQuestions()[1]).not.toBe(questionText(2));
  });
});
