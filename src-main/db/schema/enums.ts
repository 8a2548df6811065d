/**
 * Allowed values of the specification's enum columns. Each array is both the
 * column's TypeScript type and its CHECK constraint. Changing a CHECK in
 * SQLite means rebuilding the table (see open-database.ts), so add values
 * with care.
 */
export const candidateStatuses = ['active', 'inactive', 'deleted'] as const;
export type CandidateStatus = (typeof candidateStatuses)[number];

// The screens and the database share these lists (one list, one CHECK).
export { feedbackStatuses, parsingStatuses, type FeedbackStatus, type ParsingStatus } from '../../../shared/domain/resume';
export { interviewStatuses, roleTypes, type InterviewStatus, type RoleType } from '../../../shared/domain/interview';
// current_difficulty_level (the specification's name) holds the engine's phase.
export { interviewPhases as difficultyLevels, type InterviewPhase as DifficultyLevel } from '../../../shared/domain/interview';

export const messageTypes = ['ai_question', 'candidate_response'] as const;
export type MessageType = (typeof messageTypes)[number];

/** Kinds the kiosk reports today; stored as text without a CHECK so a new kind needs no table rebuild. */
export const integrityEventKinds = [
  'focus_lost',
  'focus_returned',
  'window_hidden',
  'window_shown',
  'display_added',
  'display_removed',
  'shortcut_attempted',
  'paste',
  'screen_crashed',
  'screen_unresponsive',
  'prohibited_process',
  'virtual_machine',
  'remote_session',
  'virtual_microphone',
  'microphone_changed',
  'kiosk_restarted',
  'display_policy_broken',
  'display_mirrored',
] as const;
export type IntegrityEventKind = (typeof integrityEventKinds)[number];

// The review screens and the database share these lists (one list, one CHECK).
export { assessmentStatuses, decisionKinds, type AssessmentStatus, type DecisionKind } from '../../../shared/domain/assessment';

export const jobStatuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof jobStatuses)[number];

export const outboxOperations = ['upsert', 'delete'] as const;
export type OutboxOperation = (typeof outboxOperations)[number];

export { sittingEndReasons, sittingStatuses, type SittingEndReason, type SittingStatus } from '../../../shared/domain/proctoring';
