import { afterEach, describe, expect, it } from 'vitest';
import { AiUsageRepository } from '../../../src-main/repositories/ai-usage-repository';
import { strongPassword } from '../../support/test-app';
import { useFakeOpenAi } from '../providers/support';
import { createInterviewHarness, scriptAi, type InterviewHarness } from '../interview/support';
import { scoringChat, signInAdmin, STAFF_WINDOW, takeAndSubmitInterview, waitForScoring } from './support';
import { openAssessment } from './review-views-support';

const VIEWER_WINDOW = 'viewer-1';

/** Two scored interviews (one strong, one weak) and one still going on, seen by an admin and a viewer. */
async function seed(h: InterviewHarness) {
  await signInAdmin(h);
  await h.ok('staff.create', { email: 'viewer@example.com', password: strongPassword, fullName: 'Vera Viewer', role: 'viewer' }, STAFF_WINDOW);
  await h.ok('auth.signIn', { accountKind: 'staff', email: 'viewer@example.com', password: strongPassword }, VIEWER_WINDOW);

  const strong = await takeAndSubmitInterview(h, 'strong@example.com');
  await waitForScoring(h, strong.id);
  // The kiosk window is the next candidate's.
  await h.ok('auth.signOut', {});
  return { strong };
}

describe('the review of scored interviews', () => {
  const fake = useFakeOpenAi();
  let h: InterviewHarness;
  afterEach(() => h?.close());

  it('lists, searches, filters and sorts interviews; records decisions with their history; serves answer audio and the PDF; viewers only read', async () => {
    h = createInterviewHarness(fake.server);
    let skillScore = 90;
    scriptAi(fake.server, { otherChat: scoringChat({ script: { skillScore: () => skillScore } }) });
    const { strong } = await seed(h);
    skillScore = 40;
    const weak = await takeAndSubmitInterview(h, 'weak@example.com');
    await waitForScoring(h, weak.id);
    await h.ok('auth.signOut', {});
    await h.signUp('ongoing@example.com');
    const ongoing = await h.ok('interview.start', { roleType: 'react' });

    const list = async (input: object) => (await h.ok('review.list', input, STAFF_WINDOW)).items.map((item) => item.interviewId);
    const all = (await h.ok('review.list', {}, STAFF_WINDOW)).items;
    expect(all).toHaveLength(3);
    expect(all.find((item) => item.interviewId === strong.id)).toMatchObject({ reviewStatus: 'complete', overallScore: 90, candidateEmail: 'strong@example.com', decision: null });
    expect(all.find((item) => item.interviewId === ongoing.id)).toMatchObject({ reviewStatus: 'in_progress', overallScore: null });

    expect(await list({ search: 'WEAK@' })).toEqual([weak.id]);
    expect(await list({ status: 'in_progress' })).toEqual([ongoing.id]);
    expect(await list({ minScore: 50 })).toEqual([strong.id]);
    expect(await list({ maxScore: 50 })).toEqual([weak.id]);
    expect(await list({ roleType: 'python' })).toEqual([]);
    // Unscored interviews go last whichever way scores are sorted.
    expect(await list({ sort: 'overallScore', direction: 'desc' })).toEqual([strong.id, weak.id, ongoing.id]);
    expect(await list({ sort: 'overallScore', direction: 'asc' })).toEqual([weak.id, strong.id, ongoing.id]);
    expect(await list({ sort: 'candidate', direction: 'asc' })).toHaveLength(3);
    expect((await h.call('review.list', { minScore: 101 }, STAFF_WINDOW)).ok).toBe(false);

    // Decisions: recorded by the signed-in staff member, newest first; the list shows the latest. They open the assessment first.
    await openAssessment(h, strong.id, STAFF_WINDOW);
    await h.ok('review.decide', { interviewId: strong.id, decision: 'hold', note: 'Wait for the second interview.' }, STAFF_WINDOW);
    h.clock.advance(60_000);
    const decided = await h.ok('review.decide', { interviewId: strong.id, decision: 'advance', note: '  Strong on state and hooks.  ' }, STAFF_WINDOW);
    expect(decided.decisions.map((d) => [d.decision, d.note, d.decidedByName])).toEqual([
      ['advance', 'Strong on state and hooks.', 'Ada Admin'],
      ['hold', 'Wait for the second interview.', 'Ada Admin'],
    ]);
    expect((await h.ok('review.list', { search: 'strong' }, STAFF_WINDOW)).items[0]!.decision).toBe('advance');
    expect(await h.call('review.decide', { interviewId: ongoing.id, decision: 'reject' }, STAFF_WINDOW)).toMatchObject({ ok: false, error: { code: 'conflict' } });

    // Viewers read everything, decide nothing, retry nothing.
    const seen = await h.ok('review.get', { interviewId: strong.id }, VIEWER_WINDOW);
    expect(seen.decisions).toHaveLength(2);

    // Every call priced: the cost is their sum. A call to a model without a price is counted apart, and its model named.
    expect(seen).toMatchObject({ unpricedCalls: 0, unpricedModels: [] });
    expect(seen.costUsd).toBeGreaterThan(0);
    new AiUsageRepository(h.app.database).record({
      interviewId: strong.id,
      task: 'scoring',
      endpoint: 'chat',
      model: 'gpt-x',
      promptTokens: 900,
      cachedPromptTokens: 0,
      completionTokens: 100,
      reasoningTokens: 0,
      audioSeconds: null,
      characters: null,
      latencyMs: 700,
      costUsd: 0,
      priceKnown: false,
      outcome: 'ok',
      errorKind: null,
    });
    const unpriced = await h.ok('review.get', { interviewId: strong.id }, VIEWER_WINDOW);
    expect(unpriced).toMatchObject({ costUsd: seen.costUsd, totalTokensUsed: seen.totalTokensUsed + 1000, unpricedCalls: 1, unpricedModels: ['gpt-x'] });
    expect(await h.call('review.decide', { interviewId: strong.id, decision: 'reject' }, VIEWER_WINDOW)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await h.call('review.retryScoring', { interviewId: strong.id }, VIEWER_WINDOW)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(h.rows('SELECT * FROM interview_decisions')).toHaveLength(2);
    // Candidates see none of it.
    expect(await h.call('review.list', {}, 'kiosk-1')).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // An answer's recording is the stored WAV, byte for byte; other ids are refused.
    const answer = seen.transcript[0]!.answer!;
    expect(answer.hasAudio).toBe(true);
    const audio = await h.ok('review.answerAudio', { interviewId: strong.id, messageId: answer.messageId }, VIEWER_WINDOW);
    const stored = h.rows<{ content_audio_url: string }>('SELECT content_audio_url FROM interview_messages WHERE id = ?', answer.messageId)[0]!;
    expect(Buffer.from(audio.base64, 'base64').equals(h.readFile(stored.content_audio_url))).toBe(true);
    const question = seen.transcript[0]!.question.messageId;
    expect(await h.call('review.answerAudio', { interviewId: strong.id, messageId: question }, VIEWER_WINDOW)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await h.call('review.answerAudio', { interviewId: weak.id, messageId: answer.messageId }, VIEWER_WINDOW)).toMatchObject({ ok: false, error: { code: 'not_found' } });

    const pdf = await h.ok('review.exportPdf', { interviewId: strong.id }, VIEWER_WINDOW);
    expect(pdf.fileName).toMatch(/^assessment-casey-candidate-react-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
