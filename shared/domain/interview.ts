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
 * The persisted job that transcribes (and then judges) an answer recorded
 * while the AI service could not be reached; payload { interviewId, messageId }.
 * Staff status counts the interviews still waiting on one.
 */
export const TRANSCRIBE_ANSWER_JOB_KIND = 'transcribe_answer';
/**
 * The persisted job that judges an answer the AI service could not judge
 * while the interview ran (or one transcribed later); payload
 * { interviewId, messageId } with the question's message id. Scoring waits
 * for both kinds.
 */
export const JUDGE_ANSWER_JOB_KIND = 'judge_answer';

/*
 * What one candidate's window may make main store or hold (issue 14). Each
 * number is a few times what a real kiosk sends, so only a page that has
 * been tampered with, or a stuck loop, ever meets it.
 */

/**
 * Integrity events a minute, per interview. The page sends one event per
 * blur, focus, hide, show and paste: leaving and coming back is about four
 * events, so 60 a minute is fifteen trips away a minute, more than anyone
 * makes by hand.
 */
export const INTEGRITY_EVENTS_PER_MINUTE = 60;
/**
 * Integrity events per interview, in all: the longest interview a device
 * allows is 4 hours (settings interview.maxDurationMinutes), and a recruiter
 * reads one line per question however many there are; 2,000 rows (about
 * 200 KB, synced) is more than eight an interview-minute at the default hour.
 */
export const INTEGRITY_EVENTS_PER_INTERVIEW = 2_000;

/** The answer audio main accepts: what the renderer records (src-renderer/src/voice/wav.ts). */
export const ANSWER_SAMPLE_RATE_HZ = 16_000;
const ANSWER_BYTES_PER_SECOND = ANSWER_SAMPLE_RATE_HZ * 2; // 16-bit mono
/** The renderer cuts one stretch of speech into segments of at most a minute (MAX_SEGMENT_MS in interview-session.ts). */
export const MAX_SEGMENT_MS = 60_000;
/** A minute of 16 kHz 16-bit mono, plus room for a WAV header with a few extra chunks: 1,921,024 bytes. */
export const MAX_SEGMENT_BYTES = (MAX_SEGMENT_MS / 1000) * ANSWER_BYTES_PER_SECOND + 1024;
/**
 * The longest spoken answer kept: 5 minutes, 9.6 MB of 16 kHz 16-bit mono,
 * held in memory until the answer ends. A question is answered in one to
 * three minutes; five is room for a slow, thorough answer.
 */
export const MAX_ANSWER_AUDIO_MS = 5 * 60_000;
export const MAX_ANSWER_AUDIO_BYTES = (MAX_ANSWER_AUDIO_MS / 1000) * ANSWER_BYTES_PER_SECOND;
/**
 * Segments per answer. The voice detector closes a segment at each pause of
 * more than 0.2 s (so the last one is transcribed while the short end-of-turn
 * silence runs): a phrase, typically 1-5 s. Five minutes at one pause every
 * 1.5 s is 200 segments; the audio limit above bounds the memory either way.
 */
export const MAX_SEGMENTS_PER_ANSWER = 200;

/** Equipment checks (text-to-speech, paid per character) per candidate: a few tries at the volume, not a loop. */
export const SPEAKER_TEST_LIMIT = { count: 10, windowMs: 10 * 60_000 } as const;
/** The practice question (an accommodation): asked and answered at most this often per candidate; each is paid speech. */
export const PRACTICE_LIMIT = { count: 6, windowMs: 10 * 60_000 } as const;
/** A practice answer is one short recording: this long at most. */
export const PRACTICE_ANSWER_MAX_MS = 60_000;

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
  // Issue 17, point 3: what the kiosk's own watch sees (main) and the microphone in use (the page).
  'prohibited_process',
  'virtual_machine',
  'remote_session',
  'virtual_microphone',
  'microphone_changed',
  // Issue 17, point 9: the kiosk came back with the sitting open (a crash, a kill, a power cut); details hold the gap.
  'kiosk_restarted',
  // Issue 17: the displays broke IT's display policy during a sitting (a built-in display closed, say); details hold the counts.
  'display_policy_broken',
  // A monitor mirroring the kiosk's screen: more monitors driven than displays shown (src-main/kiosk-watch/display-watch.ts).
  'display_mirrored',
] as const;
export type IntegrityEventKind = (typeof integrityEventKinds)[number];

/** The kinds the page itself reports through interview.recordIntegrityEvent; the rest are main's own. */
export const pageIntegrityEventKinds = [
  'focus_lost',
  'focus_returned',
  'window_hidden',
  'window_shown',
  'paste',
  // The microphone is the page's own: main never sees the device.
  'virtual_microphone',
  'microphone_changed',
] as const satisfies readonly IntegrityEventKind[];

/** The part of an answer main already holds: after a restart or a reload the renderer carries the answer on from it. */
export const answerSoFarSchema = z.object({
  /** Segments held, numbered from 0 without a gap: the next one sent is numbered this. */
  segments: z.number().int().min(1),
  /** When the last of them ended, in ms after the question: where the answer's timeline carries on. */
  endedAfterQuestionMs: z.number().int().min(0),
});
export type AnswerSoFar = z.infer<typeof answerSoFarSchema>;

export const questionViewSchema = z.object({
  messageId: z.string(),
  sequenceNumber: z.number().int(),
  /** 1-based count of questions asked so far, this one included. */
  number: z.number().int(),
  text: z.string(),
  phase: z.enum(interviewPhases),
  skillArea: z.string(),
  /** Absent until the candidate has said something to this question (and main has it). */
  answerSoFar: answerSoFarSchema.optional(),
});
export type QuestionView = z.infer<typeof questionViewSchema>;

/** Spoken answers are the rule; typed ones are an accommodation a proctor grants (shared/domain/proctoring.ts). */
export const answerModes = ['spoken', 'typed'] as const;
export type AnswerMode = (typeof answerModes)[number];
/** A typed answer's longest: about twenty minutes of speech, far beyond any spoken answer's words. */
export const TYPED_ANSWER_MAX_CHARS = 12_000;

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
  /** How the candidate answers: out loud, or typed (the proctor granted `typed_answers`). */
  answerMode: z.enum(answerModes),
  /** The candidate may have the question on screen asked again in other words (granted `reask`, not used up). */
  canReask: z.boolean(),
});
export type InterviewView = z.infer<typeof interviewViewSchema>;

/**
 * How the end of an answer was decided, stored with its recording so staff
 * can see why the interviewer spoke when it did. The renderer says what it
 * heard (the silence, the rule that judged the words); main counts what it
 * did (questions written ahead and dropped, times the candidate carried on
 * after the interviewer had begun).
 */
export const answerEndDecidedBy = ['words', 'silence', 'button'] as const;
export type AnswerEndDecidedBy = (typeof answerEndDecidedBy)[number];
export const answerEndDecisionSchema = z.strictObject({
  /** words: the answer sounded finished and a short silence followed; silence: the longest silence IT allows; button: “I’m finished”. */
  decidedBy: z.enum(answerEndDecidedBy),
  /** The silence after the last speech when the answer was ended. */
  silenceMs: z.number().int().min(0).max(600_000),
  /** The end-of-turn rule that judged the last words (src-renderer/src/voice/end-of-turn-rules.ts), if any. */
  rule: z.string().min(1).max(64).nullable(),
});
export type AnswerEndDecision = z.infer<typeof answerEndDecisionSchema>;

/** How long after a question has begun to play the candidate can still carry on with the answer before it. */
export const CONTINUE_WINDOW_MS = 4000;
