import { ANSWER_NOT_HEARD } from '../../shared/copy/interview-messages';
import { AppFailure } from '../common/app-failure';
import type { Clock } from '../common/clock';
import { nowIso } from '../db/ids';
import type { ContentStore } from '../files/content-store';
import type { Logger } from '../logging/logger-types';
import type { AnswerEndDecision } from '../../shared/domain/interview';
import type { Transcription } from '../providers/ai/types';
import type { InterviewRepository, MessageRecord } from '../repositories/interview-repository';
import { joinAnswerWords, type AnswerSegment, type AnswerSegments } from './answer-segments';
import { addAnswer, addQuestion, type ConversationMemory } from './engine/index';
import type { InterviewRuntime } from './interview-runtime';
import { meansServiceUnavailable } from '../providers/ai/errors';
import type { AppTransaction } from '../db/open-database';
import type { Transact } from './integrity-recorder';
import { buildPausePreservingWav } from './pause-preserving-wav';
import { PCM_CODEC } from './wav-audio';

export interface AnswerSaverDeps {
  repository: Pick<InterviewRepository, 'appendMessage'>;
  store: ContentStore;
  segments: AnswerSegments;
  clock: Clock;
  logger: Logger;
  signal: AbortSignal;
  /** Queues the transcription of an answer saved without its words, inside the transaction that saves it (issue 19). */
  queueTranscription: (interviewId: string, messageId: string, tx: AppTransaction) => void;
  transact: Transact;
}

/** What the conversation memory holds for an answer whose words are not transcribed yet: the next AI-written question knows there was one. */
const WORDS_NOT_YET_TRANSCRIBED = '(The candidate answered aloud; the words are not transcribed yet.)';

export interface AnswerEnd {
  segmentCount: number;
  reason: 'silence' | 'button';
  /** How the renderer decided the answer was over; absent from older renderers and from tests that only end answers. */
  decision?: AnswerEndDecision;
}

/** A typed answer: its text, and when typing began (null: pasted or not measured) and when it was sent, after the question. */
export interface TypedAnswer {
  text: string;
  startedAfterQuestionMs: number | null;
  sentAfterQuestionMs: number;
}

/** What main itself knows about how an answer came to end, stored beside the renderer's decision. */
export interface TurnHistory {
  /** Next questions written ahead while the candidate was quiet, then dropped because they spoke again. */
  questionsDropped: number;
  /** Times the candidate carried on after the next question had begun (or was about to). */
  continued: number;
  /** The next question was written ahead and used. */
  writtenAhead: boolean;
}

type AppendInput = Parameters<InterviewRepository['appendMessage']>[0];
type NewMessage = AppendInput['message'];

/** An answer ready to be written: what `prepare` gathered, for `commit`. */
export interface PreparedAnswer {
  question: MessageRecord;
  text: string;
  message: NewMessage;
  file: NonNullable<AppendInput['file']>;
}

interface HeardAnswer {
  segments: AnswerSegment[];
  recording: ReturnType<typeof buildPausePreservingWav>;
  storing: ReturnType<ContentStore['put']>;
  /** Null when speech-to-text could not be reached: the answer is saved with its words to come (issue 19). */
  transcripts: Transcription[] | null;
  text: string;
}

/** How long ending an answer waits for segments the renderer sent just before (another call may still be storing them). */
const SEGMENT_GRACE_MS = 3000;
const NO_SEGMENT_GRACE_MS = 500;
const SEGMENT_POLL_MS = 25;


/**
 * Saving an answer: its segments gathered, their transcripts joined, the
 * recording on disk, then the message and the session in one write. What
 * goes wrong before that write leaves nothing saved, and says whether the
 * candidate should try again, answer again or ask staff.
 */
export class AnswerSaver {
  constructor(private readonly deps: AnswerSaverDeps) {}

  async save(runtime: InterviewRuntime, question: MessageRecord, end: AnswerEnd, windowId: string): Promise<MessageRecord> {
    return this.commit(runtime, await this.prepare(runtime, question, end.segmentCount, windowId), end);
  }

  /**
   * Everything up to the write: the segments gathered, the transcripts
   * joined, the recording on disk. Nothing is saved yet and the segments
   * stay where they are, so the candidate can still carry on with this
   * answer (see PendingTurns).
   */
  async prepare(runtime: InterviewRuntime, question: MessageRecord, segmentCount: number, windowId: string): Promise<PreparedAnswer> {
    return this.prepareInStages(runtime, question, segmentCount, windowId).answer;
  }

  /**
   * `prepare` in two steps: `words` as soon as every transcript is in (what
   * writing the next question needs), `answer` once the recording is on
   * disk too. Writing a long answer's recording takes a while, and the
   * candidate should not wait for it to hear the next question.
   * `wordsAhead`, when the last segment is still being spoken: its words up
   * to the pause the candidate is in (AnswerSegments.wordsAhead), sooner
   * than `words` and to be checked against them.
   */
  prepareInStages(
    runtime: InterviewRuntime,
    question: MessageRecord,
    segmentCount: number,
    windowId: string,
  ): { words: Promise<string>; wordsAhead: Promise<string> | null; answer: Promise<PreparedAnswer> } {
    const wordsAhead = this.deps.segments.wordsAhead(runtime.interviewId, question.id, segmentCount);
    const heard = this.hear(runtime, question, segmentCount, windowId, wordsAhead !== null);
    const answer = heard.then((gathered) => this.describe(question, gathered));
    const words = heard.then((gathered) => gathered.text);
    // Any may have nobody waiting (a turn dropped while it was prepared); `answer` reports the failure.
    words.catch(() => {});
    wordsAhead?.catch(() => {});
    return { words, wordsAhead, answer };
  }

  /** The segments, their joined words, and the recording as it is being written. */
  private async hear(runtime: InterviewRuntime, question: MessageRecord, segmentCount: number, windowId: string, stillSpoken = false): Promise<HeardAnswer> {
    const segments = await this.collect(runtime.interviewId, question.id, segmentCount, stillSpoken);
    // The recording is the answer as spoken: the pauses between segments are put back, so staff hear how long the candidate thought.
    const recording = buildPausePreservingWav(segments);
    // Written while the last segment is still being transcribed: off the candidate's wait.
    const storing = this.deps.store.put(recording.wav);
    storing.catch(() => {});

    const transcripts = await this.transcribeAll(runtime, question.id, segments);
    if (transcripts === null) return { segments, recording, storing, transcripts, text: '' };
    const text = joinAnswerWords(transcripts.map((transcript) => transcript.text));
    if (text.length === 0) {
      this.deps.segments.discard(runtime.interviewId, question.id);
      throw new AppFailure('answer_not_heard', ANSWER_NOT_HEARD);
    }
    return { segments, recording, storing, transcripts, text };
  }

  private async describe(question: MessageRecord, { segments, recording, storing, transcripts, text }: HeardAnswer): Promise<PreparedAnswer> {
    const file = await storing;
    const format = segments[0]!.format;

    const first = segments[0]!;
    const last = segments.at(-1)!;
    const speechMs = segments.reduce((sum, segment) => sum + Math.max(0, segment.endedAfterQuestionMs - segment.startedAfterQuestionMs), 0);
    const pauseMs = Math.max(0, last.endedAfterQuestionMs - first.startedAfterQuestionMs - speechMs);
    const durationSeconds = recording.seconds;
    const message: NewMessage = {
      messageType: 'candidate_response',
      contentText: text,
      contentAudioUrl: file.relativePath,
      audioDurationSeconds: Math.round(durationSeconds),
      audioMetadata: {
        sampleRate: format.sampleRate,
        codec: PCM_CODEC,
        sizeBytes: file.size,
        durationSeconds,
        sttProcessingMs: (transcripts ?? []).reduce((sum, transcript) => sum + transcript.processingMs, 0),
        confidence: transcripts ? confidenceOf(transcripts, segments) : null,
        segments: segments.map((segment) => ({ startMs: segment.startedAfterQuestionMs, endMs: segment.endedAfterQuestionMs })),
        pausesMs: recording.insertedPausesMs,
      },
      responseTimeSeconds: Math.round(first.startedAfterQuestionMs / 1000),
      metadata: {
        questionMessageId: question.id,
        speechMs,
        pauseMs,
        responseTimeMs: first.startedAfterQuestionMs,
        segmentCount: segments.length,
        sttModel: transcripts?.[0]?.model ?? null,
        // The words come later, from this recording (later-transcriptions.ts); recruiters are told which answers were.
        ...(transcripts === null ? { transcription: 'pending' } : {}),
      },
    };
    return { question, text, message, file: { contentHash: file.hash, relativePath: file.relativePath, sizeBytes: file.size, mediaType: 'audio/wav' } };
  }

  /**
   * The answer and its memory written in one step; the segments it was made
   * of are let go. An answer whose words are still to come is queued for
   * transcription in the same transaction, so it can never be saved and
   * forgotten.
   */
  commit(runtime: InterviewRuntime, prepared: PreparedAnswer, end: AnswerEnd, history?: TurnHistory): MessageRecord {
    const { question } = prepared;
    const pending = prepared.message.metadata?.transcription === 'pending';
    const memory = withAnswer(runtime.memory, question, pending ? WORDS_NOT_YET_TRANSCRIBED : prepared.text);
    const endOfTurn = { ...(end.decision ?? { decidedBy: end.reason === 'button' ? 'button' : 'silence', silenceMs: null, rule: null }), ...(history ?? {}) };
    const { message, session } = this.deps.transact((tx) => {
      const saved = this.deps.repository.appendMessage({
        interviewId: runtime.interviewId,
        sessionId: runtime.sessionId,
        message: {
          ...prepared.message,
          audioMetadata: { ...prepared.message.audioMetadata, endOfTurn },
          metadata: { ...prepared.message.metadata, reason: end.reason, continued: history?.continued ?? 0 },
        },
        session: { ...runtime.sessionColumns(runtime.state, memory), lastActivityAt: nowIso(this.deps.clock) },
        file: prepared.file,
      });
      if (pending) this.deps.queueTranscription(runtime.interviewId, saved.message.id, tx);
      return saved;
    });
    runtime.messages.push(message);
    runtime.memory = memory;
    runtime.lastActivityAt = session.lastActivityAt;
    // Nothing to judge until the words arrive: the engine plans on without waiting for judgements.
    if (pending) runtime.judgementsDelayed = true;
    this.deps.segments.discard(runtime.interviewId, question.id);
    return message;
  }

  /**
   * A typed answer (an accommodation) and its memory in one write, as
   * `commit` writes a spoken one: no recording, no speech timings (the
   * integrity rules about speaking pace then leave it alone), the time to
   * the first key and to sending kept for the recruiter. Segments spoken
   * to this question before (none, normally) are let go.
   */
  commitTyped(runtime: InterviewRuntime, question: MessageRecord, input: TypedAnswer): MessageRecord {
    const text = input.text.trim();
    const memory = withAnswer(runtime.memory, question, text);
    const { message, session } = this.deps.repository.appendMessage({
      interviewId: runtime.interviewId,
      sessionId: runtime.sessionId,
      message: {
        messageType: 'candidate_response',
        contentText: text,
        responseTimeSeconds: input.startedAfterQuestionMs === null ? null : Math.round(input.startedAfterQuestionMs / 1000),
        metadata: {
          questionMessageId: question.id,
          answerMode: 'typed',
          typingStartedAfterMs: input.startedAfterQuestionMs,
          sentAfterMs: input.sentAfterQuestionMs,
          characters: text.length,
          segmentCount: 0,
          reason: 'typed',
          continued: 0,
        },
      },
      session: { ...runtime.sessionColumns(runtime.state, memory), lastActivityAt: nowIso(this.deps.clock) },
    });
    runtime.messages.push(message);
    runtime.memory = memory;
    runtime.lastActivityAt = session.lastActivityAt;
    this.deps.segments.discard(runtime.interviewId, question.id);
    return message;
  }

  /** `stillSpoken`: the last segment is known to the live stream but not sent yet (its words were taken at a pause in it). */
  private async collect(interviewId: string, questionMessageId: string, count: number, stillSpoken: boolean): Promise<AnswerSegment[]> {
    // Segments sent before a restart are read back first (AnswerSegments.restore).
    await this.deps.segments.restored(interviewId);
    let segments = this.deps.segments.list(interviewId, questionMessageId).filter((segment) => segment.index < count);
    // None known at all almost always means they are lost (sent before a restart that could not read them back); a short wait covers one still being stored.
    const until = Date.now() + (segments.length === 0 && !stillSpoken ? NO_SEGMENT_GRACE_MS : SEGMENT_GRACE_MS);
    while (segments.length < count && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, SEGMENT_POLL_MS));
      segments = this.deps.segments.list(interviewId, questionMessageId).filter((segment) => segment.index < count);
    }
    if (segments.length === count) return segments;
    // None at all: they were lost (see above), so only answering again can bring them back.
    if (segments.length === 0) throw new AppFailure('answer_not_heard', ANSWER_NOT_HEARD);
    throw new AppFailure(
      'invalid_input',
      `Only ${segments.length} of the ${count} parts of your answer reached the app. Select “Try again”; if this keeps happening, answer the question again.`,
    );
  }

  /**
   * Every segment's transcript, most of them finished long ago; null when
   * speech-to-text could not be reached (after the specification's retries,
   * or with no network, no credit or no key): the recording is safe on disk
   * and the words are made later, so the candidate never waits for the
   * service (issue 19). A segment the service could not make sense of means
   * answering again.
   */
  private async transcribeAll(runtime: InterviewRuntime, questionMessageId: string, segments: AnswerSegment[]): Promise<Transcription[] | null> {
    const outcomes = await Promise.all(segments.map((segment) => segment.transcript));
    const results: Transcription[] = [];
    for (const outcome of outcomes) {
      if (!outcome.ok) {
        if (this.deps.signal.aborted) throw outcome.error;
        if (meansServiceUnavailable(outcome.error)) {
          this.deps.logger.warn('speech-to-text unavailable; the answer is kept for transcription later', {
            interviewId: runtime.interviewId,
            questionMessageId,
            kind: outcome.error.kind,
          });
          return null;
        }
        this.deps.segments.discard(runtime.interviewId, questionMessageId);
        throw new AppFailure('answer_not_heard', ANSWER_NOT_HEARD);
      }
      results.push(outcome.transcription);
    }
    return results;
  }
}

/** The answer in the conversation memory; a memory that lacks its question (older data) gets it first. */
export function withAnswer(memory: ConversationMemory, question: MessageRecord, text: string): ConversationMemory {
  const known = memory.turns.some((turn) => turn.questionMessageId === question.id) ? memory : addQuestion(memory, question.id, question.contentText);
  return addAnswer(known, question.id, text);
}

/** The segments' confidences weighted by their length, to four places; null when the model gave none. */
function confidenceOf(transcripts: Transcription[], segments: AnswerSegment[]): number | null {
  let weight = 0;
  let sum = 0;
  transcripts.forEach((transcript, index) => {
    if (transcript.confidence === null) return;
    const length = Math.max(1, segments[index]?.pcm.length ?? 1);
    weight += length;
    sum += transcript.confidence * length;
  });
  return weight > 0 ? Math.round((sum / weight) * 10_000) / 10_000 : null;
}
