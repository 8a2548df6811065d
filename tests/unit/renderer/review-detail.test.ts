import { createElement as h, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { AssessmentView, InterviewReview, QuestionRef } from '../../../shared/domain/assessment';
import { KioskCallContext, type KioskCall } from '../../../src-renderer/src/kiosk-context';
import { DecisionPanel } from '../../../src-renderer/src/screens/staff/review/DecisionPanel';
import { DetailHeader } from '../../../src-renderer/src/screens/staff/review/DetailHeader';
import { FindingsPanel } from '../../../src-renderer/src/screens/staff/review/FindingsPanel';
import { IntegrityPanel } from '../../../src-renderer/src/screens/staff/review/IntegrityPanel';
import { ReasoningPanel, RecommendationsPanel } from '../../../src-renderer/src/screens/staff/review/ReasoningPanel';
import { ScoringStatus } from '../../../src-renderer/src/screens/staff/review/ScoringStatus';
import { SittingPanel } from '../../../src-renderer/src/screens/staff/review/SittingPanel';
import { SkillChart } from '../../../src-renderer/src/screens/staff/review/SkillChart';
import { TranscriptJumpProvider } from '../../../src-renderer/src/screens/staff/review/transcript-jump';
import { TranscriptPanel } from '../../../src-renderer/src/screens/staff/review/TranscriptPanel';

/**
 * What a recruiter reads on an interview's review screen, rendered by React
 * to HTML from the data main sends (review.get). The end-to-end tests click
 * through the same screen in Chromium; these pin down what each part says
 * for a complete, a partly failed and a still-scoring assessment, which the
 * browser tests cannot all reach. Nothing here may call main while rendering.
 */

const refusingCall: KioskCall = () => Promise.reject(new Error('the review screen called main while rendering'));

/** The parts as InterviewDetail puts them together once the review has loaded. */
function renderReview(review: InterviewReview, canDecide: boolean): string {
  const assessment = review.assessment;
  const missing = (pass: string) => assessment?.passes.some((outcome) => outcome.pass === pass && outcome.status !== 'succeeded') ?? false;
  const parts: ReactElement[] = [
    h(DetailHeader, { review, key: 'header' }),
    h(ScoringStatus, { review, canRetry: canDecide, onChanged: () => undefined, key: 'status' }),
  ];
  if (assessment) {
    parts.push(
      h(SkillChart, { scores: assessment.skillScores, boundaries: assessment.skillBoundaries, key: 'skills' }),
      h(FindingsPanel, { strengths: assessment.strengths, weaknesses: assessment.weaknesses, unavailable: missing('technical'), key: 'findings' }),
      h(IntegrityPanel, { score: assessment.integrityScore, summary: assessment.integritySummary, flags: assessment.integrityFlags, events: review.integrityEvents, key: 'integrity' }),
      h(ReasoningPanel, { entries: assessment.reasoning, unavailable: missing('reasoning'), key: 'reasoning' }),
      h(RecommendationsPanel, { recommendations: assessment.recommendations, unavailable: missing('recommendations'), key: 'recommendations' }),
    );
  }
  parts.push(
    h(SittingPanel, { sittings: review.sittings, key: 'sitting' }),
    h(TranscriptPanel, { interviewId: review.interviewId, entries: review.transcript, key: 'transcript' }),
    h(DecisionPanel, { review, canDecide, onChanged: () => undefined, key: 'decision' }),
  );
  return renderToStaticMarkup(h(KioskCallContext.Provider, { value: refusingCall }, h(TranscriptJumpProvider, null, ...parts)));
}

/** The words on the screen, as a screen reader would read them in order (the SVG chart's label included). */
function wordsOf(html: string): string {
  const labels = [...html.matchAll(/aria-label="([^"]*)"/g)].map((match) => match[1]);
  return [...labels, html.replace(/<[^>]+>/g, ' ')]
    .join(' ')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ')
    // Tags became spaces; punctuation right after an inline element ("<strong>AI reasoning</strong>: failed") joins back.
    .replace(/ ([:.,;])/g, '$1');
}

const ref = (n: number): QuestionRef => ({ number: n, questionMessageId: `q-${n}`, answerMessageId: `a-${n}` });

function assessment(patch: Partial<AssessmentView> = {}): AssessmentView {
  return {
    id: 'assessment-1',
    status: 'complete',
    overallScore: 77.6,
    skillScores: [
      { skillId: 'react-hooks', name: 'React hooks and state', score: 84, summary: 'Clear model of state ownership.', refs: [ref(4), ref(1), ref(4)] },
      { skillId: 'performance', name: 'Rendering performance and profiling in large applications', score: 63, summary: 'Knows the tools.', refs: [] },
    ],
    skillBoundaries: [
      { skillId: 'react-hooks', name: 'React hooks and state', questionsAsked: 5, highestPassed: 4, lowestFailed: 5, boundary: 4, label: 'boundary_reached' },
      { skillId: 'performance', name: 'Rendering performance and profiling in large applications', questionsAsked: 4, highestPassed: 0, lowestFailed: 1, boundary: null, label: null },
      { skillId: 'testing', name: 'Testing', questionsAsked: 2, highestPassed: 2, lowestFailed: null, boundary: null, label: null },
    ],
    strengths: [{ area: 'State management', description: 'Explains why state lives where it does.', refs: [ref(3)] }],
    weaknesses: [],
    integrityScore: 88,
    integrityFlags: [
      { type: 'response_timing_anomaly', severity: 'low', confidence: 0.9, evidence: 'Answered a long question within a second.', source: 'measured', refs: [ref(2)], measurements: { responseTimeMs: 800 } },
      { type: 'answer_inconsistency', severity: 'high', confidence: 0.55, evidence: 'Said they never used Redux, then described a Redux migration.', source: 'model', refs: [ref(1), ref(5)], measurements: {} },
    ],
    integritySummary: 'One contradiction worth asking about.',
    reasoning: [{ subject: 'overall', title: 'Overall', explanation: 'Strong on hooks, weaker on performance.', confidence: 0.8, refs: [ref(1)] }],
    recommendations: [
      { action: 'Probe testing practice', rationale: 'Little was asked about it.', priority: 'low' },
      { action: 'Advance to a pairing session', rationale: 'Scores clear the bar.', priority: 'high' },
    ],
    passes: (['technical', 'integrity', 'reasoning', 'recommendations'] as const).map((pass) => ({ pass, status: 'succeeded', error: null, completedAt: '2026-11-26T10:00:00.000Z' })),
    generatedAt: '2026-11-26T10:00:30.000Z',
    ...patch,
  };
}

function review(patch: Partial<InterviewReview> = {}): InterviewReview {
  return {
    interviewId: 'interview-1',
    candidateName: 'Casey Candidate',
    candidateEmail: 'casey@example.com',
    roleType: 'react',
    roleTitle: 'Senior React Engineer',
    interviewStatus: 'completed',
    reviewStatus: 'complete',
    startedAt: '2026-11-26T09:10:00.000Z',
    completedAt: '2026-11-26T09:52:30.000Z',
    durationSeconds: 2550,
    totalTokensUsed: 48_213,
    costUsd: 0.4187,
    unpricedCalls: 0,
    unpricedModels: [],
    assessment: assessment(),
    scoring: { state: 'idle', lastError: null },
    transcript: [
      {
        number: 1,
        question: { messageId: 'q-1', text: 'How do you decide where state lives?', phase: 'warmup', skillId: 'react-hooks', skillName: 'React hooks and state', difficulty: 1, askedAt: '2026-11-26T09:11:00.000Z', firstAskedAs: null },
        answer: { messageId: 'a-1', text: 'Next to where it is used.', hasAudio: false, typed: false, audioDurationSeconds: 75, responseTimeSeconds: 3.2, answeredAt: '2026-11-26T09:12:00.000Z', continued: 1, endedBy: 'words' },
      },
      {
        number: 2,
        question: { messageId: 'q-2', text: 'What makes a list slow?', phase: 'advanced', skillId: 'performance', skillName: 'Rendering performance', difficulty: null, askedAt: '2026-11-26T09:13:00.000Z', firstAskedAs: null },
        answer: null,
      },
      {
        number: 3,
        question: { messageId: 'q-3', text: 'Tell me about a hook you wrote.', phase: 'standard', skillId: 'react-hooks', skillName: 'React hooks and state', difficulty: 3, askedAt: '2026-11-26T09:14:00.000Z', firstAskedAs: null },
        answer: { messageId: 'a-3', text: '  ', hasAudio: false, typed: false, audioDurationSeconds: null, responseTimeSeconds: null, answeredAt: '2026-11-26T09:15:00.000Z', continued: 0, endedBy: null },
      },
    ],
    integrityEvents: [
      { kind: 'focus_lost', occurredAt: '2026-11-26T09:20:00.000Z', questionNumber: 2 },
      { kind: 'usb_device_added', occurredAt: '2026-11-26T09:21:00.000Z', questionNumber: null },
    ],
    aiRecommendation: { decision: 'hold', overallScore: 64, bands: { advanceAtOrAbove: 70, holdAtOrAbove: 50 } },
    decisions: [
      { id: 'd-1', decision: 'hold', aiRecommendation: 'hold', note: 'Waiting for the integrity review.', decidedByName: 'Riley Recruiter', decidedAt: '2026-11-26T10:30:00.000Z' },
      { id: 'd-2', decision: 'advance', aiRecommendation: 'hold', note: 'Strong pairing exercise since.', decidedByName: 'Ada Admin', decidedAt: '2026-11-26T11:00:00.000Z' },
    ],
    sittings: [
      {
      id: 'sitting-1',
      status: 'ended',
      candidate: { id: 'candidate-1', fullName: 'Casey Candidate', email: 'casey@example.com' },
      openedBy: { id: 'proctor-1', fullName: 'Pat Proctor' },
      roleType: 'react',
      identityCheck: 'passport',
      identityConfirmedAt: '2026-11-26T09:05:00.000Z',
      accommodations: ['extra_time'],
      openedAt: '2026-11-26T09:05:10.000Z',
      pausedAt: null,
      pausedMs: 154_000,
      lockReason: null,
      interviewId: 'interview-1',
      notes: [{ at: '2026-11-26T09:31:00.000Z', proctorId: 'proctor-1', proctorName: 'Pat Proctor', text: 'Fire alarm test; paused for two and a half minutes.' }],
      endedAt: '2026-11-26T09:52:40.000Z',
      endReason: 'interview-submitted',
      },
    ],
    ...patch,
  };
}

describe('the review of a scored interview', () => {
  const words = wordsOf(renderReview(review(), true));

  it('heads the page with who, what, how long, the two scores and what the AI cost', () => {
    expect(words).toContain('Interview: Casey Candidate');
    expect(words).toContain('Email casey@example.com Role Senior React Engineer');
    expect(words).toContain('Duration 42 min 30 s');
    expect(words).toContain('Status Complete');
    expect(words).toContain(`AI tokens used ${(48_213).toLocaleString()}`);
    expect(words).toContain('AI cost $0.4187');
    expect(words).toContain('Overall score 78 / 100');
    expect(words).toContain('Integrity score 88 / 100');
    // Complete: nothing to say about scoring.
    expect(words).not.toContain('Scoring is incomplete');
  });

  it('describes the skill chart in words for screen readers, and lists it as a table', () => {
    expect(words).toContain(
      'React hooks and state: score 84, passed up to level 4, boundary at level 4, first missed at level 5; ' +
        'Rendering performance and profiling in large applications: score 63, passed up to none, first missed at level 1; ' +
        'Testing: no score, passed up to level 2.',
    );
    // The long name is cut on the chart (its full text in a tooltip) but whole in the table.
    expect(words).toContain('Rendering performance and … Rendering performance and profiling in large applications 63');
    expect(words).toContain('Testing Not scored Level 2 Not pinned down None 2');
    expect(words).toContain('Level 4 (boundary reached)');
    // Evidence names each question once, in order.
    expect(words).toContain('Evidence: Q1 (question 1 in the transcript) Q4 (question 4 in the transcript)');
  });

  it('lists integrity flags most severe first, with where each came from, and the kiosk’s events in words', () => {
    expect(words).toContain('Integrity score: 88 out of 100');
    expect(words.indexOf('Answers contradict each other High severity')).toBeGreaterThan(-1);
    expect(words.indexOf('Answers contradict each other')).toBeLessThan(words.indexOf('Unusual response timing Low severity'));
    expect(words).toContain("Source The AI model's reading of the answers");
    expect(words).toContain('Source Measured by the kiosk Measured response time ms: 800');
    expect(words).toContain('Left the interview window');
    expect(words).toContain('usb device added');
    expect(words).toMatch(/During question Left the interview window .* Q2/);
  });

  it('shows findings, the reasoning and the recommended actions most urgent first', () => {
    expect(words).toContain('Explains why state lives where it does. Area: State management');
    expect(words).toContain('No particular weaknesses were noted.');
    expect(words).toContain('Strong on hooks, weaker on performance. Confidence: 80%');
    expect(words.indexOf('Advance to a pairing session High priority')).toBeLessThan(words.indexOf('Probe testing practice Low priority'));
  });

  it('shows every question with its answer, what was not answered, and what was said without words', () => {
    expect(words).toContain('Q1 Warm-up questions · React hooks and state · difficulty 1 of 5 Question: How do you decide where state lives? Answer: Next to where it is used.');
    expect(words).toContain('Started answering after 3 s. Spoke for 1 min 15 s. Ended after a short pause: the answer sounded finished.');
    // An answer the candidate carried on with after the next question had begun is marked as one whole answer.
    expect(words).toContain('Continued The candidate carried on after the interviewer had begun the next question (once)');
    expect(words.match(/Continued The candidate/g)).toHaveLength(1);
    expect(words).toContain('Q2 Advanced questions · Rendering performance Question: What makes a list slow? Not answered.');
    expect(words).toContain('Answer: No words were recognised.');
  });

  it('offers recruiters the decision form and shows the history newest first', () => {
    expect(words).toContain('Record a decision');
    expect(words).toContain('Advance Move the candidate to the next stage.');
    expect(words).toContain(`0 of 2000 characters`);
    expect(words.indexOf('Advance by Ada Admin')).toBeLessThan(words.indexOf('Hold by Riley Recruiter'));
    expect(words).toContain('Waiting for the integrity review.');
  });

  it('shows the AI’s recommendation as advice, and which decisions overrode it and why', () => {
    expect(words).toContain('AI recommendation: Hold. The AI recommends hold: overall score 64, hold from 50, advance from 70.');
    expect(words).toContain('integrity flags never change it');
    expect(words).toContain('Overrode the AI’s recommendation (Hold). Reason: Strong pairing exercise since.');
    // The decision that followed the recommendation is not marked.
    expect(words.match(/Overrode/g)).toHaveLength(1);
    const unscored = wordsOf(renderReview(review({ aiRecommendation: null }), true));
    expect(unscored).toContain('AI recommendation: none. There are no scores to recommend from.');
  });

  it('lets a viewer read everything but not decide', () => {
    const viewer = wordsOf(renderReview(review(), false));
    expect(viewer).toContain('only recruiters and administrators can record a decision');
    expect(viewer).not.toContain('Record a decision');
    expect(viewer).toContain('Decision history');
  });
});

describe('the review of an assessment that is not complete', () => {
  it('says which passes failed and why, offers a retry to recruiters, and says why sections are empty', () => {
    const partial = review({
      reviewStatus: 'partial',
      scoring: { state: 'idle', lastError: 'The AI provider timed out.' },
      assessment: assessment({
        status: 'partial',
        reasoning: [],
        recommendations: [],
        passes: [
          { pass: 'technical', status: 'succeeded', error: null, completedAt: '2026-11-26T10:00:00.000Z' },
          { pass: 'integrity', status: 'succeeded', error: null, completedAt: '2026-11-26T10:00:00.000Z' },
          { pass: 'reasoning', status: 'failed', error: 'The model timed out', completedAt: null },
          { pass: 'recommendations', status: 'skipped', error: null, completedAt: null },
        ],
      }),
    });
    const recruiter = wordsOf(renderReview(partial, true));
    expect(recruiter).toContain('Scoring is incomplete Some parts of the assessment could not be produced.');
    expect(recruiter).toContain('AI reasoning: failed. The model timed out');
    expect(recruiter).toContain('Recommended actions: skipped');
    expect(recruiter).toContain('Last error: The AI provider timed out.');
    expect(recruiter).toContain('Retry scoring');
    expect(recruiter).toContain('AI reasoning Not available: this part of scoring did not finish (see above).');

    const viewer = wordsOf(renderReview(partial, false));
    expect(viewer).toContain('A recruiter or administrator can run the failed parts again.');
    expect(viewer).not.toContain('Retry scoring');
  });

  it('shows scoring under way in place of the scores', () => {
    const running = wordsOf(renderReview(review({ reviewStatus: 'scoring', assessment: null, scoring: { state: 'running', lastError: null } }), true));
    expect(running).toContain('Overall score Scoring…');
    expect(running).toContain('Scoring in progress');
    expect(running).not.toContain('Integrity score: ');
  });

  it('says a failed scoring could not score the interview, and an unsubmitted one was never scored', () => {
    const failed = wordsOf(renderReview(review({ reviewStatus: 'failed', assessment: null, scoring: { state: 'idle', lastError: null } }), true));
    expect(failed).toContain('Scoring failed The interview could not be scored.');
    expect(failed).toContain('Overall score Not scored');
    const abandoned = wordsOf(renderReview(review({ reviewStatus: 'abandoned', interviewStatus: 'abandoned', completedAt: null, assessment: null }), true));
    expect(abandoned).toContain('The candidate left this interview before submitting it');
    expect(abandoned).toContain('Completed Not completed');
    const empty = wordsOf(renderReview(review({ transcript: [], decisions: [] }), true));
    expect(empty).toContain('No questions were asked.');
    expect(empty).toContain('No decision has been recorded yet.');
  });

  it('shows the proctored sitting: who opened it, the identity check, time paused, how it ended and the proctor’s notes', () => {
    const words = wordsOf(renderReview(review(), true));
    expect(words).toContain('Proctored sitting Opened by Pat Proctor');
    expect(words).toContain('Identity checked passport, confirmed');
    expect(words).toContain('Accommodations Extra time Time paused');
    expect(words).toContain('Time paused 2 min 34 s');
    expect(words).toContain('Ended when the candidate submitted the interview');
    expect(words).toContain('Pat Proctor Fire alarm test; paused for two and a half minutes.');
    const unproctored = wordsOf(renderReview(review({ sittings: [] }), true));
    expect(unproctored).toContain('This interview was not taken in a proctored sitting');
    const [sitting] = review().sittings;
    const two = wordsOf(renderReview(review({ sittings: [{ ...sitting!, endReason: 'proctor' }, { ...sitting!, id: 'sitting-2', notes: [], accommodations: [] }] }), true));
    expect(two).toContain('Accommodations None');
    expect(two).toContain('Proctored sittings Sitting 1 of 2 Opened by Pat Proctor');
    expect(two).toContain('Ended by the proctor');
    expect(two).toContain('Sitting 2 of 2');
    expect(two).toContain('The proctor wrote no notes.');
  });

  it('says which questions came from the question bank and which answers were transcribed later, or are still waiting', () => {
    const base = review().transcript;
    const entries = [
      { ...base[0]!, question: { ...base[0]!.question, fromBank: true }, answer: { ...base[0]!.answer!, transcription: 'later' as const } },
      { ...base[2]!, answer: { ...base[2]!.answer!, text: '', transcription: 'pending' as const } },
      { ...base[2]!, number: 4, answer: { ...base[2]!.answer!, text: '', transcription: 'failed' as const } },
    ];
    const words = wordsOf(renderReview(review({ transcript: entries }), true));
    expect(words).toContain('Question bank The AI service was unavailable, so this question came from the written question bank for this skill and level.');
    expect(words).toContain('Answer: Next to where it is used. ');
    expect(words).toContain('Transcribed later The AI service was unavailable when the candidate answered; these words were transcribed from the recording afterwards.');
    expect(words).toContain('Answer: Recorded; the words will appear once the AI service has transcribed them.');
    expect(words).toContain('Transcription pending');
    expect(words).toContain('Answer: The recording could not be transcribed. Listen to it below.');
    // Live answers say nothing of it.
    const plain = wordsOf(renderReview(review(), true));
    expect(plain).not.toContain('Question bank');
    expect(plain).not.toContain('Transcribed later');
  });
});
