import { readInterviews } from '../../tests/e2e/support/interview-flows';

/**
 * The stored answer to question `number` of the newest interview: every
 * candidate_response between that question and the next, as the app filed
 * them (read from the host's SQLite file, beside the running host).
 */
export function storedAnswer(dataDir: string, number: number): string | null {
  const interview = readInterviews(dataDir).at(-1);
  const question = interview?.questions[number - 1];
  if (!interview || !question) return null;
  const next = interview.questions[number]?.sequence_number ?? Number.POSITIVE_INFINITY;
  const answers = interview.answers.filter((answer) => answer.sequence_number > question.sequence_number && answer.sequence_number < next);
  return answers.length > 0 ? answers.map((answer) => answer.content_text).join(' ') : null;
}
