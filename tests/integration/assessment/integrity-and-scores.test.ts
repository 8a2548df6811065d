import { afterEach, describe, expect, it } from 'vitest';
import type { InterviewView } from '../../../shared/domain/interview';
import { useFakeOpenAi } from '../providers/support';
import { answer, createInterviewHarness, scriptAi, type InterviewHarness } from '../interview/support';
import { scoringChat, scoringRequests, signInAdmin, waitForScoring } from './support';

/**
 * Issue 18, point 2: integrity flags inform the recruiter and never change a
 * score. Two candidates answer alike; one pastes text and leaves the window
 * at every question. Their skill scores and overall score must be the same,
 * only the integrity score and flags differ, and the model scoring skills is
 * never told about the events.
 */
describe('integrity signals and the scores', () => {
  const fake = useFakeOpenAi();
  let h: InterviewHarness;
  afterEach(() => h?.close());

  async function takeInterview(email: string, windowId: string, withEvents: boolean): Promise<string> {
    await h.signUp(email, windowId);
    let view: InterviewView = await h.ok('interview.start', { roleType: 'react' }, windowId);
    while (view.currentQuestion) {
      if (withEvents) {
        await h.ok('interview.recordIntegrityEvent', { interviewId: view.id, kind: 'focus_lost' }, windowId);
        h.clock.advance(20_000);
        await h.ok('interview.recordIntegrityEvent', { interviewId: view.id, kind: 'focus_returned' }, windowId);
        await h.ok('interview.recordIntegrityEvent', { interviewId: view.id, kind: 'paste', details: { inTextField: false, characters: 600 } }, windowId);
      }
      view = (await answer(h, view, undefined, windowId)).interview;
    }
    await h.idle();
    await h.ok('interview.submit', { interviewId: view.id }, windowId);
    return view.id;
  }

  it('flags pastes and focus loss, lowers only the integrity score, and keeps skill and overall scores as they were', async () => {
    h = createInterviewHarness(fake.server);
    scriptAi(fake.server, { otherChat: scoringChat({ script: { skillScore: (skillId) => 40 + ((skillId.length * 7) % 50) } }) });
    await signInAdmin(h);
    const clean = await takeInterview('clean@example.com', 'kiosk-a', false);
    const flagged = await takeInterview('flagged@example.com', 'kiosk-b', true);
    const [a, b] = [(await waitForScoring(h, clean)).assessment!, (await waitForScoring(h, flagged)).assessment!];

    const measured = b.integrityFlags.filter((flag) => flag.source !== 'model').map((flag) => flag.type);
    expect(measured).toEqual(expect.arrayContaining(['paste_event', 'focus_loss']));
    expect(b.integrityScore!).toBeLessThan(a.integrityScore!);

    const scores = (assessment: typeof a) => assessment.skillScores.map((skill) => [skill.skillId, skill.score]);
    expect(scores(b)).toEqual(scores(a));
    expect(b.overallScore).toBe(a.overallScore);

    // The technical pass's prompts carry the answers, not the events.
    const technical = scoringRequests(fake.server.requests, 'technical').map((request) => JSON.stringify(request.json?.messages));
    expect(technical.length).toBeGreaterThan(0);
    for (const body of technical) expect(body).not.toMatch(/paste|focus|integrity/i);
  });
});
