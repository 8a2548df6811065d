import type { Logger } from '../logging/logger-types';
import type { LiveTranscriber, LiveTranscription, Transcription } from '../providers/ai/types';

/** One speech segment of one answer. */
export interface LiveKey {
  interviewId: string;
  questionMessageId: string;
  segmentIndex: number;
}

export interface LiveTranscriptEvent extends LiveKey {
  /** The words so far of the segment's part being transcribed (a segment committed at a pause has several parts). */
  text: string;
  /** The window whose audio this is. */
  windowId: string;
}

/** A segment whose audio did not all reach the stream (a message lost or out of order) gets no live transcript. */
export class IncompleteStreamError extends Error {
  override readonly name = 'IncompleteStreamError';
}

interface SegmentStream {
  index: number;
  nextSeq: number;
  /** Chunks that came ahead of one still missing, by seq. */
  early: Map<number, Int16Array>;
  complete: boolean;
  finalised: boolean;
  /** 16 kHz samples appended to the stream for this segment. */
  samples: number;
  /** Samples appended since the segment's last commit. */
  uncommitted: number;
  /** The transcript of each commit of this segment: one per pause in it, then its end. */
  parts: Promise<Transcription>[];
  /** Settles with the commit's outcome once the segment's final chunk arrived. */
  result: Promise<Transcription>;
  settle: { resolve(t: Transcription): void; reject(e: unknown): void };
}

interface AnswerStream {
  questionMessageId: string;
  windowId: string;
  live: LiveTranscription;
  segments: Map<number, SegmentStream>;
  open: SegmentStream | null;
  /** Which segment each commit (by order) belongs to. */
  commitOrder: number[];
}

/**
 * The least share of a segment's file the stream must have carried for its
 * words to stand for the segment. The file holds the detector's 500 ms of
 * padding before the speech and the stream only a 300 ms pre-roll, so a
 * whole stream of a short segment is still above 80 % of it.
 */
const MIN_STREAMED_SHARE = 0.6;

/** Chunks held while an earlier one is missing; past this the segment is given up on. */
const MAX_EARLY_CHUNKS = 32;

/**
 * The live transcription of the answer in progress: one Realtime session
 * per interview's answer, one commit per speech segment. Audio arrives as
 * numbered chunks while the candidate speaks; the segment's last chunk
 * (`final`) commits it. Anything that goes wrong only withdraws the live
 * transcript — the segment's file upload is the record and the fallback.
 */
export class LiveTranscripts {
  private readonly answers = new Map<string, AnswerStream>();

  constructor(
    private readonly deps: {
      transcriber: LiveTranscriber;
      /** Read per answer, so turning the setting off applies to the next answer. */
      enabled: () => boolean;
      onDelta?: (event: LiveTranscriptEvent) => void;
      /**
       * A segment still being spoken paused and its words so far are in,
       * with nothing said since: what the window judges the answer by
       * before the detector has closed the segment.
       */
      onPauseWords?: (event: LiveTranscriptEvent) => void;
      logger: Logger;
    },
  ) {}

  /**
   * One chunk of a segment's audio. `pause` (the candidate paused inside
   * the segment) commits what came so far, so its words are transcribed
   * while the detector waits out the rest of its silence; the segment goes
   * on, and its transcript is its commits' words joined.
   */
  push(key: LiveKey, seq: number, pcm: Int16Array, final: boolean, windowId: string, pause = false): void {
    const answer = this.answerFor(key, windowId);
    if (!answer) return;
    const segment = this.segmentFor(answer, key.segmentIndex);
    if (!segment || segment.finalised) return;
    if (seq === 0 && segment.nextSeq > 0) {
      // The renderer starts a segment's numbering again when the speech it was sending turned out to be a misfire.
      answer.live.clear();
      segment.nextSeq = 0;
      segment.samples = 0;
      segment.uncommitted = 0;
      // Words already committed were the misfire's too: they are not this segment's (each part's rejection is already caught).
      segment.parts = [];
      segment.early.clear();
      segment.complete = true;
    }
    if (seq < segment.nextSeq) return; // a resend of a chunk already appended
    if (seq > segment.nextSeq) {
      segment.early.set(seq, pcm);
      if (segment.early.size > MAX_EARLY_CHUNKS) segment.complete = false;
    } else {
      this.append(answer, segment, pcm);
      for (let next = segment.early.get(segment.nextSeq); next; next = segment.early.get(segment.nextSeq)) {
        segment.early.delete(segment.nextSeq);
        this.append(answer, segment, next);
      }
      // A pause is committed only in order: a chunk still missing would leave a hole in the words.
      if (pause && !final && segment.early.size === 0 && segment.uncommitted > 0) this.commitPause(key, answer, segment);
    }
    if (final) this.finalise(answer, segment);
  }

  /**
   * The segment's live transcript (it may still be on its way), or null when
   * the segment was never streamed. With `fileSamples` (the segment file's
   * length at 16 kHz), a stream that carried much less audio than the file
   * holds (frames that never reached it) is refused: its words would be
   * only part of what was said.
   */
  transcriptFor(key: LiveKey, fileSamples?: number): Promise<Transcription> | null {
    const answer = this.answers.get(key.interviewId);
    if (!answer || answer.questionMessageId !== key.questionMessageId) return null;
    const segment = answer.segments.get(key.segmentIndex);
    if (!segment) return null;
    if (fileSamples === undefined) return segment.result;
    return segment.result.then((transcription) => {
      if (segment.samples < fileSamples * MIN_STREAMED_SHARE) {
        throw new IncompleteStreamError(`Segment ${segment.index} streamed ${segment.samples} of its file's ${fileSamples} samples.`);
      }
      return transcription;
    });
  }

  /**
   * The words of a segment whose file has not arrived yet, when all of its
   * audio that reached the stream is committed: what the candidate said
   * before the pause they are in. Null when that is not known (nothing
   * committed, audio since the last commit, a chunk missing). Never the
   * record: the saved answer takes its words from the segment itself.
   */
  wordsSoFar(key: LiveKey): Promise<string> | null {
    const answer = this.answers.get(key.interviewId);
    if (!answer || answer.questionMessageId !== key.questionMessageId || answer.live.closed) return null;
    const segment = answer.segments.get(key.segmentIndex);
    if (!segment || !segment.complete || segment.early.size > 0 || segment.uncommitted > 0 || segment.parts.length === 0) return null;
    return Promise.all(segment.parts).then((parts) => joinTranscriptions(parts).text.trim());
  }

  /** Ends the answer's session (saved, re-recorded or abandoned). */
  discard(interviewId: string, questionMessageId?: string): void {
    const answer = this.answers.get(interviewId);
    if (!answer || (questionMessageId !== undefined && answer.questionMessageId !== questionMessageId)) return;
    this.answers.delete(interviewId);
    answer.live.close();
  }

  clear(): void {
    for (const interviewId of [...this.answers.keys()]) this.discard(interviewId);
  }

  private answerFor(key: LiveKey, windowId: string): AnswerStream | null {
    const current = this.answers.get(key.interviewId);
    if (current && current.questionMessageId === key.questionMessageId) return current.live.closed ? null : current;
    // Audio for a newer question: the older answer is over.
    if (current) this.discard(key.interviewId);
    if (!this.deps.enabled()) return null;
    const answer: AnswerStream = {
      questionMessageId: key.questionMessageId,
      windowId,
      live: this.deps.transcriber.open({ interviewId: key.interviewId, language: 'en' }),
      segments: new Map(),
      open: null,
      commitOrder: [],
    };
    answer.live.onDelta(({ commitIndex, text }) => {
      const segmentIndex = answer.commitOrder[commitIndex] ?? answer.open?.index;
      if (segmentIndex === undefined) return;
      this.deps.onDelta?.({ interviewId: key.interviewId, questionMessageId: key.questionMessageId, segmentIndex, text, windowId: answer.windowId });
    });
    this.answers.set(key.interviewId, answer);
    return answer;
  }

  private segmentFor(answer: AnswerStream, index: number): SegmentStream | null {
    const known = answer.segments.get(index);
    if (known) return known;
    // The stream carries one segment at a time; one left open (its final lost) is closed now so its audio does not run into this one.
    if (answer.open && !answer.open.finalised) {
      answer.open.complete = false;
      this.finalise(answer, answer.open);
    }
    let settle!: SegmentStream['settle'];
    const result = new Promise<Transcription>((resolve, reject) => (settle = { resolve, reject }));
    // Awaited by answer-segments only when the segment's file arrives; until then a rejection must not count as unhandled.
    result.catch(() => undefined);
    const segment: SegmentStream = { index, nextSeq: 0, early: new Map(), complete: true, finalised: false, samples: 0, uncommitted: 0, parts: [], result, settle };
    answer.segments.set(index, segment);
    answer.open = segment;
    return segment;
  }

  private append(answer: AnswerStream, segment: SegmentStream, pcm: Int16Array): void {
    answer.live.append(pcm);
    segment.samples += pcm.length;
    segment.uncommitted += pcm.length;
    segment.nextSeq++;
  }

  private commitPart(answer: AnswerStream, segment: SegmentStream): void {
    answer.commitOrder.push(segment.index);
    const committed = answer.live.commit();
    committed.catch(() => undefined);
    segment.parts.push(committed);
    segment.uncommitted = 0;
  }

  /** A pause's commit; once its words are in, and if nothing was said since, the window hears the segment's words so far. */
  private commitPause(key: LiveKey, answer: AnswerStream, segment: SegmentStream): void {
    this.commitPart(answer, segment);
    const parts = segment.parts.slice();
    Promise.all(parts).then(
      (transcripts) => {
        // Audio since (speech resumed), a later commit or a restarted segment: these are no longer all its words.
        const since = segment.uncommitted > 0 || segment.parts.length !== parts.length || segment.parts[0] !== parts[0];
        if (since || !segment.complete || answer.live.closed) return;
        this.deps.onPauseWords?.({ ...key, text: joinTranscriptions(transcripts).text.trim(), windowId: answer.windowId });
      },
      () => undefined,
    );
  }

  private finalise(answer: AnswerStream, segment: SegmentStream): void {
    segment.finalised = true;
    if (answer.open === segment) answer.open = null;
    if (segment.early.size > 0) segment.complete = false;
    // Committed even when incomplete: the stream's buffer must be emptied for the next segment. Nothing since a
    // pause's commit means the words are all in already (committing nothing is an error on the real API).
    if (segment.uncommitted > 0 || segment.parts.length === 0) this.commitPart(answer, segment);
    if (!segment.complete) {
      this.deps.logger.warn('live transcript withdrawn: audio chunks missing', { segmentIndex: segment.index });
      return segment.settle.reject(new IncompleteStreamError(`Segment ${segment.index} did not reach the live stream whole.`));
    }
    Promise.all(segment.parts).then((parts) => segment.settle.resolve(joinTranscriptions(parts)), segment.settle.reject);
  }
}

/** A segment committed in parts (at its pauses) is one transcript: the words in order, the calls' times summed. */
export function joinTranscriptions(parts: Transcription[]): Transcription {
  if (parts.length === 1) return parts[0]!;
  const seconds = parts.map((part) => part.durationSeconds);
  const durationSeconds = seconds.every((value) => value !== null) ? seconds.reduce((sum: number, value) => sum + value!, 0) : null;
  return {
    text: parts
      .map((part) => part.text.trim())
      .filter((text) => text.length > 0)
      .join(' '),
    processingMs: parts.reduce((sum, part) => sum + part.processingMs, 0),
    confidence: joinedConfidence(parts, durationSeconds),
    durationSeconds,
    model: parts[0]!.model,
    language: parts.find((part) => part.language !== null)?.language ?? null,
  };
}

/** Weighted by how long each part is when every part says; a part without a confidence leaves the whole without one. */
function joinedConfidence(parts: Transcription[], durationSeconds: number | null): number | null {
  if (parts.some((part) => part.confidence === null)) return null;
  if (!durationSeconds) return parts.reduce((sum, part) => sum + part.confidence!, 0) / parts.length;
  return parts.reduce((sum, part) => sum + part.confidence! * part.durationSeconds!, 0) / durationSeconds;
}
