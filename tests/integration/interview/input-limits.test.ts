import { afterEach, describe, expect, it } from 'vitest';
import type { InterviewView } from '../../../shared/domain/interview';
import {
  INTEGRITY_EVENTS_PER_INTERVIEW,
  INTEGRITY_EVENTS_PER_MINUTE,
  MAX_ANSWER_AUDIO_MS,
  MAX_SEGMENT_MS,
  MAX_SEGMENTS_PER_ANSWER,
  SPEAKER_TEST_LIMIT,
} from '../../../shared/domain/interview';
import { IntegrityEventRepository } from '../../../src-main/repositories/integrity-event-repository';
import { useFakeOpenAi } from '../providers/support';
import { answerWav, createInterviewHarness, scriptAi, type InterviewHarness } from './support';

/*
 * Issue 14: what one candidate's window can make main store or hold. Each
 * refusal is a typed error that names the limit, and stores nothing.
 */

function segment(view: InterviewView, segmentIndex: number, durationMs = 300) {
  return {
    interviewId: view.id,
    questionMessageId: view.currentQuestion!.messageId,
    segmentIndex,
    audioWavBase64: answerWav(durationMs).toString('base64'),
    startedAfterQuestionMs: 1000 + segmentIndex * 1000,
    endedAfterQuestionMs: 1000 + segmentIndex * 1000 + durationMs,
  };
}

const storedEvents = (h: InterviewHarness, interviewId: string) =>
  h.rows<{ kind: string; details: string | null }>('SELECT kind, details FROM integrity_events WHERE interview_id = ? ORDER BY occurred_at', interviewId);

describe('integrity event details and rate', () => {
  const fake = useFakeOpenAi();
  let h: InterviewHarness;
  afterEach(() => h?.close());

  async function started(email = 'limits@example.com'): Promise<InterviewView> {
    h = createInterviewHarness(fake.server);
    scriptAi(fake.server);
    await h.signUp(email);
    return h.ok('interview.start', { roleType: 'react' });
  }

  it('refuses a details object with 10,000 keys, or any field the product does not read, storing nothing', async () => {
    const view = await started();
    const huge = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, 'x'.repeat(500)]));
    // Over the dispatcher's size cap it is refused before it is read; the schema refuses it too (tests/unit/interview/input-limits.test.ts).
    const refusedHuge = await h.call('interview.recordIntegrityEvent', { interviewId: view.id, kind: 'paste', details: huge });
    expect(refusedHuge.ok ? null : refusedHuge.error.code).toMatch(/^(invalid_input|too_large)$/);
    for (const input of [
      { interviewId: view.id, kind: 'paste', details: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 1])) },
      { interviewId: view.id, kind: 'focus_lost', details: { reason: 'alt-tab' } },
      { interviewId: view.id, kind: 'screen_crashed' },
      { interviewId: view.id, kind: 'paste', details: { inTextField: false, characters: 12, text: 'the clipboard' } },
      { interviewId: view.id, kind: 'paste', details: { inTextField: false, characters: -1 } },
      { interviewId: view.id, kind: 'paste', details: { inTextField: 'no', characters: 3 } },
      // A microphone's evidence is its labels, within bounds, and nothing else.
      { interviewId: view.id, kind: 'virtual_microphone', details: { label: 'x'.repeat(201), matched: 'virtual' } },
      { interviewId: view.id, kind: 'virtual_microphone', details: { label: 'BlackHole 2ch', deviceId: 'abc' } },
      { interviewId: view.id, kind: 'microphone_changed', details: { from: 'Jabra', to: 'BlackHole', label: 'BlackHole' } },
      { interviewId: view.id, kind: 'prohibited_process', details: {} },
    ]) {
      expect(await h.call('interview.recordIntegrityEvent', input), JSON.stringify(input).slice(0, 80)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(storedEvents(h, view.id)).toEqual([]);

    await h.ok('interview.recordIntegrityEvent', { interviewId: view.id, kind: 'paste', details: { inTextField: false, characters: 240 } });
    await h.ok('interview.recordIntegrityEvent', { interviewId: view.id, kind: 'focus_lost' });
    await h.ok('interview.recordIntegrityEvent', { interviewId: view.id, kind: 'virtual_microphone', details: { label: 'BlackHole 2ch', matched: 'blackhole' } });
    await h.ok('interview.recordIntegrityEvent', { interviewId: view.id, kind: 'microphone_changed', details: { from: 'BlackHole 2ch', to: 'none' } });
    expect(storedEvents(h, view.id)).toEqual([
      { kind: 'paste', details: JSON.stringify({ inTextField: false, characters: 240 }) },
      { kind: 'focus_lost', details: null },
      { kind: 'virtual_microphone', details: JSON.stringify({ label: 'BlackHole 2ch', matched: 'blackhole' }) },
      { kind: 'microphone_changed', details: JSON.stringify({ from: 'BlackHole 2ch', to: 'none' }) },
    ]);
  });

  it(`refuses more than ${INTEGRITY_EVENTS_PER_MINUTE} events a minute, saying when to try again, and accepts them after`, async () => {
    const view = await started();
    for (let i = 0; i < INTEGRITY_EVENTS_PER_MINUTE; i++) {
      await h.ok('interview.recordIntegrityEvent', { interviewId: view.id, kind: i % 2 ? 'focus_returned' : 'focus_lost' });
    }
    const refused = await h.call('interview.recordIntegrityEvent', { interviewId: view.id, kind: 'focus_lost' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'rate_limited', message: expect.stringMatching(new RegExp(`${INTEGRITY_EVENTS_PER_MINUTE}.*minute.*seconds`, 's')) } });
    expect(storedEvents(h, view.id)).toHaveLength(INTEGRITY_EVENTS_PER_MINUTE);

    h.clock.advance(60_000);
    await h.ok('interview.recordIntegrityEvent', { interviewId: view.id, kind: 'focus_lost' });
    expect(storedEvents(h, view.id)).toHaveLength(INTEGRITY_EVENTS_PER_MINUTE + 1);
  });

  it(`records at most ${INTEGRITY_EVENTS_PER_INTERVIEW} events for one interview`, async () => {
    const view = await started();
    // Most of the events are stored straight away, in one transaction (2,000 calls each with its own
    // fsync took ~30 s on a busy CI machine); the last ones come through IPC, so both the count read
    // from the database and the count kept after each call decide the limit.
    const throughIpc = INTEGRITY_EVENTS_PER_MINUTE + 5;
    const events = new IntegrityEventRepository(h.app.database, h.clock);
    const occurredAt = h.clock.now().toISOString();
    h.app.database.db.transaction((tx) => {
      for (let i = 0; i < INTEGRITY_EVENTS_PER_INTERVIEW - throughIpc; i++) events.record({ interviewId: view.id, kind: 'window_hidden', occurredAt, details: null }, tx);
    });
    for (let i = 0; i < throughIpc; i++) {
      if (i > 0 && i % INTEGRITY_EVENTS_PER_MINUTE === 0) h.clock.advance(60_000);
      await h.ok('interview.recordIntegrityEvent', { interviewId: view.id, kind: 'window_hidden' });
    }
    h.clock.advance(60_000);
    const refused = await h.call('interview.recordIntegrityEvent', { interviewId: view.id, kind: 'window_shown' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'too_large', message: expect.stringContaining(INTEGRITY_EVENTS_PER_INTERVIEW.toLocaleString('en-GB')) } });
    expect(storedEvents(h, view.id)).toHaveLength(INTEGRITY_EVENTS_PER_INTERVIEW);
  });
});

describe('audio per answer', () => {
  const fake = useFakeOpenAi();
  let h: InterviewHarness;
  afterEach(() => h?.close());

  async function started(): Promise<InterviewView> {
    h = createInterviewHarness(fake.server);
    scriptAi(fake.server);
    await h.signUp('audio@example.com');
    return h.ok('interview.start', { roleType: 'react' });
  }

  it(`refuses segment ${MAX_SEGMENTS_PER_ANSWER + 1} of an answer and keeps the ${MAX_SEGMENTS_PER_ANSWER} already received`, async () => {
    const view = await started();
    for (let i = 0; i < MAX_SEGMENTS_PER_ANSWER; i++) await h.ok('interview.answerSegment', segment(view, i, 200));
    const refused = await h.call('interview.answerSegment', segment(view, MAX_SEGMENTS_PER_ANSWER, 200));
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining(`${MAX_SEGMENTS_PER_ANSWER} segments`) } });
    // A resend of one already received is still accepted, and the answer ends with what arrived.
    await h.ok('interview.answerSegment', segment(view, 3, 200));
    const ended = await h.ok('interview.endAnswer', { interviewId: view.id, questionMessageId: view.currentQuestion!.messageId, segmentCount: MAX_SEGMENTS_PER_ANSWER, reason: 'button' });
    expect(ended.interview.answersGiven).toBe(1);
  });

  it('holds to the limits when segments arrive all at once', async () => {
    const view = await started();
    const fit = Math.floor(MAX_ANSWER_AUDIO_MS / MAX_SEGMENT_MS);
    const results = await Promise.all(Array.from({ length: fit + 3 }, (_, i) => h.call('interview.answerSegment', segment(view, i, MAX_SEGMENT_MS))));
    expect(results.filter((result) => result.ok)).toHaveLength(fit);
    expect(results.filter((result) => !result.ok && result.error.code === 'invalid_input')).toHaveLength(3);
  }, 60_000);

  it('refuses a segment longer than the kiosk ever sends', async () => {
    const view = await started();
    const refused = await h.call('interview.answerSegment', segment(view, 0, MAX_SEGMENT_MS + 1000));
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(JSON.stringify(refused)).toMatch(/60 seconds/);
  });

  it(`refuses audio beyond ${MAX_ANSWER_AUDIO_MS / 60_000} minutes in one answer, keeping what was received`, async () => {
    const view = await started();
    const perSegment = MAX_SEGMENT_MS;
    const fit = Math.floor(MAX_ANSWER_AUDIO_MS / perSegment);
    for (let i = 0; i < fit; i++) await h.ok('interview.answerSegment', segment(view, i, perSegment));
    const refused = await h.call('interview.answerSegment', segment(view, fit, 1000));
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining(`${MAX_ANSWER_AUDIO_MS / 60_000} minutes`) } });
    const ended = await h.ok('interview.endAnswer', { interviewId: view.id, questionMessageId: view.currentQuestion!.messageId, segmentCount: fit, reason: 'button' });
    expect(ended.interview.answersGiven).toBe(1);
  }, 60_000);
});

describe('an interview that is over takes nothing more', () => {
  const fake = useFakeOpenAi();
  let h: InterviewHarness;
  afterEach(() => h?.close());

  it('refuses integrity events, segments and answers after submit, storing nothing', async () => {
    h = createInterviewHarness(fake.server);
    scriptAi(fake.server);
    await h.signUp('over@example.com');
    const view = await h.ok('interview.start', { roleType: 'react' });
    // As interview.submit leaves it (running twelve questions to get there belongs to whole-interview.test.ts).
    h.app.database.sqlite.prepare("UPDATE interviews SET status = 'completed', completed_at = ? WHERE id = ?").run(h.clock.now().toISOString(), view.id);
    const files = h.rows('SELECT 1 FROM stored_files').length;

    const event = await h.call('interview.recordIntegrityEvent', { interviewId: view.id, kind: 'focus_lost' });
    expect(event).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/submitted/) } });
    const seg = await h.call('interview.answerSegment', segment(view, 0));
    expect(seg).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const end = await h.call('interview.endAnswer', { interviewId: view.id, questionMessageId: view.currentQuestion!.messageId, segmentCount: 1, reason: 'button' });
    expect(end).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(storedEvents(h, view.id)).toEqual([]);
    expect(h.rows('SELECT 1 FROM stored_files')).toHaveLength(files);
    expect(h.rows("SELECT 1 FROM interview_messages WHERE interview_id = ? AND message_type = 'candidate_response'", view.id)).toHaveLength(0);
  });

  it('refuses integrity events once the interview was abandoned', async () => {
    h = createInterviewHarness(fake.server);
    scriptAi(fake.server);
    await h.signUp('idle@example.com');
    const view = await h.ok('interview.start', { roleType: 'react' });
    h.clock.advance(31 * 60_000);
    const event = await h.call('interview.recordIntegrityEvent', { interviewId: view.id, kind: 'focus_lost' });
    expect(event).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/30 minutes/) } });
    expect(storedEvents(h, view.id)).toEqual([]);
    expect(h.rows<{ status: string }>('SELECT status FROM interviews WHERE id = ?', view.id)).toEqual([{ status: 'abandoned' }]);
  });
});

describe('speaker tests per candidate', () => {
  const fake = useFakeOpenAi();
  let h: InterviewHarness;
  afterEach(() => h?.close());

  it(`allows ${SPEAKER_TEST_LIMIT.count} speaker tests in ${SPEAKER_TEST_LIMIT.windowMs / 60_000} minutes, then says when to try again`, async () => {
    h = createInterviewHarness(fake.server);
    await h.signUp('speaker-limit@example.com');
    for (let i = 0; i < SPEAKER_TEST_LIMIT.count; i++) {
      await h.ok('equipment.testSpeaker', {});
      h.clock.advance(1000);
    }
    const refused = await h.call('equipment.testSpeaker', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'rate_limited', message: expect.stringMatching(/try again in \d+ minutes?/i) } });

    h.clock.advance(SPEAKER_TEST_LIMIT.windowMs);
    const { streamId } = await h.ok('equipment.testSpeaker', {});
    await h.idle();
    expect(h.eventsOf('interview.audio').filter((event) => event.streamId === streamId).at(-1)).toMatchObject({ final: true });
  });
});
