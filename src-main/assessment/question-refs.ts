import type { QuestionRef } from '../../shared/domain/assessment';
import { refOf, type ScoringInput } from './scoring-input';

/** The model cites questions by transcript number; numbers that were never asked are dropped, repeats merged, order kept. */
export function refsFor(input: ScoringInput, numbers: readonly number[]): QuestionRef[] {
  const seen = new Set<number>();
  const refs: QuestionRef[] = [];
  for (const number of numbers) {
    const question = input.questions[number - 1];
    if (!question || seen.has(number)) continue;
    seen.add(number);
    refs.push(refOf(question));
  }
  return refs;
}
