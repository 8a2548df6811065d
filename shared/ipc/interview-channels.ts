import { z } from 'zod';
import {
  answerEndDecisionSchema,
  CONTINUE_WINDOW_MS,
  INTEGRITY_EVENTS_PER_INTERVIEW,
  INTEGRITY_EVENTS_PER_MINUTE,
  integrityEventKinds,
  interviewViewSchema,
  MAX_ANSWER_AUDIO_MS,
  MAX_SEGMENT_BYTES,
  MAX_SEGMENT_MS,
  MAX_SEGMENTS_PER_ANSWER,
  pageIntegrityEventKinds,
  roleTypes,
  SPEAKER_TEST_LIMIT,
  PRACTICE_ANSWER_MAX_MS,
  PRACTICE_LIMIT,
  TYPED_ANSWER_MAX_CHARS,
  type IntegrityEventKind,
} from '../domain/interview';
import { REASKS_PER_INTERVIEW } from '../domain/proctoring';
import { channel, event } from './channel';

/**
 * The spoken interview, renderer ↔ main. Audio travels as base64 so the same
 * contract works over Electron IPC and the browser host's WebSocket.
 *
 * A turn: main asks a question (its text arrives in `interview.questionText`
 * events and its audio in `interview.audio` events as it is synthesised); the
 * renderer listens, sending each speech segment the voice detector closes as
 * `interview.answerSegment` (main transcribes it at once, in the background);
 * after the end-of-turn silence or "I'm finished" the renderer calls
 * `interview.endAnswer`, which resolves with the next question once its text
 * is complete; its audio has usually started playing before then.
 */

const id = z.string().uuid();
/** 16 kHz mono 16-bit WAV, base64; the renderer cuts speech into segments of at most a minute (MAX_SEGMENT_MS). */
const WAV_BASE64_MAX = Math.ceil(MAX_SEGMENT_BYTES / 3) * 4;
const wavBase64 = z
  .string()
  .min(1)
  .max(WAV_BASE64_MAX, `A recording segment can be at most ${MAX_SEGMENT_MS / 1000} seconds of 16 kHz mono audio; the kiosk splits longer speech.`);

/**
 * What the product reads from an integrity event's details, per kind
 * (src-main/assessment/integrity-signals.ts): a paste's length in
 * characters, and whether it landed in a text field (sent by
 * useIntegritySignals, kept for the recruiter); a virtual microphone's
 * label, a changed microphone's old and new labels (useMicrophoneSignals).
 * Focus and visibility events carry nothing; the other kinds are recorded
 * by main itself, never the page.
 */
const deviceLabel = z.string().max(200, 'A device label can be at most 200 characters.');
const integrityDetails = z.strictObject({
  inTextField: z.boolean().optional(),
  characters: z.number().int().min(0).max(1_000_000_000).optional(),
  label: deviceLabel.optional(),
  matched: z.string().max(40).optional(),
  from: deviceLabel.optional(),
  to: deviceLabel.optional(),
});
const detailsByKind: Partial<Record<IntegrityEventKind, readonly (keyof z.infer<typeof integrityDetails>)[]>> = {
  paste: ['inTextField', 'characters'],
  // The device's label and the name fragment that marked it virtual (microphone-watch.ts).
  virtual_microphone: ['label', 'matched'],
  microphone_changed: ['from', 'to'],
};
const candidate = ['candidate'] as const;
/** interview.liveAudio: at most a second of 16 kHz 16-bit mono a message. */
const LIVE_AUDIO_MAX_MS = 1000;
const LIVE_AUDIO_BASE64_MAX = Math.ceil(((LIVE_AUDIO_MAX_MS / 1000) * 16_000 * 2) / 3) * 4;

export const interviewChannels = {
  'interview.getCurrent': channel({
    summary: 'The signed-in candidate’s unfinished interview, if any (one idle for 30 minutes is marked abandoned first).',
    access: candidate,
    input: z.strictObject({}),
    output: z.object({ interview: interviewViewSchema.nullable() }),
  }),
  'interview.start': channel({
    summary: 'Start an interview for a role (optionally customised by a parsed resume); asks the first question.',
    access: candidate,
    input: z.strictObject({ roleType: z.enum(roleTypes), resumeId: id.optional() }),
    output: interviewViewSchema,
  }),
  'interview.speakQuestion': channel({
    summary: 'Speak the current question again (after a resume or a replay request); audio arrives as interview.audio events.',
    access: candidate,
    input: z.strictObject({ interviewId: id, messageId: id }),
    output: z.object({ streamId: z.string() }),
  }),
  'interview.answerSegment': channel({
    summary: `One speech segment of the current answer, as the voice detector closed it; stored (fsynced) and transcribed in the background. At most ${MAX_SEGMENT_MS / 1000} s a segment, ${MAX_SEGMENTS_PER_ANSWER} segments and ${MAX_ANSWER_AUDIO_MS / 60_000} minutes an answer.`,
    access: candidate,
    /** The audio's largest base64 plus room for the other fields. */
    maxInputBytes: WAV_BASE64_MAX + 64 * 1024,
    input: z.strictObject({
      interviewId: id,
      questionMessageId: id,
      segmentIndex: z
        .number()
        .int()
        .min(0)
        .max(MAX_SEGMENTS_PER_ANSWER - 1, `An answer can have at most ${MAX_SEGMENTS_PER_ANSWER} segments; the ones already received are kept. End the answer to carry on.`),
      audioWavBase64: wavBase64,
      /** Milliseconds from the end of the question's audio to this segment's first and last speech. */
      startedAfterQuestionMs: z.number().int().min(0).max(24 * 3600_000),
      endedAfterQuestionMs: z.number().int().min(0).max(24 * 3600_000),
    }),
    output: z.object({ accepted: z.literal(true) }),
  }),
  'interview.liveAudio': channel({
    summary: `The speech segment in progress, as it is captured (16-bit mono 16 kHz PCM, base64, at most ${LIVE_AUDIO_MAX_MS / 1000} s a message, numbered from 0 per segment; 0 again restarts it, after a misfire), for live transcription; \`pause\` has what came so far transcribed at once (the segment goes on), \`final\` ends the segment. Best effort: the segment's interview.answerSegment upload stays the record.`,
    access: candidate,
    maxInputBytes: LIVE_AUDIO_BASE64_MAX + 4 * 1024,
    input: z.strictObject({
      interviewId: id,
      questionMessageId: id,
      segmentIndex: z.number().int().min(0).max(MAX_SEGMENTS_PER_ANSWER - 1),
      seq: z.number().int().min(0).max(1_000_000),
      pcmBase64: z
        .string()
        .max(LIVE_AUDIO_BASE64_MAX, `A live audio message can be at most ${LIVE_AUDIO_MAX_MS / 1000} s of 16 kHz mono audio; send smaller pieces.`)
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'The live audio must be base64.'),
      final: z.boolean(),
      /** A pause inside the segment: what came so far is transcribed now, and the segment goes on. */
      pause: z.literal(true).optional(),
    }),
    output: z.object({ accepted: z.literal(true) }),
  }),
  'interview.endAnswer': channel({
    summary:
      'The answer is over (silence or “I’m finished”): save it, judge it, and ask the next question. With `continuable`, the next question is shown and spoken but the turn is saved only by interview.commitAnswer (or after a backstop), so interview.continueAnswer can still take it back.',
    access: candidate,
    input: z.strictObject({
      interviewId: id,
      questionMessageId: id,
      segmentCount: z.number().int().min(1).max(MAX_SEGMENTS_PER_ANSWER),
      reason: z.enum(['silence', 'button']),
      continuable: z.boolean().optional(),
      decision: answerEndDecisionSchema.optional(),
    }),
    output: z.object({ transcript: z.string(), interview: interviewViewSchema }),
  }),
  'interview.typedAnswer': channel({
    summary: `A typed answer to the question on screen, for a candidate whose proctor granted typed answers (at most ${TYPED_ANSWER_MAX_CHARS.toLocaleString('en')} characters): saved, judged and scored like a spoken one; resolves with the next question once its text is complete.`,
    access: candidate,
    input: z.strictObject({
      interviewId: id,
      questionMessageId: id,
      text: z
        .string({ error: 'Type your answer first.' })
        .max(TYPED_ANSWER_MAX_CHARS, `An answer can be at most ${TYPED_ANSWER_MAX_CHARS.toLocaleString('en')} characters; shorten it, or carry on in the next question.`)
        .refine((text) => text.trim().length > 0, 'Type your answer first.'),
      /** Milliseconds from the end of the question's audio to the first key pressed, and to sending. */
      startedAfterQuestionMs: z.number().int().min(0).max(24 * 3600_000).nullable(),
      sentAfterQuestionMs: z.number().int().min(0).max(24 * 3600_000),
    }),
    output: z.object({ transcript: z.string(), interview: interviewViewSchema }),
  }),
  'interview.reaskQuestion': channel({
    summary: `Ask the question on screen again in other words, for a candidate whose proctor granted a re-ask (${REASKS_PER_INTERVIEW} per interview). What was said to it so far is dropped; the new wording arrives as interview.questionText and interview.audio events, and this resolves with the interview once its text is complete.`,
    access: candidate,
    input: z.strictObject({ interviewId: id, questionMessageId: id }),
    output: z.object({ interview: interviewViewSchema }),
  }),
  'interview.speculate': channel({
    summary:
      'The candidate has gone quiet and their words sound finished: start writing and speaking the next question ahead, showing and saving nothing. Dropped by interview.continueAnswer or by an answer with more segments; used by the matching interview.endAnswer.',
    access: candidate,
    input: z.strictObject({ interviewId: id, questionMessageId: id, segmentCount: z.number().int().min(1).max(MAX_SEGMENTS_PER_ANSWER) }),
    output: z.object({ started: z.boolean() }),
  }),
  'interview.continueAnswer': channel({
    summary:
      'The candidate is still answering this question (they spoke again, or pressed “I wasn’t finished”): drop the question written ahead or being shown, and keep the answer open. Refused once the turn was saved.',
    access: candidate,
    input: z.strictObject({ interviewId: id, questionMessageId: id }),
    output: z.object({ interview: interviewViewSchema }),
  }),
  'interview.commitAnswer': channel({
    summary: `The continue window (${CONTINUE_WINDOW_MS / 1000} s of the next question) has passed: save the answer and the question shown after it.`,
    access: candidate,
    input: z.strictObject({ interviewId: id, questionMessageId: id }),
    output: z.object({ saved: z.boolean() }),
  }),
  'interview.discardAnswer': channel({
    summary: '“Re-record”: forget the segments sent for the current question.',
    access: candidate,
    input: z.strictObject({ interviewId: id, questionMessageId: id }),
    output: z.object({ discarded: z.number().int() }),
  }),
  'interview.recordIntegrityEvent': channel({
    summary: `A signal for integrity scoring: focus lost or back, window hidden or shown, paste (its length only), a virtual or changed microphone (device labels). Only while the interview is in progress; at most ${INTEGRITY_EVENTS_PER_MINUTE} a minute and ${INTEGRITY_EVENTS_PER_INTERVIEW} in all.`,
    access: candidate,
    input: z
      .strictObject({
        interviewId: id,
        kind: z.enum(integrityEventKinds),
        details: integrityDetails.optional(),
      })
      .superRefine((input, context) => {
        if (!(pageIntegrityEventKinds as readonly string[]).includes(input.kind)) {
          context.addIssue({ code: 'custom', path: ['kind'], message: `The app records ${input.kind} itself; the page cannot report it.` });
        }
        const allowed = detailsByKind[input.kind] ?? [];
        const extra = Object.keys(input.details ?? {}).filter((key) => !(allowed as readonly string[]).includes(key));
        if (extra.length > 0) {
          context.addIssue({
            code: 'custom',
            path: ['details'],
            message: allowed.length === 0 ? `A ${input.kind} event carries no details.` : `A ${input.kind} event's details are ${allowed.join(' and ')} only.`,
          });
        }
      }),
    output: z.object({ recorded: z.literal(true) }),
  }),
  'interview.submit': channel({
    summary: 'Finish the interview and queue its scoring.',
    access: candidate,
    input: z.strictObject({ interviewId: id }),
    output: z.object({ interview: interviewViewSchema, scoringJobId: z.string() }),
  }),
  'equipment.practiceQuestion': channel({
    summary: `The practice question (an accommodation the proctor grants): spoken like an interview question; audio arrives as interview.audio events. Nothing is stored. At most ${PRACTICE_LIMIT.count} practice calls in ${PRACTICE_LIMIT.windowMs / 60_000} minutes per candidate.`,
    access: candidate,
    input: z.strictObject({}),
    output: z.object({ streamId: z.string(), text: z.string() }),
  }),
  'equipment.practiceAnswer': channel({
    summary: `A spoken answer to the practice question (16 kHz mono 16-bit WAV, base64, at most ${PRACTICE_ANSWER_MAX_MS / 1000} s), transcribed and given back so the candidate sees they are heard. Nothing is stored or scored.`,
    access: candidate,
    maxInputBytes: WAV_BASE64_MAX + 4 * 1024,
    input: z.strictObject({ audioWavBase64: wavBase64 }),
    output: z.object({ text: z.string() }),
  }),
  'equipment.testSpeaker': channel({
    summary: `Equipment check: speak a short sentence through text-to-speech; audio arrives as interview.audio events. At most ${SPEAKER_TEST_LIMIT.count} in ${SPEAKER_TEST_LIMIT.windowMs / 60_000} minutes per candidate.`,
    access: candidate,
    input: z.strictObject({}),
    output: z.object({ streamId: z.string(), text: z.string() }),
  }),
} as const;

export const interviewEvents = {
  'interview.questionText': event({
    summary: 'The next question’s text as the model writes it (whole sentences), then final.',
    payload: z.object({ interviewId: z.string(), messageId: z.string(), text: z.string(), final: z.boolean() }),
  }),
  'interview.audio': event({
    summary: 'Spoken audio as it is synthesised: 16-bit mono PCM chunks in order; `final` ends the stream; `error` means show the text and carry on.',
    payload: z.object({
      streamId: z.string(),
      seq: z.number().int(),
      sampleRate: z.number().int(),
      pcmBase64: z.string(),
      final: z.boolean(),
      error: z.string().optional(),
    }),
  }),
  'interview.segmentTranscript': event({
    summary:
      'A speech segment’s words: live ones while it is spoken (final false), then its finished transcript (final true), from the live stream or its file. ' +
      '`upToPause`: all its words so far, the candidate having paused with nothing said since (the segment is still open).',
    payload: z.object({ interviewId: z.string(), questionMessageId: z.string(), segmentIndex: z.number().int(), text: z.string(), final: z.boolean(), upToPause: z.literal(true).optional() }),
  }),
} as const;
