import { z } from 'zod';

/** The roles a candidate can be interviewed for (the specification's role_type). */
export const roleTypes = ['react', 'python', 'javascript', 'fullstack'] as const;
export type RoleType = (typeof roleTypes)[number];

export const interviewPhases = ['warmup', 'standard', 'advanced'] as const;
export type InterviewPhase = (typeof interviewPhases)[number];

export const interviewStatuses = ['scheduled', 'in_progress', 'completed', 'abandoned'] as const;
export type InterviewStatus = (typeof interviewStatuses)[number];

/** The specification's numbers. */
export const MIN_QUESTIONS = 12;
export const MAX_QUESTIONS = 20;
export const ABANDON_AFTER_MINUTES = 30;

/**
 * Signals the kiosk records for later integrity scoring. The page reports
 * focus, visibility and pastes; main reports blocked shortcuts and a screen
 * that crashed or stopped responding (and was reloaded).
 */
export const integrityEventKinds = [
  'focus_lost',
  'focus_returned',
  'window_hidden',
  'window_shown',
  'paste',
  'display_added',
  'shortcut_attempted',
  'screen_crashed',
  'screen_unresponsive',
] as const;
export type IntegrityEventKind = (typeof integrityEventKinds)[number];

export const questionViewSchema = z.object({
  messageId: z.string(),
  sequenceNumber: z.number().int(),
  /** 1-based count of questions asked so far, this one included. */
  number: z.number().int(),
  text: z.string(),
  phase: z.enum(interviewPhases),
  skillArea: z.string(),
});
export type QuestionView = z.infer<typeof questionViewSchema>;

export const interviewViewSchema = z.object({
  id: z.string(),
  roleType: z.enum(roleTypes),
  status: z.enum(interviewStatuses),
  phase: z.enum(interviewPhases),
  questionsAsked: z.number().int(),
  answersGiven: z.number().int(),
  minQuestions: z.number().int(),
  maxQuestions: z.number().int(),
  /** The question awaiting an answer; null when the engine has finished and the interview can be submitted. */
  currentQuestion: questionViewSchema.nullable(),
  /** True once the engine has stopped asking (boundaries mapped or a limit reached). */
  readyToSubmit: z.boolean(),
  startedAt: z.string().nullable(),
  /** Device setting: silence after speech that ends the answer. */
  endOfTurnSilenceMs: z.number().int(),
});
export type InterviewView = z.infer<typeof interviewViewSchema>;
