import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../../src-main/db/open-database';
import { openDatabase } from '../../../src-main/db/open-database';
import { ContentStore } from '../../../src-main/files/content-store';
import { AnswerSegments, type SegmentTranscriptEvent } from '../../../src-main/interview/answer-segments';
import { LiveTranscripts, type LiveKey, type LiveTranscriptEvent } from '../../../src-main/interview/live-transcripts';
import { createLogger } from '../../../src-main/logging/logger';
import { OpenAiSpeechToText } from '../../../src-main/providers/ai/openai-speech-to-text';
import { StoredFileRepository } from '../../../src-main/repositories/stored-file-repository';
import { createLiveHarness, tone16k, type LiveHarness } from '../providers/live-transcription-support';
import { useFakeOpenAi } from '../providers/support';
import { migrationsDir } from '../../support/test-app';
import { answerWav } from './support';

const fake = useFakeOpenAi();
const logger = createLogger({ level: 'error', sink: () => undefined });
const INTERVIEW = 'interview-live';
const QUESTION = 'question-1';
const WINDOW = 'kiosk-1';

let dir: string;
let database: AppDatabase;
let live: LiveHarness;
let registry: LiveTranscripts;
let segments: AnswerSegments;
let deltas: LiveTranscriptEvent[];
let finals: SegmentTranscriptEvent[];

function build(options: { liveWaitMs?: number; enabled?: boolean } = {}) {
  live = createLiveHarness(fake.server);
  deltas = [];
  finals = [];
  registry = new LiveTranscripts({ transcriber: live.transcriber, enabled: () => options.enabled ?? true, onDelta: (e) => deltas.push(e), logger });
  segments = new AnswerSegments({
    store: new ContentStore(dir),
    files: new StoredFileRepository(database),
    stt: new OpenAiSpeechToText(live.deps),
    logger,
    live: registry,
    liveWaitMs: options.liveWaitMs ?? 800,
    onTranscript: (e) => finals.push(e),
  });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-live-segments-'));
  database = openDatabase({ file: join(dir, 'kiosk.sqlite'), migrationsDir, logger });
});
afterEach(() => {
  segments.clear();
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

const key = (segmentIndex: number): LiveKey => ({ interviewId: INTERVIEW, questionMessageId: QUESTION, segmentIndex });

/** The renderer's part: the segment's audio in 200 ms messages while spoken, the last one final. */
function speak(segmentIndex: number, ms: number, skip?: number): void {
  const chunks = Math.ceil(ms / 200);
  for (let seq = 0; seq < chunks; seq++) {
    if (seq === skip) continue;
    registry.push(key(segmentIndex), seq, tone16k(200), seq === chunks - 1, WINDOW);
  }
}

/** …and, once the detector closed the segment, its WAV. */
const upload = (segmentIndex: number, ms: number) =>
  segments.add({ interviewId: INTERVIEW, questionMessageId: QUESTION, segmentIndex, wav: answerWav(ms), startedAfterQuestionMs: segmentIndex * 2000, endedAfterQuestionMs: segmentIndex * 2000 + ms, windowId: WINDOW });

async function answerText(): Promise<string> {
  const outcomes = await Promise.all(segments.list(INTERVIEW, QUESTION).map((segment) => segment.transcript));
  return outcomes.map((outcome) => (outcome.ok ? outcome.transcription.text : '<failed>')).join(' ');
}

const fileUploads = () => fake.server.requests.filter((request) => request.endpoint === 'transcriptions').length;

describe('answer segments with live transcription', () => {
  it('takes each segment’s words from the stream, with no file upload, and tells the window', async () => {
    build();
    fake.server.realtime.enqueue({ text: 'Closures keep scope.' }, { text: 'Hooks run in order.' });
    speak(0, 600);
    await upload(0, 600);
    speak(1, 400);
    await upload(1, 400);
    expect(await answerText()).toBe('Closures keep scope. Hooks run in order.');
    expect(fileUploads()).toBe(0);
    expect(segments.list(INTERVIEW, QUESTION).map((s) => s.transcript)).toHaveLength(2);
    expect(finals).toEqual([
      { interviewId: INTERVIEW, questionMessageId: QUESTION, segmentIndex: 0, text: 'Closures keep scope.', final: true, windowId: WINDOW },
      { interviewId: INTERVIEW, questionMessageId: QUESTION, segmentIndex: 1, text: 'Hooks run in order.', final: true, windowId: WINDOW },
    ]);
    expect(deltas.filter((d) => d.segmentIndex === 1).at(-1)?.text).toBe('Hooks run in order.');
    // The WAV is still stored whichever path gave the words: it is the record.
    expect(segments.list(INTERVIEW, QUESTION).every((s) => s.file.size > 0)).toBe(true);
  });

  it('a pause inside a segment commits its words so far; the segment’s transcript joins them with what followed', async () => {
    build();
    fake.server.realtime.enqueue({ text: 'I would use a reducer,' }, { text: 'because the steps share state.' });
    registry.push(key(0), 0, tone16k(200), false, WINDOW);
    registry.push(key(0), 1, tone16k(200), false, WINDOW, true);
    // The renderer held the silence after the pause; speech resumed, so it sent it with what followed.
    registry.push(key(0), 2, tone16k(200), false, WINDOW);
    registry.push(key(0), 3, tone16k(200), true, WINDOW);
    await upload(0, 800);
    expect(await answerText()).toBe('I would use a reducer, because the steps share state.');
    expect(fileUploads()).toBe(0);
    const commits = fake.server.realtime.sessions[0]!.events.filter((entry) => entry.event?.type === 'input_audio_buffer.commit');
    expect(commits).toHaveLength(2);
    expect(finals.map((e) => [e.segmentIndex, e.text])).toEqual([[0, 'I would use a reducer, because the steps share state.']]);
  });

  it('a segment that ends after its pause commit, with nothing said since, is not committed again (an empty commit is refused)', async () => {
    build();
    fake.server.realtime.enqueue({ text: 'That is all.' }, { text: 'Next segment.' });
    registry.push(key(0), 0, tone16k(400), false, WINDOW, true);
    registry.push(key(0), 1, new Int16Array(0), true, WINDOW);
    await upload(0, 400);
    speak(1, 400);
    await upload(1, 400);
    expect(await answerText()).toBe('That is all. Next segment.');
    const events = fake.server.realtime.sessions[0]!.events;
    expect(events.filter((entry) => entry.event?.type === 'input_audio_buffer.commit')).toHaveLength(2);
    expect(events.filter((entry) => entry.refused)).toEqual([]);
    expect(fileUploads()).toBe(0);
  });

  it('a pause that arrives ahead of a missing chunk is not committed early (the words would have a hole), and the segment falls back to its file', async () => {
    build();
    fake.server.realtime.enqueue({ text: 'Never used.' });
    fake.server.enqueue('transcriptions', { kind: 'transcription', text: 'From the file, whole.' });
    registry.push(key(0), 0, tone16k(200), false, WINDOW);
    registry.push(key(0), 2, tone16k(200), false, WINDOW, true);
    registry.push(key(0), 3, tone16k(200), true, WINDOW);
    await upload(0, 800);
    expect(await answerText()).toBe('From the file, whole.');
    expect(fileUploads()).toBe(1);
  });

  it('switches mid-answer: the stream dies after segment 0, segment 1 comes from its file, and the answer is whole', async () => {
    build();
    fake.server.realtime.enqueue({ text: 'Live words first.' });
    fake.server.enqueue('transcriptions', { kind: 'transcription', text: 'File words after.' });
    speak(0, 600);
    await upload(0, 600);
    await segments.list(INTERVIEW, QUESTION)[0]!.transcript;
    fake.server.realtime.dropAll();
    await new Promise((resolve) => setTimeout(resolve, 50));
    speak(1, 400);
    await upload(1, 400);
    expect(await answerText()).toBe('Live words first. File words after.');
    expect(fileUploads()).toBe(1);
    expect(finals.map((e) => [e.segmentIndex, e.text])).toEqual([
      [0, 'Live words first.'],
      [1, 'File words after.'],
    ]);
  });

  it('falls back to the file when the stream carried much less audio than the segment holds (frames that never reached it)', async () => {
    build();
    fake.server.realtime.enqueue({ text: 'Only the start.' });
    fake.server.enqueue('transcriptions', { kind: 'transcription', text: 'The whole segment, from its file.' });
    // 400 ms streamed of a 2-second segment.
    speak(0, 400);
    await upload(0, 2000);
    expect(await answerText()).toBe('The whole segment, from its file.');
    expect(fileUploads()).toBe(1);
  });

  it('falls back to the file when the stream is slower than the bound', async () => {
    build({ liveWaitMs: 200 });
    fake.server.realtime.enqueue({ text: 'Too late.', latency: { firstByteMs: 700 } });
    fake.server.enqueue('transcriptions', { kind: 'transcription', text: 'From the file.' });
    speak(0, 400);
    await upload(0, 400);
    expect(await answerText()).toBe('From the file.');
  });

  it('falls back to the file when a chunk of the segment never reached the stream', async () => {
    build();
    fake.server.enqueue('transcriptions', { kind: 'transcription', text: 'Whole from the file.' });
    speak(0, 800, 1);
    await upload(0, 800);
    expect(await answerText()).toBe('Whole from the file.');
    expect(fileUploads()).toBe(1);
  });

  it('a segment with no stream (setting off) is transcribed from its file as before', async () => {
    build({ enabled: false });
    fake.server.enqueue('transcriptions', { kind: 'transcription', text: 'Only the file.' });
    speak(0, 400);
    await upload(0, 400);
    expect(await answerText()).toBe('Only the file.');
    expect(fake.server.realtime.sessions).toHaveLength(0);
  });

  it('a misfire restarts the segment from seq 0: its audio is cleared from the stream', async () => {
    build();
    fake.server.realtime.enqueue({ text: 'After the misfire.' });
    registry.push(key(0), 0, tone16k(200), false, WINDOW);
    registry.push(key(0), 1, tone16k(200), false, WINDOW);
    speak(0, 400);
    await upload(0, 400);
    expect(await answerText()).toBe('After the misfire.');
    const types = fake.server.realtime.sessions[0]!.events.map((e) => e.event.type);
    expect(types.filter((t) => t === 'input_audio_buffer.clear')).toHaveLength(1);
    expect(fake.server.realtime.sessions[0]!.events.some((e) => e.refused)).toBe(false);
  });

  it('re-recording closes the answer’s stream', async () => {
    build();
    speak(0, 400);
    await upload(0, 400);
    await segments.list(INTERVIEW, QUESTION)[0]!.transcript;
    expect(segments.discard(INTERVIEW, QUESTION)).toBe(1);
    expect(registry.transcriptFor(key(0))).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.server.realtime.sessions[0]!.closed).toBe(true);
  });
});
