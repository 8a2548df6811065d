import { afterEach, describe, expect, it } from 'vitest';
import { scoringPasses, type InterviewReview } from '../../../shared/domain/assessment';
import { schemaNameOf, SCRIPTED_INCONSISTENCY, SCRIPTED_RECOMMENDATION, SCRIPTED_STRENGTH, SCRIPTED_WEAKNESS } from '../../fixtures/scoring-ai';
import { useFakeOpenAi } from '../providers/support';
import { createInterviewHarness, scriptAi, type InterviewHarness } from '../interview/support';
import { webhookEventsOf } from '../../support/webhook-events';
import { scoringChat, scoringRequests, signInAdmin, signInAgain, STAFF_WINDOW, takeAndSubmitInterview, waitForScoring } from './support';

interface AssessmentRow {
  status: string;
  overall_score: number | null;
  skill_scores: string;
  integrity_flags: string;
  pass_outcomes: string;
  row_version: number;
}

/** The assessment.ready event a hiring system would get for this review's assessment (issue 21): scores, never written evidence. */
function readyEventFor(review: InterviewReview, candidateId: string) {
  const assessment = review.assessment!;
  return {
    candidate: { id: candidateId, fullName: review.candidateName, email: review.candidateEmail },
    interview: { id: review.interviewId, roleType: 'react', roleTitle: 'React Developer', completedAt: review.completedAt },
    assessment: {
      id: assessment.id,
      status: assessment.status,
      complete: assessment.status === 'complete',
      overallScore: assessment.overallScore,
      recommendation: review.aiRecommendation?.decision ?? null,
      skills: assessment.skillScores.map((skill) => ({ id: skill.skillId, name: skill.name, score: skill.score })),
      generatedAt: assessment.generatedAt,
    },
  };
}

describe('scoring a submitted interview (Workflow 3)', () => {
  const fake = useFakeOpenAi();
  let h: InterviewHarness;
  afterEach(() => h?.close());
  const candidateOf = (interviewId: string) => h.rows<{ candidate_id: string }>('SELECT candidate_id FROM interviews WHERE id = ?', interviewId)[0]!.candidate_id;

  it('stores a complete assessment: scores per skill, evidence pointing at real answers, integrity, reasoning and recommendations', async () => {
    h = createInterviewHarness(fake.server);
    // Different scores per skill, so the weighting of the overall score shows.
    scriptAi(fake.server, { otherChat: scoringChat({ script: { inconsistency: true, skillScore: (skillId) => 30 + ((skillId.length * 7) % 60) } }) });
    await signInAdmin(h);
    const interview = await takeAndSubmitInterview(h);
    const review = await waitForScoring(h, interview.id);

    const assessment = review.assessment!;
    expect(assessment.status).toBe('complete');
    expect(assessment.passes.map((pass) => [pass.pass, pass.status])).toEqual(scoringPasses.map((pass) => [pass, 'succeeded']));
    expect(assessment.skillScores.length).toBeGreaterThan(1);
    const askedSkills = new Set(review.transcript.map((entry) => entry.question.skillId));
    for (const skill of assessment.skillScores) expect(askedSkills.has(skill.skillId)).toBe(true);

    // The overall score is the documented weighted mean, computed by code.
    const answered = (skillId: string) => review.transcript.filter((entry) => entry.question.skillId === skillId && entry.answer).length;
    const weights = assessment.skillScores.map((skill) => Math.max(1, answered(skill.skillId)));
    const expected = assessment.skillScores.reduce((sum, skill, i) => sum + skill.score * weights[i]!, 0) / weights.reduce((a, b) => a + b, 0);
    expect(new Set(assessment.skillScores.map((skill) => skill.score)).size).toBeGreaterThan(1);
    expect(assessment.overallScore).toBeCloseTo(Math.round(expected * 10) / 10, 5);

    // Evidence cites questions that exist, with the answers given to them: each skill's findings, its own questions.
    const firstSkill = assessment.skillScores[0]!;
    expect(assessment.strengths[0]).toMatchObject({ area: firstSkill.name, description: SCRIPTED_STRENGTH });
    expect(assessment.weaknesses[0]).toMatchObject({ area: firstSkill.name, description: SCRIPTED_WEAKNESS });
    const ofFirstSkill = review.transcript.filter((entry) => entry.question.skillId === firstSkill.skillId);
    const lastOfSkill = ofFirstSkill.at(-1)!;
    expect(assessment.weaknesses[0]!.refs).toEqual([{ number: lastOfSkill.number, questionMessageId: lastOfSkill.question.messageId, answerMessageId: lastOfSkill.answer!.messageId }]);
    expect(firstSkill.refs.map((ref) => ref.number)).toEqual(ofFirstSkill.map((entry) => entry.number));
    const last = review.transcript.at(-1)!;

    // The model's concern is stored beside the measured flags, and lowers the integrity score by the documented rule.
    const concern = assessment.integrityFlags.find((flag) => flag.source === 'model');
    expect(concern).toMatchObject({ type: 'answer_inconsistency', severity: 'medium', evidence: SCRIPTED_INCONSISTENCY });
    expect(concern!.refs.map((ref) => ref.number)).toEqual([1, last.number]);
    expect(assessment.integrityScore).toBeLessThan(100);
    expect(assessment.integritySummary).toContain('contradicts');

    expect(assessment.reasoning.map((entry) => entry.subject)).toEqual(['overall', 'integrity', ...assessment.skillScores.map((skill) => skill.skillId)]);
    expect(assessment.recommendations).toEqual([{ action: SCRIPTED_RECOMMENDATION, rationale: expect.any(String), priority: 'high' }]);
    expect(assessment.skillBoundaries.map((boundary) => boundary.skillId).sort()).toEqual([...askedSkills].sort());

    // One call per skill, one for integrity, one per score explained, one for recommendations.
    const skills = assessment.skillScores.length;
    const calls = { technical: skills, integrity: 1, reasoning: skills + 2, recommendations: 1 };
    for (const [pass, count] of Object.entries(calls)) expect(scoringRequests(fake.server.requests, pass as keyof typeof calls)).toHaveLength(count);
    // Metered to the interview like every other call.
    const usage = h.rows<{ n: number }>("SELECT count(*) AS n FROM ai_usage WHERE task = 'scoring' AND interview_id = ?", interview.id)[0]!;
    expect(usage.n).toBe(2 * skills + 4);
    expect(review.totalTokensUsed).toBeGreaterThan(0);
    expect(review.reviewStatus).toBe('complete');

    // Issue 21: one assessment.ready event, written with the assessment; the model's words (evidence, summaries) stay here.
    const events = webhookEventsOf(h, 'assessment.ready');
    expect(events).toEqual([{ candidateId: candidateOf(interview.id), occurredAt: assessment.generatedAt, data: readyEventFor(review, candidateOf(interview.id)) }]);
    expect(review.aiRecommendation).not.toBeNull();
    for (const words of [SCRIPTED_STRENGTH, SCRIPTED_WEAKNESS, SCRIPTED_INCONSISTENCY, firstSkill.summary]) expect(JSON.stringify(events)).not.toContain(words);
  });

  it('keeps the passes that worked when one fails, marks the assessment partial, and a retry runs only the failed pass', async () => {
    h = createInterviewHarness(fake.server);
    let reasoningDown = true;
    scriptAi(fake.server, {
      otherChat: scoringChat({ override: (pass) => (pass === 'reasoning' && reasoningDown ? { kind: 'fault', fault: 'bad_request' } : null) }),
    });
    await signInAdmin(h);
    const interview = await takeAndSubmitInterview(h);
    const partial = await waitForScoring(h, interview.id);

    expect(partial.reviewStatus).toBe('partial');
    expect(partial.assessment).toMatchObject({ status: 'partial', reasoning: [] });
    expect(partial.assessment!.overallScore).not.toBeNull();
    expect(partial.assessment!.recommendations).toHaveLength(1);
    const reasoningPass = partial.assessment!.passes.find((pass) => pass.pass === 'reasoning')!;
    expect(reasoningPass.status).toBe('failed');
    expect(reasoningPass.error).toMatch(/.+/);
    const before = h.rows<AssessmentRow>('SELECT * FROM assessment_results WHERE interview_id = ?', interview.id)[0]!;
    expect(before.status).toBe('partial');
    // Issue 21: a partial assessment is ready too, saying it is not complete.
    expect(webhookEventsOf(h, 'assessment.ready').map((event) => event.data)).toEqual([readyEventFor(partial, candidateOf(interview.id))]);
    expect(readyEventFor(partial, candidateOf(interview.id)).assessment).toMatchObject({ status: 'partial', complete: false });

    reasoningDown = false;
    const requestsBefore = fake.server.requests.length;
    const queued = await h.ok('review.retryScoring', { interviewId: interview.id }, STAFF_WINDOW);
    expect(['queued', 'running', 'idle']).toContain(queued.scoring.state);
    const retried = await waitForScoring(h, interview.id);

    expect(retried.assessment!.status).toBe('complete');
    expect(retried.assessment!.reasoning.length).toBeGreaterThan(0);
    // Only the failed pass was asked again; the stored scores did not change.
    const asked = scoringRequests(fake.server.requests.slice(requestsBefore));
    expect(new Set(asked.map(schemaNameOf))).toEqual(new Set(['assessment_reasoning']));
    expect(asked).toHaveLength(partial.assessment!.skillScores.length + 2);
    expect(retried.assessment!.overallScore).toBe(partial.assessment!.overallScore);
    const after = h.rows<AssessmentRow>('SELECT * FROM assessment_results WHERE interview_id = ?', interview.id);
    expect(after).toHaveLength(1);
    expect(after[0]!.row_version).toBe(before.row_version + 1);

    const again = await h.call('review.retryScoring', { interviewId: interview.id }, STAFF_WINDOW);
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // Completed by the retry: a second event, complete this time; the refused retry added none.
    expect(webhookEventsOf(h, 'assessment.ready').map((event) => event.data)).toEqual([
      readyEventFor(partial, candidateOf(interview.id)),
      readyEventFor(retried, candidateOf(interview.id)),
    ]);
  });

  it('marks the assessment failed when technical scoring fails, keeps the integrity analysis, and a retry completes it', async () => {
    h = createInterviewHarness(fake.server);
    let technicalBroken = true;
    scriptAi(fake.server, {
      // Out of schema twice (the provider's one schema retry), so every skill call fails.
      otherChat: scoringChat({ override: (pass) => (pass === 'technical' && technicalBroken ? { kind: 'structured', json: { verdict: 'hire' } } : null) }),
    });
    await signInAdmin(h);
    const interview = await takeAndSubmitInterview(h);
    const failed = await waitForScoring(h, interview.id);

    expect(failed.reviewStatus).toBe('failed');
    expect(failed.assessment).toMatchObject({ status: 'failed', overallScore: null, skillScores: [] });
    expect(failed.assessment!.integrityScore).not.toBeNull();
    expect(failed.assessment!.integritySummary).not.toBeNull();
    const outcomes = Object.fromEntries(failed.assessment!.passes.map((pass) => [pass.pass, pass.status]));
    expect(outcomes).toEqual({ technical: 'failed', integrity: 'succeeded', reasoning: 'skipped', recommendations: 'skipped' });
    const list = await h.ok('review.list', { status: 'failed' }, STAFF_WINDOW);
    expect(list.items.map((item) => item.interviewId)).toEqual([interview.id]);
    // Issue 21: a failed assessment has no scores to tell a hiring system.
    expect(webhookEventsOf(h, 'assessment.ready')).toEqual([]);

    technicalBroken = false;
    const requestsBefore = fake.server.requests.length;
    await h.ok('review.retryScoring', { interviewId: interview.id }, STAFF_WINDOW);
    const retried = await waitForScoring(h, interview.id);
    expect(retried.assessment!.status).toBe('complete');
    expect(retried.assessment!.overallScore).not.toBeNull();
    const names = new Set(scoringRequests(fake.server.requests.slice(requestsBefore)).map(schemaNameOf));
    expect(names).toEqual(new Set(['assessment_skill', 'assessment_reasoning', 'assessment_recommendations']));
    expect(webhookEventsOf(h, 'assessment.ready').map((event) => event.data)).toEqual([readyEventFor(retried, candidateOf(interview.id))]);
  });

  it('scores a submitted interview after the app restarts in the middle of scoring', async () => {
    h = createInterviewHarness(fake.server);
    let hang = true;
    scriptAi(fake.server, { otherChat: scoringChat({ override: () => (hang ? { kind: 'fault', fault: 'hang' } : null) }) });
    await signInAdmin(h);
    const interview = await takeAndSubmitInterview(h);
    // The job is claimed and its passes are waiting on the model when the app goes away.
    const deadline = Date.now() + 10_000;
    while (scoringRequests(fake.server.requests).length < 2) {
      if (Date.now() > deadline) throw new Error('scoring never started');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(h.rows<{ status: string }>("SELECT status FROM jobs WHERE kind = 'score_interview'")).toEqual([{ status: 'running' }]);
    h.shutDown();

    hang = false;
    const restarted = createInterviewHarness(fake.server, { dataDir: h.dataDir, clock: h.clock });
    h = restarted;
    await signInAgain(h);
    const review = await waitForScoring(h, interview.id);
    expect(review.assessment!.status).toBe('complete');
    // The run the shutdown cut off was put back with its attempt given back: only the run after the restart counts.
    expect(h.rows<{ status: string; attempts: number }>("SELECT status, attempts FROM jobs WHERE kind = 'score_interview'")).toEqual([{ status: 'succeeded', attempts: 1 }]);
  });
});
