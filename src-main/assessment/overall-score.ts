import type { SkillScore } from '../../shared/domain/assessment';
import type { ScoredQuestion } from './scoring-input';

/** A skill's score and how much it counts in the overall score. */
export interface WeightedScore {
  score: number;
  weight: number;
}

/**
 * A skill counts once per answered question (a skill probed with six
 * answers says more than one asked once); one with no answered question
 * counts once, so it is not silently ignored.
 */
export function skillWeight(answeredQuestions: number): number {
  return Math.max(1, answeredQuestions);
}

/** The weighted mean, rounded to one decimal: the overall score as stored and as the recommendation reads it. */
export function weightedOverall(entries: readonly WeightedScore[]): number {
  if (entries.length === 0) throw new Error('An overall score needs at least one skill score.');
  let weighted = 0;
  let weights = 0;
  for (const entry of entries) {
    weighted += entry.score * entry.weight;
    weights += entry.weight;
  }
  return Math.round((weighted / weights) * 10) / 10;
}

/**
 * The overall score is computed, not asked of the model: the mean of the
 * skill scores, each weighted by how many of its questions were answered
 * (skillWeight).
 */
export function overallScoreFrom(skills: readonly SkillScore[], questions: readonly ScoredQuestion[]): number {
  return weightedOverall(
    skills.map((skill) => ({
      score: skill.score,
      weight: skillWeight(questions.filter((question) => question.skillId === skill.skillId && question.answer !== null).length),
    })),
  );
}
