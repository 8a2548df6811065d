import type { SkillScore } from '../../shared/domain/assessment';
import type { ScoredQuestion } from './scoring-input';

/**
 * The overall score is computed, not asked of the model: the mean of the
 * skill scores, each weighted by how many of its questions were answered
 * (a skill probed with six answers says more than one asked once). A skill
 * with no answered question counts once, so it is not silently ignored.
 * Rounded to one decimal.
 */
export function overallScoreFrom(skills: readonly SkillScore[], questions: readonly ScoredQuestion[]): number {
  if (skills.length === 0) throw new Error('An overall score needs at least one skill score.');
  let weighted = 0;
  let weights = 0;
  for (const skill of skills) {
    const answered = questions.filter((question) => question.skillId === skill.skillId && question.answer !== null).length;
    const weight = Math.max(1, answered);
    weighted += skill.score * weight;
    weights += weight;
  }
  return Math.round((weighted / weights) * 10) / 10;
}
