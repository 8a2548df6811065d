import { judgementPassed } from './judgement';
import type { AskedQuestion, SkillProficiency } from './state';

/**
 * One skill's proficiency from the judged answers about it. Computed from the
 * set of answers, never from the order judgements arrived in, so late and
 * out-of-order judgements end in the same state.
 *
 * The boundary is mapped when the evidence brackets it: a pass at level n and
 * a failure at n + 1 (boundary n), a failure at level 1 with nothing passed
 * (boundary 0), or a pass at the top level 5 (boundary 5). A failure at or
 * below a passed level (a slip on an easier question) is outweighed by the
 * pass and ignored, so lowestFailed is the lowest failure above the highest
 * pass.
 */
export function skillProficiency(questions: readonly AskedQuestion[], skillId: string): SkillProficiency {
  let attempts = 0;
  let pending = 0;
  let scoreSum = 0;
  let highestPassed = 0;
  const failed: number[] = [];
  for (const question of questions) {
    if (question.skillId !== skillId) continue;
    const judgement = question.judgement;
    if (!judgement) {
      pending++;
      continue;
    }
    attempts++;
    scoreSum += judgement.score;
    if (judgementPassed(judgement)) highestPassed = Math.max(highestPassed, question.difficulty);
    else failed.push(question.difficulty);
  }
  const above = failed.filter((level) => level > highestPassed);
  const lowestFailed = above.length > 0 ? (Math.min(...above) as SkillProficiency['lowestFailed']) : null;
  const mapped = highestPassed === 5 || lowestFailed === highestPassed + 1;
  return {
    attempts,
    pending,
    // Rounded to keep the stored JSON readable; six places is far finer than any judgement.
    meanScore: attempts > 0 ? Math.round((scoreSum / attempts) * 1e6) / 1e6 : null,
    highestPassed,
    lowestFailed,
    boundary: mapped ? highestPassed : null,
  };
}

export function computeSkills(skillOrder: readonly string[], questions: readonly AskedQuestion[]): Record<string, SkillProficiency> {
  return Object.fromEntries(skillOrder.map((id) => [id, skillProficiency(questions, id)]));
}
