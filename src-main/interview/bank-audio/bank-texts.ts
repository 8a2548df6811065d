import { roleTypes } from '../../../shared/domain/interview';
import type { InterviewResources } from '../../resources/interview-resources';

/**
 * Every bank question's text, of every role: what the kiosk prepares audio
 * for. Read through the same resources the interview asks its bank
 * questions from, so the two can never speak different banks. Throws
 * QuestionBankError naming a damaged file.
 */
export function bankQuestionTexts(resources: Pick<InterviewResources, 'bank'>): string[] {
  return roleTypes.flatMap((roleType) => resources.bank(roleType).questions.map((question) => question.text));
}
