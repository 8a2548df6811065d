import type {
  DecisionKind,
  IntegritySeverity,
  Recommendation,
  ReviewSortKey,
  ReviewStatus,
  ScoringPass,
} from '../../../../../shared/domain/assessment';
import type { InterviewPhase, RoleType } from '../../../../../shared/domain/interview';
import { phaseLabels as interviewPhaseLabels, roleLabels as interviewRoleLabels } from '../../interview/labels';

export const reviewStatusLabels: Record<ReviewStatus, string> = {
  in_progress: 'In progress',
  abandoned: 'Abandoned',
  scoring: 'Scoring…',
  complete: 'Complete',
  partial: 'Partial',
  failed: 'Scoring failed',
};

export const decisionLabels: Record<DecisionKind, string> = {
  advance: 'Advance',
  hold: 'Hold',
  reject: 'Reject',
};

export const decisionDescriptions: Record<DecisionKind, string> = {
  advance: 'Move the candidate to the next stage.',
  hold: 'Keep the candidate for later; no decision yet.',
  reject: 'Do not take the candidate further.',
};

export const severityLabels: Record<IntegritySeverity, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
};

export const severityRank: Record<IntegritySeverity, number> = { low: 1, medium: 2, high: 3 };

/** The same words the exported PDF uses. */
export { integrityFlagLabels as flagTypeLabels } from '../../../../../shared/copy/review-words';

export const priorityLabels: Record<Recommendation['priority'], string> = {
  high: 'High priority',
  medium: 'Medium priority',
  low: 'Low priority',
};

export const passLabels: Record<ScoringPass, string> = {
  technical: 'Technical scores',
  integrity: 'Integrity review',
  reasoning: 'AI reasoning',
  recommendations: 'Recommended actions',
};

export const sortLabels: Record<ReviewSortKey, string> = {
  date: 'Date',
  candidate: 'Candidate',
  overallScore: 'Overall',
  integrityScore: 'Integrity',
};

/** A newly chosen column sorts the way people usually want it first: names A–Z, newest and best first. */
export const defaultDirection: Record<ReviewSortKey, 'asc' | 'desc'> = {
  date: 'desc',
  candidate: 'asc',
  overallScore: 'desc',
  integrityScore: 'desc',
};

export function roleLabel(role: RoleType): string {
  return interviewRoleLabels[role].label;
}

export function phaseLabel(phase: InterviewPhase): string {
  return interviewPhaseLabels[phase];
}

/** Kiosk integrity event kinds (focus_lost, paste, ...) in words: the same words the proctor's list at the kiosk uses. */
export { integrityEventLabel as eventKindLabel } from '../../../../../shared/copy/integrity-event-words';
