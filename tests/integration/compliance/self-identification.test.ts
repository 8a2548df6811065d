import { afterEach, describe, expect, it } from 'vitest';
import { raceEthnicityLabels, sexLabels } from '../../../shared/domain/self-identification';
import { scoringChat, signInAdmin, STAFF_WINDOW, takeAndSubmitInterview, waitForScoring } from '../assessment/support';
import { createInterviewHarness, scriptAi, type InterviewHarness } from '../interview/support';
import { useFakeOpenAi } from '../providers/support';

/** Issue 18, point 6: voluntary self-identification, kept apart from everything the AI and reviewers see. */
describe('self-identification through IPC', () => {
  const fake = useFakeOpenAi();
  let h: InterviewHarness;
  afterEach(() => h?.close());

  it('keeps a candidate’s own answer, "prefer not to say" included, each answer a new row', async () => {
    h = createInterviewHarness(fake.server);
    await h.signUp('sam@example.com');
    expect(await h.ok('selfIdentification.get', {})).toEqual({ answer: null });
    const first = await h.ok('selfIdentification.answer', { sex: 'female', raceEthnicity: null });
    expect(first.answer).toMatchObject({ sex: 'female', raceEthnicity: null });
    h.clock.advance(1000);
    await h.ok('selfIdentification.answer', { sex: null, raceEthnicity: 'asian' });
    expect((await h.ok('selfIdentification.get', {})).answer).toMatchObject({ sex: null, raceEthnicity: 'asian' });
    expect(h.rows('SELECT sex, race_ethnicity FROM self_identifications ORDER BY answered_at')).toEqual([
      { sex: 'female', race_ethnicity: null },
      { sex: null, race_ethnicity: 'asian' },
    ]);
    // Each is queued for sync; the log says an answer was given, never what.
    expect(h.rows(`SELECT COUNT(*) AS n FROM sync_outbox WHERE table_name = 'self_identifications'`)).toEqual([{ n: 2 }]);
    expect(h.logLines.filter((line) => line.includes('self-identification answered')).every((line) => !/female|asian/.test(line))).toBe(true);
  });

  it('refuses a category that is not one, and anyone but the candidate, storing nothing', async () => {
    h = createInterviewHarness(fake.server);
    await h.signUp('sam@example.com');
    expect(await h.call('selfIdentification.answer', { sex: 'other', raceEthnicity: null })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    await signInAdmin(h);
    expect(await h.call('selfIdentification.answer', { sex: 'male', raceEthnicity: null }, STAFF_WINDOW)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(h.rows('SELECT * FROM self_identifications')).toEqual([]);
  });

  it('never reaches a model or the review: a candidate who answered is interviewed and scored without a word of it', async () => {
    h = createInterviewHarness(fake.server);
    scriptAi(fake.server, { otherChat: scoringChat() });
    await signInAdmin(h);
    const interview = await takeAndSubmitInterview(h, 'pat@example.com', () =>
      h.ok('selfIdentification.answer', { sex: 'male', raceEthnicity: 'native_hawaiian_or_pacific_islander' }),
    );
    expect(h.rows('SELECT COUNT(*) AS n FROM self_identifications')).toEqual([{ n: 1 }]);
    const review = await waitForScoring(h, interview.id);
    const sent = JSON.stringify(fake.server.requests.map((request) => request.json ?? request.form ?? null));
    expect(fake.server.requests.length).toBeGreaterThan(10);
    for (const word of ['native_hawaiian', raceEthnicityLabels.native_hawaiian_or_pacific_islander, 'self-identif', sexLabels.male]) expect(sent).not.toContain(word);
    expect(JSON.stringify(await h.ok('review.get', { interviewId: review.interviewId }, STAFF_WINDOW))).not.toMatch(/native_hawaiian|Pacific Islander|self.?identif/i);
  });
});
