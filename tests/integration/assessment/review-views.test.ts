import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_RECOMMENDATION_BANDS, overrideReasonNeeded, recommendFromScore } from '../../../shared/domain/ai-recommendation';
import { openAssessmentFirst } from '../../../shared/domain/review-views';
import { strongPassword } from '../../support/test-app';
import { useFakeOpenAi } from '../providers/support';
import { createInterviewHarness, scriptAi, type InterviewHarness } from '../interview/support';
import { scoringChat, signInAdmin, STAFF_WINDOW, takeAndSubmitInterview, waitForScoring } from './support';

const RECRUITER_WINDOW = 'recruiter-1';

/** Issue 18, point 2: advance, hold or reject only from a person who has opened the assessment (its scores and transcript). */
describe('deciding after opening the assessment, through IPC', () => {
  const fake = useFakeOpenAi();
  let h: InterviewHarness;
  afterEach(() => h?.close());

  async function scoredInterview(): Promise<string> {
    h = createInterviewHarness(fake.server);
    scriptAi(fake.server, { otherChat: scoringChat() });
    await signInAdmin(h);
    const interview = await takeAndSubmitInterview(h);
    await waitForScoring(h, interview.id);
    await h.ok('staff.create', { email: 'rita@example.com', password: strongPassword, fullName: 'Rita Recruiter', role: 'recruiter' }, STAFF_WINDOW);
    await h.ok('auth.signIn', { accountKind: 'staff', email: 'rita@example.com', password: strongPassword }, RECRUITER_WINDOW);
    return interview.id;
  }

  it('refuses a decision until this recruiter has seen the scores and the transcript, naming what is left; then records it', async () => {
    const interviewId = await scoredInterview();
    for (const decision of ['advance', 'hold', 'reject'] as const) {
      expect(await h.call('review.decide', { interviewId, decision, note: 'Looks fine.' }, RECRUITER_WINDOW)).toMatchObject({
        ok: false,
        error: { code: 'conflict', message: openAssessmentFirst(['scores', 'transcript']) },
      });
    }
    expect(await h.ok('review.viewed', { interviewId, section: 'scores' }, RECRUITER_WINDOW)).toEqual({ seen: ['scores'] });
    // Seen again: still one record, the first time kept.
    h.clock.advance(60_000);
    await h.ok('review.viewed', { interviewId, section: 'scores' }, RECRUITER_WINDOW);
    expect(h.rows('SELECT section, first_viewed_at FROM review_section_views')).toEqual([{ section: 'scores', first_viewed_at: new Date(h.clock.now().getTime() - 60_000).toISOString() }]);
    expect(await h.call('review.decide', { interviewId, decision: 'reject' }, RECRUITER_WINDOW)).toMatchObject({ ok: false, error: { message: openAssessmentFirst(['transcript']) } });
    expect(h.rows('SELECT * FROM interview_decisions')).toEqual([]);

    await h.ok('review.viewed', { interviewId, section: 'transcript' }, RECRUITER_WINDOW);
    const decided = await h.ok('review.decide', { interviewId, decision: 'advance', note: 'Strong on hooks.' }, RECRUITER_WINDOW);
    expect(decided.decisions.map((d) => [d.decision, d.decidedByName])).toEqual([['advance', 'Rita Recruiter']]);

    // Issue 21: the decision is a webhook event, written with it (and none for the refused tries).
    const events = h.rows<{ type: string; candidate_id: string; payload: string }>("SELECT type, candidate_id, payload FROM webhook_events WHERE type = 'decision.recorded'");
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.payload)).toMatchObject({
      candidate: { id: events[0]!.candidate_id, email: expect.stringContaining('@') },
      interview: { id: interviewId, roleType: expect.any(String), roleTitle: expect.any(String) },
      decision: { decision: 'advance', note: 'Strong on hooks.', id: decided.decisions[0]!.id },
    });
  });

  it('counts what the deciding person saw: another person’s views do not open it for them', async () => {
    const interviewId = await scoredInterview();
    await h.ok('review.viewed', { interviewId, section: 'scores' }, STAFF_WINDOW);
    await h.ok('review.viewed', { interviewId, section: 'transcript' }, STAFF_WINDOW);
    const recommended = (await h.ok('review.get', { interviewId }, STAFF_WINDOW)).aiRecommendation!.decision;
    expect(await h.call('review.decide', { interviewId, decision: recommended }, RECRUITER_WINDOW)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((await h.ok('review.decide', { interviewId, decision: recommended }, STAFF_WINDOW)).decisions).toHaveLength(1);
  });

  it('recommends from the overall score and the role’s bands, and asks a reason of a decision that overrides it', async () => {
    const interviewId = await scoredInterview();
    await h.ok('review.viewed', { interviewId, section: 'scores' }, RECRUITER_WINDOW);
    await h.ok('review.viewed', { interviewId, section: 'transcript' }, RECRUITER_WINDOW);
    const review = await h.ok('review.get', { interviewId }, RECRUITER_WINDOW);
    const overall = review.assessment!.overallScore!;
    // The React role file names no bands: the defaults apply.
    expect(review.aiRecommendation).toEqual(recommendFromScore(overall, DEFAULT_RECOMMENDATION_BANDS));
    const recommended = review.aiRecommendation!.decision;
    const other = recommended === 'advance' ? 'reject' : 'advance';

    for (const note of ['', '   no   ', 'Too short']) {
      const refused = await h.call('review.decide', { interviewId, decision: other, note }, RECRUITER_WINDOW);
      expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', message: overrideReasonNeeded(other, recommended), fields: { note: overrideReasonNeeded(other, recommended) } } });
    }
    expect(h.rows('SELECT * FROM interview_decisions')).toEqual([]);

    const reason = 'Pairing exercise showed far more than the interview did.';
    const overridden = await h.ok('review.decide', { interviewId, decision: other, note: reason }, RECRUITER_WINDOW);
    expect(overridden.decisions[0]).toMatchObject({ decision: other, aiRecommendation: recommended, note: reason });
    // Following the recommendation needs no reason; both record what the AI recommended.
    h.clock.advance(1000);
    await h.ok('review.decide', { interviewId, decision: recommended }, RECRUITER_WINDOW);
    expect(h.rows('SELECT decision, ai_recommendation, note FROM interview_decisions ORDER BY decided_at')).toEqual([
      { decision: other, ai_recommendation: recommended, note: reason },
      { decision: recommended, ai_recommendation: recommended, note: '' },
    ]);
  });

  it('refuses a view of an interview that does not exist, or of a section that is not one, recording nothing', async () => {
    await scoredInterview();
    expect(await h.call('review.viewed', { interviewId: '01938a5e-7c1a-7000-8000-000000000001', section: 'scores' }, RECRUITER_WINDOW)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await h.call('review.viewed', { interviewId: '01938a5e-7c1a-7000-8000-000000000001', section: 'mood' }, RECRUITER_WINDOW)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await h.call('review.viewed', { interviewId: '01938a5e-7c1a-7000-8000-000000000001', section: 'scores' }, 'kiosk-1')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(h.rows('SELECT * FROM review_section_views')).toEqual([]);
  });
});
