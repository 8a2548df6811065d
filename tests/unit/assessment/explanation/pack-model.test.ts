import { describe, expect, it } from 'vitest';
import type { InterviewReview, TranscriptEntry } from '../../../../shared/domain/assessment';
import type { AuditEntryView } from '../../../../shared/domain/audit';
import { buildExplanationPack, type PackSources } from '../../../../src-main/assessment/explanation/pack-model';
import { renderExplanationPdf } from '../../../../src-main/assessment/explanation/pack-pdf';

const HASH = 'a'.repeat(64);

function entry(number: number, skillId: string, answered: boolean, hasAudio = true): TranscriptEntry {
  return {
    number,
    question: { messageId: `q${number}`, text: `Question ${number}?`, phase: 'standard', skillId, skillName: skillId, difficulty: 2, askedAt: '2026-11-26T09:00:00.000Z', firstAskedAs: null },
    answer: answered
      ? { messageId: `a${number}`, text: `Answer ${number}.`, hasAudio, typed: !hasAudio, audioDurationSeconds: 5, responseTimeSeconds: 1, answeredAt: '2026-11-26T09:01:00.000Z', continued: 0, endedBy: null }
      : null,
  };
}

function review(overrides: Partial<InterviewReview> = {}): InterviewReview {
  const ref = (n: number) => ({ number: n, questionMessageId: `q${n}`, answerMessageId: `a${n}` });
  return {
    interviewId: 'interview-1',
    candidateName: 'Casey Candidate',
    candidateEmail: 'casey@example.com',
    roleType: 'react',
    roleTitle: 'React Developer',
    interviewStatus: 'completed',
    reviewStatus: 'complete',
    startedAt: '2026-11-26T09:00:00.000Z',
    completedAt: '2026-11-26T09:40:00.000Z',
    durationSeconds: 2400,
    totalTokensUsed: 1000,
    costUsd: 0.1,
    unpricedCalls: 0,
    unpricedModels: [],
    assessment: {
      id: 'assessment-1',
      status: 'complete',
      // (80·2 + 50·1) / 3 = 70: advance, right at the edge.
      overallScore: 70,
      skillScores: [
        { skillId: 'hooks', name: 'State and hooks', score: 80, summary: 'Solid.', refs: [ref(3), ref(1)] },
        { skillId: 'testing', name: 'Testing', score: 50, summary: 'Thin.', refs: [ref(2), ref(9)] },
      ],
      skillBoundaries: [{ skillId: 'hooks', name: 'State and hooks', questionsAsked: 2, highestPassed: 3, lowestFailed: 4, boundary: 3, label: 'boundary_reached' }],
      strengths: [],
      weaknesses: [],
      integrityScore: 100,
      integrityFlags: [],
      integritySummary: null,
      reasoning: [],
      recommendations: [],
      passes: [],
      generatedAt: '2026-11-26T09:45:00.000Z',
    },
    scoring: { state: 'idle', lastError: null },
    // Hooks: two answered (weight 2); testing: one answered, one not (weight 1).
    transcript: [entry(1, 'hooks', true), entry(2, 'testing', true, false), entry(3, 'hooks', true), entry(4, 'testing', false)],
    integrityEvents: [],
    aiRecommendation: { decision: 'advance', overallScore: 70, bands: { advanceAtOrAbove: 70, holdAtOrAbove: 50 } },
    decisions: [],
    sittings: [],
    ...overrides,
  };
}

function call(sequence: number, payload: Record<string, unknown>): AuditEntryView {
  return { id: `e${sequence}`, deviceId: 'kiosk-1', sequence, kind: 'ai_call', createdAt: '2026-11-26T09:00:00.000Z', entryHash: HASH, prevHash: HASH, payload };
}

function aiCall(endpoint: 'chat' | 'transcription' | 'speech', template: string | null, snapshot: string | null = 'gpt-x-2026-01-01') {
  return {
    purpose: 'interview',
    endpoint,
    provider: 'openai',
    model: 'gpt-x',
    snapshot,
    snapshotNote: null,
    template: template ? { id: template, version: HASH } : null,
    inputSha256: HASH,
    outputSha256: HASH,
    promptTokens: 1,
    completionTokens: 1,
    audioSeconds: null,
    characters: null,
    latencyMs: 10,
    outcome: 'ok',
    errorKind: null,
    usageId: 'u',
  };
}

const sources = (overrides: Partial<PackSources> = {}): PackSources => ({
  review: review(),
  rubric: [
    { id: 'hooks', name: 'State and hooks', description: 'Managing state with hooks.' },
    { id: 'testing', name: 'Testing', description: 'Testing components.' },
  ],
  auditEntries: [
    call(1, aiCall('chat', 'interview/v1/question')),
    call(2, aiCall('transcription', null)),
    call(3, aiCall('chat', 'interview/v1/question')),
    call(4, aiCall('chat', 'interview/v1/judge')),
    call(5, { broken: true }),
    call(6, aiCall('speech', null, null)),
  ],
  generatedAt: new Date('2026-11-27T10:00:00Z'),
  approval: null,
  ...overrides,
});

describe('buildExplanationPack', () => {
  it('gives each skill its rubric, weight, level and quoted evidence in question order, and what would have changed the outcome', () => {
    const pack = buildExplanationPack(sources());
    expect(pack.skills.map(({ name, rubric, weight, highestLevelPassed }) => ({ name, rubric, weight, highestLevelPassed }))).toEqual([
      { name: 'State and hooks', rubric: 'Managing state with hooks.', weight: 2, highestLevelPassed: 3 },
      { name: 'Testing', rubric: 'Testing components.', weight: 1, highestLevelPassed: null },
    ]);
    // Q9 is cited but not in the transcript: left out rather than invented.
    expect(pack.skills[0]!.evidence).toEqual([
      { number: 1, question: 'Question 1?', answer: 'Answer 1.' },
      { number: 3, question: 'Question 3?', answer: 'Answer 3.' },
    ]);
    expect(pack.skills[1]!.evidence.map((quote) => quote.number)).toEqual([2]);
    // At the advance edge, one point less on either skill means hold.
    expect(pack.whatWouldHaveChanged[0]).toMatchObject({ name: 'State and hooks', neededScore: 79, recommendation: 'hold' });
    expect(pack.recordings.map((recording) => recording.fileName)).toEqual(['recording-q01.wav', 'recording-q03.wav']);
    expect(pack.transcript[1]).toMatchObject({ typed: true, answer: 'Answer 2.' });
    expect(pack.transcript[3]).toMatchObject({ answer: null });
  });

  it('names each kind of AI work once per model, snapshot and prompt version, counting calls, and skips an entry it cannot read', () => {
    const { models } = buildExplanationPack(sources()).aiPart;
    expect(models.map(({ task, template, snapshot, calls }) => [task, template, snapshot, calls])).toEqual([
      ['Writing the questions', 'interview/v1/question', 'gpt-x-2026-01-01', 2],
      ['Transcribing your spoken answers', null, 'gpt-x-2026-01-01', 1],
      ['Judging each answer, to choose the next question', 'interview/v1/judge', 'gpt-x-2026-01-01', 1],
      ['Speaking the questions aloud', null, null, 1],
    ]);
  });

  it('hashes the content alone: the same whenever it is made and whoever approves it, different once a person decides', () => {
    const first = buildExplanationPack(sources());
    const later = buildExplanationPack(sources({ generatedAt: new Date('2027-01-01T00:00:00Z'), approval: { approvedBy: 'Ada Admin', approvedAt: '2027-01-01T00:00:00Z' } }));
    expect(later.contentSha256).toBe(first.contentSha256);
    const decided = buildExplanationPack(
      sources({ review: review({ decisions: [{ id: 'd', decision: 'hold', aiRecommendation: 'advance', note: 'Wants a second interview.', decidedByName: 'Riley', decidedAt: '2026-11-27T09:00:00Z' }] }) }),
    );
    expect(decided.contentSha256).not.toBe(first.contentSha256);
    expect(decided.peoplePart.decisions).toEqual([{ decision: 'hold', decidedBy: 'Riley', decidedAt: '2026-11-27T09:00:00Z', aiRecommendation: 'advance', overrodeAi: true, reason: 'Wants a second interview.' }]);
  });

  it('explains an interview with no scores without inventing any, and still draws its PDF (a name in another script too)', async () => {
    const pack = buildExplanationPack(sources({ review: review({ assessment: null, aiRecommendation: null, candidateName: '王芳 Zoë' }) }));
    expect(pack).toMatchObject({ assessment: null, recommendation: null, skills: [], whatWouldHaveChanged: [] });
    expect(pack.transcript).toHaveLength(4);
    const pdf = await renderExplanationPdf(pack, 'No recordings.');
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
  });
});
