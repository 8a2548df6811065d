/**
 * The sections of an assessment a recruiter opens (issue 18, point 2). The
 * review reports each one as it comes into view; main keeps who saw which,
 * per interview, and refuses a decision from a recruiter who has not opened
 * the assessment: at least its scores and its transcript.
 */
export const reviewSections = ['scores', 'transcript', 'integrity', 'reasoning'] as const;
export type ReviewSection = (typeof reviewSections)[number];

/** What "opened the assessment" means before advance, hold or reject. */
export const SECTIONS_BEFORE_DECIDING: readonly ReviewSection[] = ['scores', 'transcript'];

export const reviewSectionNames: Record<ReviewSection, string> = {
  scores: 'the scores',
  transcript: 'the transcript',
  integrity: 'the integrity section',
  reasoning: 'the reasoning',
};

/** The refusal, naming what is still to open; the decision panel says the same beforehand. */
export function openAssessmentFirst(missing: readonly ReviewSection[]): string {
  return `Open the assessment before deciding: a person decides, and only after seeing the evidence. Scroll through ${missing.map((section) => reviewSectionNames[section]).join(' and ')} first; the app records that you viewed them.`;
}
