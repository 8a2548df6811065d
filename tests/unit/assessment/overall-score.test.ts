import { describe, expect, it } from 'vitest';
import type { SkillScore } from '../../../shared/domain/assessment';
import { overallScoreFrom } from '../../../src-main/assessment/overall-score';
import type { ScoredQuestion } from '../../../src-main/assessment/scoring-input';

const skill = (skillId: string, score: number): SkillScore => ({ skillId, name: skillId, score, summary: '', refs: [] });

function question(number: number, skillId: string, answered = true): ScoredQuestion {
  return {
    number,
    messageId: `q${number}`,
    text: '',
    askedAt: '2026-01-01T00:00:00.000Z',
    phase: 'standard',
    skillId,
    skillName: skillId,
    difficulty: 3,
    judgement: null,
    answer: answered
      ? { messageId: `a${number}`, text: 'x', answeredAt: '2026-01-01T00:00:10.000Z', audioDurationSeconds: 5, responseTimeMs: 900, speechMs: 4000, pauseMs: 200, segmentCount: 1 }
      : null,
  };
}

describe('overallScoreFrom', () => {
  it('weighs each skill by its answered questions', () => {
    const questions = [question(1, 'hooks'), question(2, 'hooks'), question(3, 'hooks'), question(4, 'perf')];
    // (90·3 + 50·1) / 4 = 80
    expect(overallScoreFrom([skill('hooks', 90), skill('perf', 50)], questions)).toBe(80);
  });

  it('counts a skill with no answered question once, and rounds to one decimal', () => {
    const questions = [question(1, 'hooks'), question(2, 'perf', false)];
    // (70 + 45) / 2 = 57.5; then (70·1 + 45·1 + 66·1) / 3 = 60.333…
    expect(overallScoreFrom([skill('hooks', 70), skill('perf', 45)], questions)).toBe(57.5);
    expect(overallScoreFrom([skill('hooks', 70), skill('perf', 45), skill('css', 66)], questions)).toBe(60.3);
  });

  it('refuses to make an overall score from no skills', () => {
    expect(() => overallScoreFrom([], [question(1, 'hooks')])).toThrow(/at least one skill/);
  });
});
