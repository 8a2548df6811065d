import { describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { PDFParse } from 'pdf-parse';
import type { AssessmentView, InterviewReview, QuestionRef, TranscriptEntry } from '../../../shared/domain/assessment';
import { renderAssessmentReport, reportFileName } from '../../../src-main/assessment/report/assessment-report';
import { toPdfText, wrapText } from '../../../src-main/assessment/report/pdf-text';
import { AI_SCORES_ARE_A_RECOMMENDATION } from '../../../shared/copy/review-words';

// ---------------------------------------------------------------------------
// A realistic review: a completed React interview, fully scored.

const SKILLS = [
  { id: 'react-hooks', name: 'React hooks and state' },
  { id: 'typescript', name: 'TypeScript typing' },
  { id: 'performance', name: 'Rendering performance' },
];

const LAST_ANSWER =
  'To wrap up, I would profile first with the React DevTools profiler, find the components that re-render without their props changing, and only then reach for memo, useMemo or splitting the context so the fast-changing values live apart from the stable ones.';

function answerText(n: number): string {
  if (n === 14) return LAST_ANSWER;
  // Long, varied answers so the transcript spans several pages.
  return [
    `For question ${n}, my first thought is that the component tree should own as little state as it can, and that state should live as close as possible to where it is used.`,
    'In practice that means lifting state only when two siblings genuinely need the same value, and otherwise keeping it local so a change re-renders the smallest subtree.',
    'I have used useReducer when the transitions got complicated, because a reducer makes every allowed change explicit and easy to test without rendering anything at all.',
    'For effects I try to keep each one doing a single job, with a cleanup that undoes exactly what it set up, and I check the dependency array carefully because a missing dependency is a stale closure waiting to happen.',
  ].join(' ');
}

function ref(n: number): QuestionRef {
  return { number: n, questionMessageId: `q-${n}`, answerMessageId: `a-${n}` };
}

function transcript(count: number): TranscriptEntry[] {
  return Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    const skill = SKILLS[i % SKILLS.length]!;
    const unanswered = n === 9;
    return {
      number: n,
      question: {
        messageId: `q-${n}`,
        text: `Question ${n}: how would you approach ${skill.name.toLowerCase()} in a medium-sized production React application?`,
        phase: n <= 3 ? 'warmup' : n <= 10 ? 'standard' : 'advanced',
        skillId: skill.id,
        skillName: skill.name,
        difficulty: Math.min(5, 1 + Math.floor(i / 3)),
        askedAt: `2026-11-26T09:${String(10 + n * 2).padStart(2, '0')}:00.000Z`,
        firstAskedAs: null,
      },
      answer: unanswered
        ? null
        : {
            messageId: `a-${n}`,
            text: answerText(n),
            hasAudio: true,
            typed: false,
            audioDurationSeconds: 70,
            responseTimeSeconds: 3.2,
            answeredAt: `2026-11-26T09:${String(11 + n * 2).padStart(2, '0')}:00.000Z`,
            continued: 0,
            endedBy: 'words',
          },
    };
  });
}

function completeAssessment(): AssessmentView {
  return {
    id: 'assessment-1',
    status: 'complete',
    overallScore: 78,
    skillScores: [
      { skillId: 'react-hooks', name: 'React hooks and state', score: 84, summary: 'Clear model of state ownership and effects.', refs: [ref(1), ref(4)] },
      { skillId: 'typescript', name: 'TypeScript typing', score: 71, summary: 'Comfortable with generics, unsure about variance.', refs: [ref(2)] },
      { skillId: 'performance', name: 'Rendering performance', score: 63, summary: 'Knows the tools; reaches for memo early.', refs: [ref(3), ref(14)] },
    ],
    skillBoundaries: [
      { skillId: 'react-hooks', name: 'React hooks and state', questionsAsked: 5, highestPassed: 4, lowestFailed: 5, boundary: 4, label: 'boundary_reached' },
      { skillId: 'typescript', name: 'TypeScript typing', questionsAsked: 5, highestPassed: 3, lowestFailed: null, boundary: null, label: null },
      { skillId: 'performance', name: 'Rendering performance', questionsAsked: 4, highestPassed: 0, lowestFailed: 1, boundary: 0, label: 'below_floor' },
    ],
    strengths: [{ area: 'State management', description: 'Explains why state lives where it does and when to lift it.', refs: [ref(7), ref(3)] }],
    weaknesses: [{ area: 'Type variance', description: 'Could not say why a function parameter is contravariant.', refs: [ref(8)] }],
    integrityScore: 88,
    integrityFlags: [
      {
        type: 'silence_then_fluent_answer',
        severity: 'medium',
        confidence: 0.62,
        evidence: 'A 41-second silence before question 6, then an unbroken 90-second answer at 180 words per minute.',
        source: 'measured',
        refs: [ref(6)],
        measurements: { responseTimeMs: 41_000, wordsPerMinute: 180 },
      },
    ],
    integritySummary: 'One timing anomaly; the rest of the interview reads as the candidate’s own words.',
    reasoning: [
      { subject: 'overall', title: 'Overall', explanation: 'Strong on hooks, adequate on types, weaker on performance work.', confidence: 0.8, refs: [ref(1), ref(2)] },
      { subject: 'integrity', title: 'Integrity', explanation: 'A single medium flag does not change the picture.', confidence: 0.7, refs: [ref(6)] },
    ],
    recommendations: [
      { action: 'Advance to a pairing session', rationale: 'Scores clear the bar for the role.', priority: 'high' },
      { action: 'Probe type variance in the next round', rationale: 'The one clear gap.', priority: 'medium' },
    ],
    passes: [
      { pass: 'technical', status: 'succeeded', error: null, completedAt: '2026-11-26T10:00:00.000Z' },
      { pass: 'integrity', status: 'succeeded', error: null, completedAt: '2026-11-26T10:00:10.000Z' },
      { pass: 'reasoning', status: 'succeeded', error: null, completedAt: '2026-11-26T10:00:20.000Z' },
      { pass: 'recommendations', status: 'succeeded', error: null, completedAt: '2026-11-26T10:00:30.000Z' },
    ],
    generatedAt: '2026-11-26T10:00:30.000Z',
  };
}

function completeReview(overrides: Partial<InterviewReview> = {}): InterviewReview {
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
    assessment: completeAssessment(),
    scoring: { state: 'idle', lastError: null },
    transcript: transcript(14),
    integrityEvents: [{ kind: 'focus_lost', occurredAt: '2026-11-26T09:20:00.000Z', questionNumber: 6 }],
    aiRecommendation: { decision: 'hold', overallScore: 78, bands: { advanceAtOrAbove: 80, holdAtOrAbove: 50 } },
    decisions: [
      { id: 'd-2', decision: 'advance', aiRecommendation: 'hold', note: 'Book the pairing session for next week.', decidedByName: 'Riley Recruiter', decidedAt: '2026-11-26T11:00:00.000Z' },
      { id: 'd-1', decision: 'hold', aiRecommendation: 'hold', note: 'Waiting for the integrity review.', decidedByName: 'Riley Recruiter', decidedAt: '2026-11-26T10:30:00.000Z' },
    ],
    sittings: [],
    ...overrides,
  };
}

// ---------------------------------------------------------------------------
// Reading the PDF back

interface ReadBack {
  pages: string[];
  total: number;
  /** All pages, whitespace collapsed, so wrapped text reads as one string. */
  flat: string;
}

async function readBack(bytes: Uint8Array): Promise<ReadBack> {
  const parser = new PDFParse({ data: bytes.slice(), verbosity: 0 });
  try {
    const result = await parser.getText();
    const pages = result.pages.map((page) => page.text);
    return { pages, total: result.total, flat: pages.join('\n').replace(/\s+/g, ' ') };
  } finally {
    await parser.destroy();
  }
}

const GENERATED_AT = new Date('2026-11-26T12:34:00.000Z');

describe('renderAssessmentReport', () => {
  it('renders a complete assessment, every section and the whole transcript, over several pages', async () => {
    const review = completeReview();
    const bytes = await renderAssessmentReport(review, { generatedAt: GENERATED_AT });
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const { pages, total, flat } = await readBack(bytes);

    expect(total).toBeGreaterThan(1);
    expect(pages[0]).toContain('Interview assessment');
    expect(flat).toContain('Casey Candidate');
    expect(flat).toContain('casey@example.com');
    expect(flat).toContain('Senior React Engineer');
    expect(flat).toContain('Duration 42 min 30 s');
    expect(flat).toContain('Complete: every scoring pass succeeded.');
    expect(flat).toContain('Overall score 78 / 100');
    expect(flat).toContain('Integrity score 88 / 100');
    // The AI's scores are a recommendation; a person decides (issue 18, point 2).
    expect(flat).toContain(AI_SCORES_ARE_A_RECOMMENDATION);
    for (const skill of SKILLS) expect(flat).toContain(skill.name);
    expect(flat).toContain('84 / 100');
    // Boundaries: highest passed 0 reads "none", a null boundary "not pinned down".
    expect(flat).toContain('boundary reached');
    expect(flat).toContain('not pinned down');
    expect(flat).toContain('State management (Q3, Q7)');
    expect(flat).toContain('Type variance (Q8)');
    expect(flat).toContain('Long silence, then a fluent answer: medium severity, 62% confidence, Q6');
    expect(flat).toContain('A 41-second silence before question 6, then an unbroken 90-second answer at 180 words per minute.');
    expect(flat).toContain('the candidate’s own words');
    expect(flat).toContain('Overall (confidence 80%, Q1, Q2)');
    expect(flat).toContain('[High priority] Advance to a pairing session');
    // The newest decision stands.
    expect(flat).toContain('AI recommendation The AI recommends hold: overall score 78, hold from 50, advance from 80.');
    expect(flat).toContain('Advance, by Riley Recruiter on 26 Nov 2026, 11:00 UTC');
    expect(flat).toContain('Overrode the AI’s recommendation (hold). Reason: Book the pairing session for next week.');
    expect(flat).not.toContain('Waiting for the integrity review.');
    expect(flat).toContain('Tokens used 48,213');
    expect(flat).toContain('$0.4187 USD');
    expect(flat).toContain('Q1 [warmup, React hooks and state, difficulty 1]: Question 1:');
    expect(flat).toContain('Q9 [standard, Rendering performance, difficulty 3]');
    expect(flat).toContain('A: (no answer)');
    expect(flat).toContain(`A: ${LAST_ANSWER}`);

    // Header and footer on every page.
    pages.forEach((text, i) => {
      expect(text).toContain(`Page ${i + 1} of ${total}`);
      expect(text).toContain('Confidential — candidate assessment');
      expect(text).toContain('Generated 26 Nov 2026, 12:34 UTC');
    });
  });

  it('keeps the sections in the order the brief gives', async () => {
    const { flat } = await readBack(await renderAssessmentReport(completeReview(), { generatedAt: GENERATED_AT }));
    const order = [
      'Casey Candidate',
      'Overall score',
      'Skill scores',
      'Skill boundaries',
      'Strengths',
      'Weaknesses',
      'Integrity flags',
      "The AI's reasoning",
      'Recommended actions',
      'Decision',
      'Tokens used',
      'Transcript',
      'Q1 [',
      'Q14 [',
    ];
    const positions = order.map((marker) => flat.indexOf(marker));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('says which part of the cost is unknown instead of printing an unknown price as $0', async () => {
    const render = async (overrides: Partial<InterviewReview>) =>
      (await readBack(await renderAssessmentReport(completeReview(overrides), { generatedAt: GENERATED_AT }))).flat;
    const partly = await render({ costUsd: 0.0123, unpricedCalls: 3, unpricedModels: ['gpt-x'] });
    expect(partly).toContain('Cost $0.0123 USD + 3 calls at unknown prices (no price for gpt-x)');
    const none = await render({ costUsd: 0, unpricedCalls: 12, unpricedModels: ['gpt-x', 'tts-x'] });
    expect(none).toContain('Cost Unknown (no price for gpt-x, tts-x)');
    expect(none).not.toMatch(/\$0\.0+ USD/);
  });

  it('says an interview is not yet scored and still prints the transcript', async () => {
    const review = completeReview({
      assessment: null,
      reviewStatus: 'scoring',
      scoring: { state: 'queued', lastError: null },
      decisions: [],
      transcript: transcript(2),
    });
    const { flat, total } = await readBack(await renderAssessmentReport(review, { generatedAt: GENERATED_AT }));
    expect(flat).toContain('Not yet scored: scoring is queued.');
    expect(flat).toContain('Overall score not available');
    expect(flat).not.toContain('Skill scores');
    expect(flat).toContain('No decision recorded yet.');
    expect(flat).toContain('Q2 [');
    expect(flat).toContain(`Page 1 of ${total}`);
  });

  it('names the failed pass of a partial assessment and explains the sections it left empty', async () => {
    const assessment: AssessmentView = {
      ...completeAssessment(),
      status: 'partial',
      reasoning: [],
      recommendations: [],
      passes: [
        { pass: 'technical', status: 'succeeded', error: null, completedAt: '2026-11-26T10:00:00.000Z' },
        { pass: 'integrity', status: 'succeeded', error: null, completedAt: '2026-11-26T10:00:10.000Z' },
        { pass: 'reasoning', status: 'failed', error: 'the model did not answer in time', completedAt: null },
        { pass: 'recommendations', status: 'skipped', error: null, completedAt: null },
      ],
    };
    const { flat } = await readBack(await renderAssessmentReport(completeReview({ assessment, reviewStatus: 'partial' }), { generatedAt: GENERATED_AT }));
    expect(flat).toContain('Partial: the reasoning pass failed (the model did not answer in time); the recommendations pass was skipped.');
    expect(flat).toContain('Not available: the reasoning pass failed (the model did not answer in time).');
    expect(flat).toContain('Not available: the recommendations pass was skipped.');
    // The scores the technical pass produced are still there.
    expect(flat).toContain('Overall score 78 / 100');
  });

  it('reports a failed assessment without scores', async () => {
    const assessment: AssessmentView = {
      ...completeAssessment(),
      status: 'failed',
      overallScore: null,
      skillScores: [],
      strengths: [],
      passes: [{ pass: 'technical', status: 'failed', error: 'invalid JSON from the model', completedAt: null }],
    };
    const { flat } = await readBack(await renderAssessmentReport(completeReview({ assessment, reviewStatus: 'failed' }), { generatedAt: GENERATED_AT }));
    expect(flat).toContain('Failed, no scores: the technical pass failed (invalid JSON from the model).');
    expect(flat).toContain('Overall score not available');
    expect(flat).toContain('Not available: the technical pass failed (invalid JSON from the model).');
  });

  it('draws names and answers in other scripts, and emoji, without throwing', async () => {
    const review = completeReview({
      candidateName: 'Zoë Łukasiewicz 王芳',
      transcript: transcript(3).map((entry, i) =>
        i === 2 && entry.answer
          ? { ...entry, answer: { ...entry.answer, text: 'I would ship it 🚀👩‍💻 — the café’s naïve façade, Ελληνικά, and a\ttab.' } }
          : entry,
      ),
    });
    const bytes = await renderAssessmentReport(review, { generatedAt: GENERATED_AT });
    const { flat } = await readBack(bytes);
    // WinAnsi letters as written, Ł as L, the CJK name as '?'.
    expect(flat).toContain('Zoë Lukasiewicz ??');
    expect(flat).toContain('I would ship it ??? — the café’s naïve façade, ????????, and a tab.');
  });

  it('flows a value too long for one page onto the next instead of drawing past the footer', async () => {
    const lastError = `${'The scoring model kept returning an answer that did not match the schema. '.repeat(120)}END-OF-ERROR`;
    const review = completeReview({ assessment: null, reviewStatus: 'failed', scoring: { state: 'idle', lastError }, transcript: [] });
    const { pages } = await readBack(await renderAssessmentReport(review, { generatedAt: GENERATED_AT }));
    expect(pages[0]).toContain('Not yet scored: the last scoring attempt failed');
    expect(pages.findIndex((text) => text.includes('END-OF-ERROR'))).toBeGreaterThan(0);
  });

  it('wraps an unbroken run longer than a line instead of running off the page', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const long = 'x'.repeat(400);
    const lines = wrapText(`see https://example.com/${long} now`, font, 10, 200);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(font.widthOfTextAtSize(line, 10)).toBeLessThanOrEqual(200);
    expect(lines[0]).toBe('see');
    expect(lines.join('').replace(/ /g, '')).toBe(`seehttps://example.com/${long}now`);
  });
});

describe('toPdfText', () => {
  it('keeps WinAnsi characters, strips other diacritics and replaces the rest', () => {
    expect(toPdfText('José Müller Ñandú – “quoted” €5 Œuvre')).toBe('José Müller Ñandú – “quoted” €5 Œuvre');
    expect(toPdfText('Łódź Dvořák Ștefan')).toBe('Lódz Dvorák Stefan');
    expect(toPdfText('王芳 😀')).toBe('?? ?');
    // Invisible characters vanish rather than print as '?'; a soft hyphen is one.
    expect(toPdfText('co\u00adoperate ❤\ufe0f a\u200bb')).toBe('cooperate ? ab');
    expect(toPdfText('line one\r\nline two\tend')).toBe('line one\nline two end');
  });

  it('returns only characters Helvetica can encode', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const supported = new Set(font.getCharacterSet());
    const everything = Array.from({ length: 0x3000 }, (_, i) => String.fromCodePoint(i)).join('') + '🚀👩‍💻';
    const out = toPdfText(everything).replace(/\n/g, '');
    const unsupported = [...out].filter((c) => !supported.has(c.codePointAt(0)!));
    expect(unsupported).toEqual([]);
  });
});

describe('reportFileName', () => {
  it('names the file after candidate, role and interview date', () => {
    expect(reportFileName(completeReview())).toBe('assessment-casey-candidate-react-2026-11-26.pdf');
  });

  it('uses only safe characters whatever the name', () => {
    const name = reportFileName(completeReview({ candidateName: 'Zoë Łukasiewicz 王芳 ../../etc/passwd', roleType: 'fullstack' }));
    expect(name).toBe('assessment-zoe-lukasiewicz-etc-passwd-fullstack-2026-11-26.pdf');
    expect(name).toMatch(/^[a-z0-9-]+\.pdf$/);
  });

  it('falls back when the name has no Latin letters and the interview has no dates', () => {
    const name = reportFileName(completeReview({ candidateName: '王芳', startedAt: null, completedAt: null, roleType: 'python' }));
    expect(name).toBe('assessment-candidate-python.pdf');
  });

  it('uses the start date when the interview was never completed, and keeps long names short', () => {
    const name = reportFileName(completeReview({ candidateName: 'A'.repeat(300), completedAt: null, startedAt: '2026-11-20T08:00:00.000Z' }));
    expect(name).toBe(`assessment-${'a'.repeat(60)}-react-2026-11-20.pdf`);
  });
});
