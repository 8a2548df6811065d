import type { AtsAssessmentStatus } from '../../../shared/domain/ats-export';
import type { DecisionKind } from '../../../shared/domain/assessment';
import type { RoleType } from '../../../shared/domain/interview';

/** One exported interview: the candidate, the assessment and the latest decision, before a format names its columns. */
export interface AtsRow {
  candidateName: string;
  candidateEmail: string;
  roleType: RoleType;
  roleTitle: string;
  interviewId: string;
  /** ISO-8601, UTC. */
  completedAt: string;
  assessmentStatus: AtsAssessmentStatus;
  /** Null when nothing is scored. */
  overallScore: number | null;
  /** Skill id → score (0..100), as the technical pass stored them. */
  skillScores: Readonly<Record<string, number>>;
  /** What the AI recommends from the overall score and the role's bands; null with no score. */
  aiRecommendation: DecisionKind | null;
  /** The latest decision; the four decision fields are null together when none was recorded. */
  decision: DecisionKind | null;
  decidedBy: string | null;
  decidedAt: string | null;
  note: string | null;
}

/** A skill column: the role definition's id and name (or the id twice, for a score whose skill the role no longer lists). */
export interface AtsSkill {
  id: string;
  name: string;
}
