import { roleTypes } from '../../../shared/domain/interview';
import { loadQuestionBank } from '../../resources/resource-files';

/** Every bank question's text, of every role: what the kiosk prepares audio for. Throws QuestionBankError naming a damaged file. */
export function bankQuestionTexts(resourcesDir: string): string[] {
  return roleTypes.flatMap((roleType) => loadQuestionBank(resourcesDir, roleType).questions.map((question) => question.text));
}
