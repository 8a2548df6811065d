import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InterviewView } from '../../../shared/domain/interview';
import { readPcmWav } from '../../../src-main/interview/wav-audio';
import { FakeClock, strongPassword } from '../../support/test-app';
import { useFakeOpenAi } from '../providers/support';
import { waitFor } from '../resumes/workflow-support';
import { ANSWER_SAMPLE_RATE, answer, answerWav, scriptAi, type InterviewHarness } from './support';
import { useInterviewHarnesses } from './support/harnesses';

/**
 * An answer half-recorded when the kiosk stopped is kept and carried on
 * after the restart (issue 19, point 5): the real app on a real SQLite file
 * and content store, the fake OpenAI server behind it, closed in the middle
 * of an answer and opened again on the same data folder.
 */

/** The parts of one answer, each a different length (from each other and the support's default answer) so the fake speech-to-text knows which it was sent. */
const PARTS = [
  { durationMs: 650, startedAfterQuestionMs: 1200, words: 'I would start from the data model.' },
  { durationMs: 750, startedAfterQuestionMs: 2400, words: 'Then the API around it.' },
  { durationMs: 850, startedAfterQuestionMs: 4100, words: 'After that, the tests.' },
  { durationMs: 950, startedAfterQuestionMs: 5600, words: 'And the deployment last.' },
];
const wavs = PARTS.map((part, index) => answerWav(part.durationMs, ANSWER_SAMPLE_RATE, 300 + 40 * index));
const EMAIL = 'kept@example.com';

interface AnswerRow {
  content_text: string;
  content_audio_url: string;
  metadata: string;
  audio_metadata: string;
}

describe('an answer the kiosk stopped in the middle of', () => {
  const fake = useFakeOpenAi();
  const harness = useInterviewHarnesses(fake);

  /** The AI as scripted for an interview, with each part's words known by its recording's size. */
  function scriptParts() {
    scriptAi(fake.server);
    const words = new Map(wavs.map((wav, index) => [wav.byteLength, PARTS[index]!.words]));
    fake.server.setResponder('transcriptions', (request) => ({
      kind: 'transcription',
      text: words.get(request.form?.file?.size ?? -1) ?? 'An earlier answer about state and hooks.',
      confidence: 0.9,
    }));
    return {
      /** Requests to transcribe this part that arrived after `since` (performance.now()). */
      transcribedSince: (since: number, part: number) =>
        fake.server.requests.filter((r) => r.endpoint === 'transcriptions' && r.receivedAt > since && r.form?.file?.size === wavs[part]!.byteLength).length,
    };
  }

  function sendPart(h: InterviewHarness, view: InterviewView, part: number) {
    const { durationMs, startedAfterQuestionMs } = PARTS[part]!;
    return h.ok('interview.answerSegment', {
      interviewId: view.id,
      questionMessageId: view.currentQuestion!.messageId,
      segmentIndex: part,
      audioWavBase64: wavs[part]!.toString('base64'),
      startedAfterQuestionMs,
      endedAfterQuestionMs: startedAfterQuestionMs + durationMs,
    });
  }

  /** An interview with one answer saved and `parts` said to the second question when the app goes down. */
  async function stoppedMidAnswer(parts: number) {
    const clock = new FakeClock();
    const first = harness({ clock });
    const script = scriptParts();
    await first.signUp(EMAIL);
    const started: InterviewView = await first.ok('interview.start', { roleType: 'python' });
    const view = (await answer(first, started)).interview;
    for (let part = 0; part < parts; part++) await sendPart(first, view, part);
    expect(first.rows('SELECT segment_index FROM answer_segments ORDER BY segment_index')).toEqual(Array.from({ length: parts }, (_, i) => ({ segment_index: i })));
    // Nothing on the way down touches the answer in progress: as far as it is concerned this is a crash.
    first.shutDown();
    const restartedAt = performance.now();
    const second = harness({ clock, dataDir: first.dataDir });
    await second.ok('auth.signIn', { accountKind: 'candidate', email: EMAIL, password: strongPassword });
    return { first, second, view, script, restartedAt, answered: started.currentQuestion!.messageId };
  }

  it('carries the answer on after the restart: one answer saved, its recording and its words made of both parts', async () => {
    const { second: h, view, script, restartedAt } = await stoppedMidAnswer(2);
    const questionId = view.currentQuestion!.messageId;

    const resumed = (await h.ok('interview.getCurrent', {})).interview!;
    expect(resumed.currentQuestion).toMatchObject({ messageId: questionId, answerSoFar: { segments: 2, endedAfterQuestionMs: 3150 } });
    // The kept parts are transcribed again as they are read back, well before the answer ends.
    await waitFor(() => script.transcribedSince(restartedAt, 0) === 1 && script.transcribedSince(restartedAt, 1) === 1, 'the kept parts transcribed again');

    // The candidate carries on, the renderer numbering the new parts after the kept ones.
    await sendPart(h, resumed, 2);
    await sendPart(h, resumed, 3);
    const ended = await h.ok('interview.endAnswer', { interviewId: view.id, questionMessageId: questionId, segmentCount: 4, reason: 'silence' });
    const words = PARTS.map((part) => part.words).join(' ');
    expect(ended.transcript).toBe(words);
    expect(ended.interview.answersGiven).toBe(2);

    const answers = h.rows<AnswerRow>(
      "SELECT content_text, content_audio_url, metadata, audio_metadata FROM interview_messages WHERE interview_id = ? AND message_type = 'candidate_response' AND json_extract(metadata, '$.questionMessageId') = ?",
      view.id,
      questionId,
    );
    expect(answers).toHaveLength(1);
    const saved = answers[0]!;
    expect(saved.content_text).toBe(words);
    expect(JSON.parse(saved.metadata)).toMatchObject({ segmentCount: 4, responseTimeMs: 1200 });
    expect(JSON.parse(saved.audio_metadata).segments).toEqual(PARTS.map((part) => ({ startMs: part.startedAfterQuestionMs, endMs: part.startedAfterQuestionMs + part.durationMs })));

    // The recording holds every part's audio, in the order spoken.
    const recording = Buffer.from(readPcmWav(h.readFile(saved.content_audio_url)).pcm);
    const at = wavs.map((wav) => recording.indexOf(Buffer.from(readPcmWav(wav).pcm)));
    expect(at.every((offset) => offset >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // Saved, the answer's segments are let go: nothing is carried on at the next start.
    expect(h.rows('SELECT id FROM answer_segments')).toEqual([]);
  });

  it('does not bring back the segments of a question answered before the app stopped', async () => {
    const { second: h, view, answered } = await stoppedMidAnswer(0);
    // The app stopped between saving the first answer and letting go of its segments' rows.
    const [earlier] = h.rows<{ content_audio_url: string }>("SELECT content_audio_url FROM interview_messages WHERE message_type = 'candidate_response'");
    h.rows(
      `INSERT INTO answer_segments (id, interview_id, question_message_id, segment_index, started_after_question_ms, ended_after_question_ms, content_hash, relative_path)
       VALUES ('stale-0', ?, ?, 0, 1200, 1800, ?, ?) RETURNING id`,
      view.id,
      answered,
      earlier!.content_audio_url.replace('files/', '').replace('/', ''),
      earlier!.content_audio_url,
    );

    const resumed = (await h.ok('interview.getCurrent', {})).interview!;
    expect(resumed.currentQuestion!.messageId).toBe(view.currentQuestion!.messageId);
    expect(resumed.currentQuestion!.answerSoFar).toBeUndefined();
    expect(h.rows('SELECT id FROM answer_segments')).toEqual([]);
    // The answer's own recording stays: it is the saved answer's.
    expect(h.fileExists(earlier!.content_audio_url).exists).toBe(true);
  });

  it('carries on before a part whose file was damaged meanwhile, since those after it cannot keep their place', async () => {
    const { second: h, view } = await stoppedMidAnswer(3);
    const [damaged] = h.rows<{ relative_path: string }>('SELECT relative_path FROM answer_segments WHERE segment_index = 1');
    writeFileSync(join(h.dataDir, ...damaged!.relative_path.split('/')), 'not the recording');

    const resumed = (await h.ok('interview.getCurrent', {})).interview!;
    expect(resumed.currentQuestion!.answerSoFar).toEqual({ segments: 1, endedAfterQuestionMs: 1850 });
    expect(h.rows('SELECT segment_index FROM answer_segments')).toEqual([{ segment_index: 0 }]);
    expect(h.logLines.join('\n')).toContain('a kept answer segment could not be read back');

    // The candidate says the rest again, numbered after the part kept.
    await sendPart(h, resumed, 1);
    const ended = await h.ok('interview.endAnswer', { interviewId: view.id, questionMessageId: view.currentQuestion!.messageId, segmentCount: 2, reason: 'button' });
    expect(ended.transcript).toBe(`${PARTS[0]!.words} ${PARTS[1]!.words}`);
  });
});
