import type { BankQuestion, QuestionBank } from './question-bank';

/** What the engine planned, as far as the bank cares. */
export interface BankPlan {
  skillId: string;
  difficulty: number;
}

/**
 * The bank question for a plan the engine made (issue 19): the plan's skill
 * at its difficulty, the first in the file's order that this interview has
 * not asked yet. When all of that level are used (a skill asked more than
 * three times at one level), the nearest level with one left, easier first
 * on a tie, because a question a little easy wastes less than one far too
 * hard. Null only when the skill's questions are all used. Deterministic,
 * so a restarted kiosk asks the same question the first would have.
 */
export function pickBankQuestion(bank: QuestionBank, plan: BankPlan, askedIds: ReadonlySet<string>): BankQuestion | null {
  const unused = bank.questions.filter((question) => question.skillId === plan.skillId && !askedIds.has(question.id));
  if (unused.length === 0) return null;
  const distance = (question: BankQuestion) => Math.abs(question.difficulty - plan.difficulty);
  const nearest = Math.min(...unused.map(distance));
  const atNearest = unused.filter((question) => distance(question) === nearest);
  const easiest = Math.min(...atNearest.map((question) => question.difficulty));
  return atNearest.find((question) => question.difficulty === easiest)!;
}
