import type { InterviewPhase, InterviewView, RoleType } from '../../../../shared/domain/interview';

export const roleLabels: Record<RoleType, { label: string; description: string }> = {
  react: { label: 'React', description: 'Front-end development with React.' },
  python: { label: 'Python', description: 'Back-end and general development in Python.' },
  javascript: { label: 'JavaScript', description: 'JavaScript and TypeScript, in the browser and on Node.js.' },
  fullstack: { label: 'Full-stack', description: 'Web applications from the database to the user interface.' },
};

export const phaseLabels: Record<InterviewPhase, string> = {
  warmup: 'Warm-up questions',
  standard: 'Main questions',
  advanced: 'Advanced questions',
};

/** "Question 3 of about 12–20": the engine decides the length, so the total is a range. */
export function progressText(number: number, interview: Pick<InterviewView, 'minQuestions' | 'maxQuestions'>): string {
  return `Question ${numberOfTotal(number, interview)}`;
}

export function numberOfTotal(number: number, interview: Pick<InterviewView, 'minQuestions' | 'maxQuestions'>): string {
  const { minQuestions: min, maxQuestions: max } = interview;
  return `${number} of ${min === max ? `${max}` : `about ${min}–${max}`}`;
}
