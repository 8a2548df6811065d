import { afterEach, describe, expect, it } from 'vitest';
import { PRACTICE_QUESTION } from '../../../shared/copy/interview-messages';
import { PRACTICE_LIMIT, TYPED_ANSWER_MAX_CHARS } from '../../../shared/domain/interview';
import type { Accommodation } from '../../../shared/domain/proctoring';
import { transcriptOf } from '../../../src-main/assessment/scoring-prompts';
import { strongPassword } from '../../support/test-app';
import { answer, answerWav, questionText, scriptAi, sendSegments, type InterviewHarness } from '../interview/support';
import { useFakeOpenAi } from '../providers/support';
import { PIN, PROCTOR, proctoredKiosk } from './support';

const CANDIDATE = 'accommodated-candidate@example.com';
const TYPED = 'I would lift the state to the closest common parent and pass it down with a setter callback.';

/** Issue 17, point 6: what a proctor grants, through the IPC contract on a kiosk that requires sittings. */
describe('accommodations a proctor grants', () => {
  const fake = useFakeOpenAi();
  const open: InterviewHarness[] = [];
  afterEach(() => {
    for (const h of open.splice(0).reverse()) h.close();
  });

  /** A kiosk with a proctor, and a candidate signed in to a sitting opened with `accommodations`. */
  async function sittingWith(accommodations: Accommodation[]) {
    const h = await proctoredKiosk(fake.server, CANDIDATE, open);
    await h.ok('auth.signIn', { accountKind: 'staff', email: PROCTOR, password: strongPassword });
    await h.ok('proctor.setPin', { pin: PIN });
    await h.ok('proctor.openSitting', { candidateEmail: CANDIDATE, identityCheck: 'Passport', identityConfirmed: true, roleType: 'react', accommodations });
    await h.ok('proctor.handOver', {});
    await h.ok('auth.signIn', { accountKind: 'candidate', email: CANDIDATE, password: strongPassword });
    return h;
  }

  function answerRows(h: InterviewHarness) {
    return h.rows<{ content_text: string; content_audio_url: string | null; metadata: string }>(
      "SELECT content_text, content_audio_url, metadata FROM interview_messages WHERE message_type = 'candidate_response' ORDER BY sequence_number",
    );
  }

  it('takes typed answers only where typed answers were granted, and says what to do otherwise', async () => {
    const h = await sittingWith(['extra_time']);
    const view = await h.ok('interview.start', { roleType: 'react' });
    expect(view.answerMode).toBe('spoken');
    const refused = await h.call('interview.typedAnswer', {
      interviewId: view.id,
      questionMessageId: view.currentQuestion!.messageId,
      text: TYPED,
      startedAfterQuestionMs: 900,
      sentAfterQuestionMs: 30_000,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('ask the proctor') } });
    expect(answerRows(h)).toEqual([]);
  });

  it('saves a typed answer like a spoken one, without a recording, and asks the next question', async () => {
    const h = await sittingWith(['typed_answers']);
    const view = await h.ok('interview.start', { roleType: 'react' });
    expect(view.answerMode).toBe('typed');
    const question = view.currentQuestion!;

    const sent = await h.ok('interview.typedAnswer', {
      interviewId: view.id,
      questionMessageId: question.messageId,
      text: `  ${TYPED}\n`,
      startedAfterQuestionMs: 2_400,
      sentAfterQuestionMs: 61_000,
    });
    expect(sent.transcript).toBe(TYPED);
    expect(sent.interview).toMatchObject({ answersGiven: 1, answerMode: 'typed', currentQuestion: { number: 2 } });
    const [row] = answerRows(h);
    expect(row).toMatchObject({ content_text: TYPED, content_audio_url: null });
    expect(JSON.parse(row!.metadata)).toMatchObject({
      questionMessageId: question.messageId,
      answerMode: 'typed',
      typingStartedAfterMs: 2_400,
      sentAfterMs: 61_000,
      characters: TYPED.length,
    });

    // Sent again (a reply lost on the way): the answer is not saved twice.
    const again = await h.ok('interview.typedAnswer', {
      interviewId: view.id,
      questionMessageId: question.messageId,
      text: 'A different answer',
      startedAfterQuestionMs: null,
      sentAfterQuestionMs: 70_000,
    });
    expect(again.transcript).toBe(TYPED);
    expect(answerRows(h)).toHaveLength(1);
  });

  it('refuses an empty or over-long typed answer and keeps nothing of it', async () => {
    const h = await sittingWith(['typed_answers']);
    const view = await h.ok('interview.start', { roleType: 'react' });
    const base = { interviewId: view.id, questionMessageId: view.currentQuestion!.messageId, startedAfterQuestionMs: null, sentAfterQuestionMs: 5_000 };
    for (const text of ['', '   \n\t ', 'x'.repeat(TYPED_ANSWER_MAX_CHARS + 1)]) {
      const refused = await h.call('interview.typedAnswer', { ...base, text });
      expect(refused, `${text.length} characters`).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(answerRows(h)).toEqual([]);
    // The longest allowed is taken whole.
    const longest = 'y'.repeat(TYPED_ANSWER_MAX_CHARS);
    expect((await h.ok('interview.typedAnswer', { ...base, text: longest })).transcript).toHaveLength(TYPED_ANSWER_MAX_CHARS);
  });

  it('refuses a typed answer while the proctor holds the sitting, and takes it once they resume', async () => {
    const h = await sittingWith(['typed_answers']);
    const view = await h.ok('interview.start', { roleType: 'react' });
    await h.ok('sitting.unlock', { pin: PIN });
    await h.ok('sitting.pause', {});
    const input = { interviewId: view.id, questionMessageId: view.currentQuestion!.messageId, text: TYPED, startedAfterQuestionMs: 100, sentAfterQuestionMs: 9_000 };
    expect(await h.call('interview.typedAnswer', input)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await h.ok('sitting.resume', {});
    expect((await h.ok('interview.typedAnswer', input)).transcript).toBe(TYPED);
  });

  it('gives scoring typed answers beside spoken ones, marked typed and never timed as speech', async () => {
    const h = await sittingWith(['typed_answers']);
    let view = await h.ok('interview.start', { roleType: 'react' });
    view = (
      await h.ok('interview.typedAnswer', { interviewId: view.id, questionMessageId: view.currentQuestion!.messageId, text: TYPED, startedAfterQuestionMs: 3_000, sentAfterQuestionMs: 40_000 })
    ).interview;
    // A spoken answer to the next question, as at a kiosk whose candidate may also speak (the channel takes both).
    await answer(h, view);
    const input = h.app.services.scoring.input(view.id);
    const [typed, spoken] = input!.questions;
    expect(typed!.answer).toMatchObject({ text: TYPED, typed: true, speechMs: null, responseTimeMs: 3_000, audioUrl: null });
    expect(spoken!.answer).toMatchObject({ typed: false });
    const transcript = transcriptOf(input!.questions);
    expect(transcript).toContain(`A1 (typed, started typing after 3.0 s): ${TYPED}`);
    expect(transcript).toMatch(/A2 \(started speaking after [0-9.]+ s, spoke for [0-9.]+ s\)/);
  });

  it('asks the practice question aloud and gives back what it heard, keeping nothing, only where it was granted', async () => {
    const refused = await sittingWith(['typed_answers']);
    expect(await refused.call('equipment.practiceQuestion', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const wav = answerWav(1500).toString('base64');
    expect(await refused.call('equipment.practiceAnswer', { audioWavBase64: wav })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    refused.close();
    open.splice(open.indexOf(refused), 1);

    const h = await sittingWith(['practice_question']);
    const asked = await h.ok('equipment.practiceQuestion', {});
    expect(asked.text).toBe(PRACTICE_QUESTION);
    await h.idle();
    expect(h.eventsOf('interview.audio').filter((chunk) => chunk.streamId === asked.streamId).at(-1)).toMatchObject({ final: true });

    const heard = await h.ok('equipment.practiceAnswer', { audioWavBase64: wav });
    expect(heard.text).toMatch(/^Answer part 1:/);
    // Nothing of the practice is kept: no interview, no message, no stored file.
    expect(h.rows('SELECT id FROM interviews')).toEqual([]);
    expect(h.rows('SELECT id FROM interview_messages')).toEqual([]);
    expect(h.rows('SELECT id FROM stored_files')).toEqual([]);
  });

  it('refuses a practice recording that is not audio or too long, and limits how often the practice is used', async () => {
    const h = await sittingWith(['practice_question']);
    const notAudio = await h.call('equipment.practiceAnswer', { audioWavBase64: Buffer.from('not a wav file at all').toString('base64') });
    expect(notAudio).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('Record it again') } });
    const tooLong = await h.call('equipment.practiceAnswer', { audioWavBase64: answerWav(61_000).toString('base64') });
    expect(tooLong).toMatchObject({ ok: false, error: { code: expect.stringMatching(/invalid_input|too_large/) } });
    const transcriptions = () => fake.server.requests.filter((request) => request.endpoint === 'transcriptions').length;
    expect(transcriptions()).toBe(0);

    for (let i = 0; i < PRACTICE_LIMIT.count; i++) await h.ok('equipment.practiceQuestion', {});
    expect(await h.call('equipment.practiceQuestion', {})).toMatchObject({ ok: false, error: { code: 'rate_limited', message: expect.stringContaining('start the interview') } });
  });

  const PLAINER = 'In simple words: how would you explain the first topic to a teammate?';
  /** The interview script, with the re-ask prompt answered by PLAINER. */
  function scriptWithReask() {
    return scriptAi(fake.server, {
      otherChat: (request) => (JSON.stringify(request.json?.messages ?? []).includes('put another way') ? { kind: 'chat', content: PLAINER } : null),
    });
  }

  it('asks the question on screen again in other words, once, and the answer, judgement and score go with the new wording', async () => {
    const h = await sittingWith(['reask']);
    const ai = scriptWithReask();
    const view = await h.ok('interview.start', { roleType: 'react' });
    expect(view.canReask).toBe(true);
    const original = view.currentQuestion!;
    // Something said to the old wording is kept until the new one is saved, then let go.
    await sendSegments(h, view);

    const { interview: reasked } = await h.ok('interview.reaskQuestion', { interviewId: view.id, questionMessageId: original.messageId });
    expect(reasked).toMatchObject({ canReask: false, questionsAsked: 1, currentQuestion: { number: 1, text: PLAINER, phase: original.phase, skillArea: original.skillArea } });
    expect(reasked.currentQuestion!.messageId).not.toBe(original.messageId);
    const prompt = JSON.stringify(ai.questionRequests().at(-1)!.json.messages);
    expect(prompt).toContain(original.text);
    expect(h.eventsOf('interview.questionText').filter((event) => event.messageId === reasked.currentQuestion!.messageId).at(-1)).toMatchObject({ text: PLAINER, final: true });
    const stored = h.rows<{ id: string; metadata: string }>("SELECT id, metadata FROM interview_messages WHERE message_type = 'ai_question' ORDER BY sequence_number");
    expect(stored.map((row) => row.id)).toEqual([original.messageId, reasked.currentQuestion!.messageId]);
    expect(JSON.parse(stored[1]!.metadata)).toMatchObject({ reaskOf: original.messageId, skillId: original.skillArea });

    // Only once an interview.
    expect(await h.call('interview.reaskQuestion', { interviewId: view.id, questionMessageId: reasked.currentQuestion!.messageId })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('already had a question asked another way') },
    });
    // The old wording takes no answer now.
    expect(await h.call('interview.endAnswer', { interviewId: view.id, questionMessageId: original.messageId, segmentCount: 2, reason: 'silence' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });

    const next = await answer(h, reasked);
    expect(next.interview.currentQuestion).toMatchObject({ number: 2, text: questionText(2) });
    await h.idle();
    const judged = ai.judgeRequests().map((request) => JSON.stringify(request.json.messages));
    expect(judged.some((text) => text.includes(PLAINER))).toBe(true);
    expect(judged.some((text) => text.includes(original.text))).toBe(false);

    const input = h.app.services.scoring.input(view.id)!;
    expect(input.questions.map((question) => question.text)).toEqual([PLAINER, questionText(2)]);
    expect(input.questions[0]).toMatchObject({ number: 1, firstAskedAs: original.text, answer: { text: expect.stringContaining('Answer part') } });
  });

  it('refuses a re-ask that was not granted, and keeps the old wording when the new one cannot be written', async () => {
    const refused = await sittingWith(['typed_answers']);
    const plain = await refused.ok('interview.start', { roleType: 'react' });
    expect(plain.canReask).toBe(false);
    expect(await refused.call('interview.reaskQuestion', { interviewId: plain.id, questionMessageId: plain.currentQuestion!.messageId })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    refused.close();
    open.splice(open.indexOf(refused), 1);

    const h = await sittingWith(['reask']);
    scriptAi(fake.server, {
      otherChat: (request) =>
        JSON.stringify(request.json?.messages ?? []).includes('put another way') ? { kind: 'refusal', refusal: 'I cannot help with that.' } : null,
    });
    const view = await h.ok('interview.start', { roleType: 'react' });
    await sendSegments(h, view);
    const failed = await h.call('interview.reaskQuestion', { interviewId: view.id, questionMessageId: view.currentQuestion!.messageId });
    expect(failed).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('Please answer it as it is') } });
    const current = await h.ok('interview.getCurrent', {});
    expect(current.interview).toMatchObject({ canReask: true, currentQuestion: { messageId: view.currentQuestion!.messageId } });
    // What was said to it is still there: the answer ends with both parts.
    const ended = await answer(h, view, []).catch(() => null);
    expect(ended).toBeNull();
    const whole = await h.ok('interview.endAnswer', { interviewId: view.id, questionMessageId: view.currentQuestion!.messageId, segmentCount: 2, reason: 'silence' });
    expect(whole.transcript).toContain('Answer part 1');
  });
});
