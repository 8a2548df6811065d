import { afterEach, describe, expect, it } from 'vitest';
import { MAX_QUESTIONS, MIN_QUESTIONS, type InterviewView } from '../../../shared/domain/interview';
import { readWavInfo } from '../../fixtures/fake-openai/index';
import { useFakeOpenAi } from '../providers/support';
import { answer, createInterviewHarness, questionNumberOf, scriptAi, WINDOW, type InterviewHarness } from './support';

interface MessageRow {
  id: string;
  sequence_number: number;
  message_type: string;
  content_text: string;
  content_audio_url: string | null;
  audio_duration_seconds: number | null;
  audio_metadata: string | null;
  response_time_seconds: number | null;
  metadata: string | null;
}

describe('a whole spoken interview', () => {
  const fake = useFakeOpenAi();
  let h: InterviewHarness;
  afterEach(() => h?.close());

  it('asks 12 to 20 questions, keeps every question, answer, audio file and the session state, and queues one scoring job', async () => {
    h = createInterviewHarness(fake.server);
    const ai = scriptAi(fake.server);
    const candidateId = await h.signUp('whole@example.com');

    let view: InterviewView = await h.ok('interview.start', { roleType: 'react' });
    expect(view).toMatchObject({ status: 'in_progress', phase: 'warmup', questionsAsked: 1, answersGiven: 0, readyToSubmit: false, endOfTurnSilenceMs: 3500 });
    expect(view.currentQuestion).toMatchObject({ number: 1, sequenceNumber: 1, phase: 'warmup', text: expect.stringContaining('Question 1') });
    // Not finished: the submission is refused, and no hiring system hears of it (issue 21).
    expect(await h.call('interview.submit', { interviewId: view.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(h.rows('SELECT * FROM webhook_events')).toEqual([]);

    const transcripts: string[] = [];
    while (view.currentQuestion) {
      const asked = view.currentQuestion;
      const turn = await answer(h, view);
      transcripts.push(turn.transcript);
      view = turn.interview;
      expect(view.answersGiven).toBe(transcripts.length);
      if (view.currentQuestion) {
        expect(view.currentQuestion.number).toBe(asked.number + 1);
        expect(view.currentQuestion.sequenceNumber).toBe(asked.sequenceNumber + 2);
      }
      expect(transcripts.length).toBeLessThanOrEqual(MAX_QUESTIONS);
    }
    await h.idle();

    expect(view.readyToSubmit).toBe(true);
    expect(view.questionsAsked).toBeGreaterThanOrEqual(MIN_QUESTIONS);
    expect(view.questionsAsked).toBeLessThanOrEqual(MAX_QUESTIONS);
    expect(view.answersGiven).toBe(view.questionsAsked);
    expect(transcripts[0]).toBe('Answer part 1: I would keep the state in a hook and pass callbacks down. Answer part 2: I would keep the state in a hook and pass callbacks down.');

    // Every message, in order, alternating question and answer.
    const messages = h.rows<MessageRow>('SELECT * FROM interview_messages WHERE interview_id = ? ORDER BY sequence_number', view.id);
    expect(messages).toHaveLength(view.questionsAsked * 2);
    messages.forEach((message, index) => {
      expect(message.sequence_number).toBe(index + 1);
      expect(message.message_type).toBe(index % 2 === 0 ? 'ai_question' : 'candidate_response');
    });

    for (const [index, message] of messages.entries()) {
      expect(message.content_audio_url).toMatch(/^files\/[0-9a-f]{2}\/[0-9a-f]{62}$/);
      const file = h.fileExists(message.content_audio_url!);
      expect(file.exists).toBe(true);
      const stored = h.rows<{ size_bytes: number; media_type: string }>('SELECT size_bytes, media_type FROM stored_files WHERE relative_path = ?', message.content_audio_url);
      expect(stored).toEqual([{ size_bytes: file.size, media_type: 'audio/wav' }]);
      const metadata = JSON.parse(message.metadata!) as Record<string, unknown>;
      const audio = JSON.parse(message.audio_metadata!) as Record<string, unknown>;
      expect(audio.sizeBytes).toBe(file.size);
      if (message.message_type === 'ai_question') {
        expect(metadata).toMatchObject({ phase: expect.any(String), skillId: expect.any(String), difficulty: expect.any(Number), spokenParts: expect.any(Array) });
        expect(audio).toMatchObject({ codec: 'pcm_s16le', sampleRate: 24_000 });
        continue;
      }
      // Two segments of 0.6 s and 0.4 s at 16 kHz with 0.8 s between them: the recording keeps the pause (1.8 s in all).
      expect(message.content_text).toBe(transcripts[(index - 1) / 2]);
      expect(metadata).toEqual({
        questionMessageId: messages[index - 1]!.id,
        speechMs: 1000,
        pauseMs: 800,
        reason: 'silence',
        responseTimeMs: 1200,
        segmentCount: 2,
        sttModel: 'whisper-1',
        continued: 0,
      });
      expect(message.response_time_seconds).toBe(1);
      expect(message.audio_duration_seconds).toBe(2);
      expect(audio).toEqual({
        sampleRate: 16_000,
        codec: 'pcm_s16le',
        sizeBytes: 44 + 57_600,
        durationSeconds: 1.8,
        sttProcessingMs: expect.any(Number),
        confidence: 0.9,
        segments: [
          { startMs: 1200, endMs: 1800 },
          { startMs: 2600, endMs: 3000 },
        ],
        pausesMs: [800],
        // Ended by a caller that says nothing of how it decided: the ordinary path, nothing written ahead.
        endOfTurn: { decidedBy: 'silence', silenceMs: null, rule: null, questionsDropped: 0, continued: 0, writtenAhead: false },
      });
      const info = readWavInfo(h.readFile(message.content_audio_url!));
      expect(info).toMatchObject({ sampleRate: 16_000, channels: 1, bitsPerSample: 16, durationSeconds: 1.8 });
    }

    // The session: the engine's state with every answer judged, the memory of every turn, and the boundaries.
    const [session] = h.rows<{
      questions_asked_count: number;
      current_difficulty_level: string;
      progression_state: string;
      conversation_memory: string;
      skill_boundaries_identified: string;
    }>('SELECT * FROM interview_sessions WHERE interview_id = ?', view.id);
    expect(session!.questions_asked_count).toBe(view.questionsAsked);
    expect(session!.current_difficulty_level).toBe('advanced');
    const state = JSON.parse(session!.progression_state) as { questions: Array<{ judgement: unknown }>; readiness: { reason: string } };
    expect(state.questions).toHaveLength(view.questionsAsked);
    expect(state.questions.every((question) => question.judgement !== null)).toBe(true);
    expect(state.readiness.reason).toMatch(/boundaries_mapped|max_questions/);
    const memory = JSON.parse(session!.conversation_memory) as { turns: Array<{ answer: string | null; answerSummary: string | null }> };
    expect(memory.turns).toHaveLength(view.questionsAsked);
    expect(memory.turns.every((turn) => turn.answer !== null && turn.answerSummary !== null)).toBe(true);
    expect(Object.values(JSON.parse(session!.skill_boundaries_identified) as Record<string, string>)).not.toContain('not_assessed');
    expect(ai.judgeRequests()).toHaveLength(view.questionsAsked);

    // Every synced write went through the outbox.
    const outboxed = h.rows<{ n: number }>("SELECT count(DISTINCT row_id) AS n FROM sync_outbox WHERE table_name = 'interview_messages'");
    expect(outboxed[0]!.n).toBe(messages.length);

    const submitted = await h.ok('interview.submit', { interviewId: view.id });
    expect(submitted.interview).toMatchObject({ status: 'completed', readyToSubmit: true, currentQuestion: null });
    const again = await h.ok('interview.submit', { interviewId: view.id });
    expect(again.scoringJobId).toBe(submitted.scoringJobId);
    const jobs = h.rows<{ id: string; kind: string; payload: string; status: string; dedupe_key: string }>("SELECT * FROM jobs WHERE kind = 'score_interview'");
    expect(jobs).toEqual([
      expect.objectContaining({ id: submitted.scoringJobId, kind: 'score_interview', status: 'queued', dedupe_key: `score_interview:${view.id}`, payload: JSON.stringify({ interviewId: view.id }) }),
    ]);
    const [interview] = h.rows<{ status: string; completed_at: string; duration_seconds: number; started_at: string }>('SELECT * FROM interviews WHERE id = ?', view.id);
    expect(interview).toMatchObject({ status: 'completed', completed_at: h.clock.now().toISOString(), duration_seconds: 0 });

    // Issue 21: one interview.completed event, written with the submission (submitting again adds none).
    const events = h.rows<{ type: string; candidate_id: string; occurred_at: string; payload: string }>('SELECT type, candidate_id, occurred_at, payload FROM webhook_events');
    expect(events.map((event) => [event.type, event.candidate_id, event.occurred_at])).toEqual([['interview.completed', candidateId, interview!.completed_at]]);
    expect(JSON.parse(events[0]!.payload)).toEqual({
      candidate: { id: candidateId, fullName: 'Casey Candidate', email: 'whole@example.com' },
      interview: { id: view.id, roleType: 'react', roleTitle: 'React Developer', startedAt: interview!.started_at, completedAt: interview!.completed_at, questionCount: view.questionsAsked },
    });

    expect(await h.ok('interview.getCurrent', {})).toEqual({ interview: null });
    expect((await h.call('interview.endAnswer', { interviewId: view.id, questionMessageId: messages[0]!.id, segmentCount: 1, reason: 'button' })).ok).toBe(false);
  });

  it('streams the next question’s text and audio while the turn is still running', async () => {
    h = createInterviewHarness(fake.server);
    scriptAi(fake.server);
    // Slow enough that the model is still writing when the first sentence is spoken.
    const spoken = (n: number) => ['Thanks.', `Here is question ${n}.`, `How do you test custom hook number ${n}?`];
    fake.server.setResponder('chat', (request) =>
      request.json?.response_format
        ? { kind: 'structured', json: { skillArea: 'testing', quality: 'good', evidence: 'e', struggled: false, reasoning: 'r' } }
        : { kind: 'chat', content: spoken(questionNumberOf(request)).join(' '), latency: { tokensPerSecond: 100 } },
    );
    await h.signUp('stream@example.com');
    const first = await h.ok('interview.start', { roleType: 'react' });
    await h.idle();
    h.events.length = 0;

    let resolvedAt = 0;
    const turn = answer(h, first).then((result) => {
      resolvedAt = performance.now();
      return result;
    });
    const { interview } = await turn;
    const next = interview.currentQuestion!;
    const audio = h.events.filter((e) => e.event === 'interview.audio' && (e.payload as { streamId: string }).streamId === next.messageId);
    const withPcm = audio.filter((e) => (e.payload as { pcmBase64: string }).pcmBase64.length > 0);
    expect(withPcm.length).toBeGreaterThan(0);
    expect(withPcm[0]!.at).toBeLessThan(resolvedAt);
    expect(withPcm[0]!.windowId).toBe(WINDOW);

    const texts = h.eventsOf('interview.questionText').filter((event) => event.messageId === next.messageId);
    const [a, b, c] = spoken(2);
    expect(texts.map((event) => [event.text, event.final])).toEqual([
      [a, false],
      [`${a} ${b}`, false],
      [`${a} ${b} ${c}`, false],
      [`${a} ${b} ${c}`, true],
    ]);

    await h.idle();
    const chunks = h.eventsOf('interview.audio').filter((event) => event.streamId === next.messageId);
    expect(chunks.map((chunk) => chunk.seq)).toEqual(chunks.map((_, index) => index));
    expect(chunks.at(-1)).toMatchObject({ final: true, pcmBase64: '' });
    expect(chunks.filter((chunk) => chunk.final)).toHaveLength(1);
    expect(chunks.every((chunk) => chunk.sampleRate === 24_000 && chunk.error === undefined)).toBe(true);
    // Whole samples only, and exactly the synthesised speech: one request per sentence, headers stripped.
    const pcmBytes = chunks.reduce((sum, chunk) => sum + Buffer.from(chunk.pcmBase64, 'base64').length, 0);
    expect(chunks.every((chunk) => Buffer.from(chunk.pcmBase64, 'base64').length % 2 === 0)).toBe(true);
    // "Thanks." was spoken for the first question already: the speech cache answers it.
    const speech = fake.server.requests.filter((request) => request.endpoint === 'speech').slice(-2);
    expect(speech.map((request) => request.json.input)).toEqual([b, c]);
    const expectedSamples = spoken(2).reduce((sum, sentence) => sum + Math.round((sentence.length * 60 * 24_000) / 1000), 0);
    expect(pcmBytes).toBe(expectedSamples * 2);

    // Speaking it again is served from the speech cache: no new synthesis.
    const before = fake.server.requests.filter((request) => request.endpoint === 'speech').length;
    const replay = await h.ok('interview.speakQuestion', { interviewId: interview.id, messageId: next.messageId });
    await h.idle();
    expect(fake.server.requests.filter((request) => request.endpoint === 'speech').length).toBe(before);
    const replayed = h.eventsOf('interview.audio').filter((event) => event.streamId === replay.streamId);
    expect(replayed.reduce((sum, chunk) => sum + Buffer.from(chunk.pcmBase64, 'base64').length, 0)).toBe(pcmBytes);
  });

  it('speaks the equipment check sentence as audio events', async () => {
    h = createInterviewHarness(fake.server);
    await h.signUp('speaker@example.com');
    const { streamId, text } = await h.ok('equipment.testSpeaker', {});
    expect(text).toMatch(/speaker/i);
    await h.idle();
    const chunks = h.eventsOf('interview.audio', WINDOW).filter((event) => event.streamId === streamId);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.at(-1)).toMatchObject({ final: true });
    expect(chunks.some((chunk) => chunk.pcmBase64.length > 0)).toBe(true);
  });
});
