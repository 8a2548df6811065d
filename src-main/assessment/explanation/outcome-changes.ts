import type { DecisionKind } from '../../../shared/domain/assessment';
import { recommendFromScore, type RecommendationBands } from '../../../shared/domain/ai-recommendation';
import { weightedOverall, type WeightedScore } from '../overall-score';

/**
 * "What would most have changed the outcome" (issue 18, point 5), computed
 * exactly rather than asked of a model: for each skill alone, the nearest
 * whole score (kept within 0..100) at which the overall score, weighted and
 * rounded as it is stored, would have crossed a band edge and so changed the
 * AI's recommendation. The skills needing the smallest change decided it.
 */

export interface SkillForOutcome extends WeightedScore {
  skillId: string;
  name: string;
}

export interface OutcomeChange {
  skillId: string;
  name: string;
  score: number;
  /** The nearest whole score that changes the recommendation. */
  neededScore: number;
  /** What the AI would then have recommended. */
  recommendation: DecisionKind;
  /** In plain words, addressed to the candidate. */
  sentence: string;
}

const SCORE_MIN = 0;
const SCORE_MAX = 100;

/** The few changes, smallest first; empty when there are no skills or no single skill within 0..100 could change it. */
export function outcomeChanges(skills: readonly SkillForOutcome[], bands: RecommendationBands, limit = 3): OutcomeChange[] {
  if (skills.length === 0) return [];
  const decisionWith = (index: number, score: number): DecisionKind =>
    recommendFromScore(weightedOverall(skills.map((skill, i) => (i === index ? { ...skill, score } : skill))), bands)!.decision;
  const current = recommendFromScore(weightedOverall(skills), bands)!.decision;
  const changes: OutcomeChange[] = [];
  skills.forEach((skill, index) => {
    // Upward and downward each: the first whole score that changes the decision lies across the nearest band edge that way.
    for (const step of [1, -1]) {
      const start = step > 0 ? Math.floor(skill.score) + 1 : Math.ceil(skill.score) - 1;
      for (let score = start; score >= SCORE_MIN && score <= SCORE_MAX; score += step) {
        const recommendation = decisionWith(index, score);
        if (recommendation === current) continue;
        changes.push({ skillId: skill.skillId, name: skill.name, score: skill.score, neededScore: score, recommendation, sentence: sentenceFor(skill, score, current, recommendation) });
        break;
      }
    }
  });
  // Smallest change first; equal changes keep the skills' order (the role's), upward before downward.
  return changes
    .map((change, order) => ({ change, order }))
    .sort((a, b) => Math.abs(a.change.neededScore - a.change.score) - Math.abs(b.change.neededScore - b.change.score) || a.order - b.order)
    .slice(0, limit)
    .map(({ change }) => change);
}

function sentenceFor(skill: SkillForOutcome, neededScore: number, current: DecisionKind, changed: DecisionKind): string {
  return `Had your ${skill.name} score been ${neededScore} instead of ${formatScore(skill.score)}, the AI would have recommended ${changed} instead of ${current}.`;
}

function formatScore(score: number): string {
  return Number.isInteger(score) ? String(score) : score.toFixed(1);
}
