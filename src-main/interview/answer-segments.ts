import { ContentStore, type StoredContent } from '../files/content-store';
import type { Logger } from '../logging/logger-types';
import type { SpeechToText, Transcription } from '../providers/ai/types';
import type { WavFormat } from '../audio/wav';
import type { AnswerSegmentRepository, KeptSegmentRecord } from '../repositories/answer-segment-repository';
import type { StoredFileRepository } from '../repositories/stored-file-repository';
import { MAX_ANSWER_AUDIO_BYTES, MAX_ANSWER_AUDIO_MS, MAX_SEGMENTS_PER_ANSWER, type AnswerSoFar } from '../../shared/domain/interview';
import { within } from '../../shared/common/within';
import { keptAnswer, unbrokenCount } from './kept-answer';
import type { LiveTranscripts } from './live-transcripts';
import { readPcmWav, sameFormat } from './wav-audio';

export type TranscriptOutcome = { ok: true; transcription: Transcription } | { ok: false; error: unknown };

export interface AnswerSegment {
  index: number;
  format: WavFormat;
  /** The segment's WAV as received (what speech-to-text is sent). */
  wav: Uint8Array;
  pcm: Uint8Array;
  startedAfterQuestionMs: number;
  endedAfterQuestionMs: number;
  /** The segment's own copy in the content store, durable before the segment is accepted. */
  file: StoredContent;
  /** Started the moment the segment arrived; never rejects. */
  transcript: Promise<TranscriptOutcome>;
}

export interface NewSegment {
  interviewId: string;
  questionMessageId: string;
  segmentIndex: number;
  wav: Uint8Array;
  startedAfterQuestionMs: number;
  endedAfterQuestionMs: number;
  /** The window that sent it, which hears about its transcript (interview.segmentTranscript). */
  windowId?: string;
}

/** A segment's words: live deltas (final false) while it is spoken, then its finished transcript (final true) from either path. */
export interface SegmentTranscriptEvent {
  interviewId: string;
  questionMessageId: string;
  segmentIndex: number;
  text: string;
  final: boolean;
  windowId: string | null;
}

/** How long after a segment's file arrives its live transcript may still take before the file is sent instead. */
export const LIVE_TRANSCRIPT_WAIT_MS = 1500;

interface AnswerInProgress {
  questionMessageId: string;
  segments: Map<number, AnswerSegment>;
  /** PCM bytes of segments being stored right now, by index: they count against the limits before they land. */
  arriving: Map<number, number>;
}

export class SegmentFormatError extends Error {
  override readonly name = 'SegmentFormatError';
}

/** The answer would go over one of its limits (MAX_SEGMENTS_PER_ANSWER, MAX_ANSWER_AUDIO_BYTES); what was received is kept. */
export class SegmentLimitError extends Error {
  override readonly name = 'SegmentLimitError';
  constructor(
    message: string,
    readonly field: 'segmentIndex' | 'audioWavBase64',
  ) {
    super(message);
  }
}

/**
 * The answer being given, segment by segment, per interview. Each segment
 * is stored (fsynced) and sent to speech-to-text as it arrives, so when the
 * answer ends only the last segment's transcription is still to wait for,
 * however long the answer was. Kept in memory until the answer is saved as
 * one message or discarded; the files stay on disk either way. With `kept`,
 * each segment also has a row, so an answer the app stopped in the middle
 * of is carried on after a restart (`restore`).
 */
export class AnswerSegments {
  private readonly answers = new Map<string, AnswerInProgress>();
  /** Answers being read back after a restart, by interview: segments arriving meanwhile wait for them. */
  private readonly restoring = new Map<string, Promise<void>>();

  constructor(
    private readonly deps: {
      store: ContentStore;
      files: StoredFileRepository;
      stt: SpeechToText;
      logger: Logger;
      /** Where each segment is noted until its answer is saved or discarded; without it a restart loses the answer in progress. */
      kept?: Pick<AnswerSegmentRepository, 'record' | 'listForInterview' | 'remove' | 'removeIds'>;
      /** Words heard while the candidate spoke; a segment without them (or too slow) is transcribed from its file. */
      live?: LiveTranscripts;
      liveWaitMs?: number;
      onTranscript?: (event: SegmentTranscriptEvent) => void;
    },
  ) {}

  /** Resolves once the segment is on disk; its transcription carries on in the background. */
  async add(segment: NewSegment): Promise<void> {
    let audio: ReturnType<typeof readPcmWav>;
    try {
      audio = readPcmWav(segment.wav);
    } catch (error) {
      throw new SegmentFormatError(`The recording could not be read (${(error as Error).message}).`);
    }
    // The answer's segments from before a restart count first: for the limits, the format, and their place.
    const restoring = this.restoring.get(segment.interviewId);
    if (restoring) await restoring;
    const answer = this.answerFor(segment.interviewId, segment.questionMessageId);
    checkLimits(answer, segment.segmentIndex, audio.pcm.byteLength);
    const other = [...answer.segments.values()].find((existing) => existing.index !== segment.segmentIndex);
    if (other && !sameFormat(other.format, audio.format)) throw new SegmentFormatError('The recording changed its audio format in the middle of an answer.');

    // Reserved before the first await, so segments sent all at once cannot each find room for themselves.
    answer.arriving.set(segment.segmentIndex, audio.pcm.byteLength);
    let file: StoredContent;
    let transcript: Promise<TranscriptOutcome>;
    try {
      transcript = this.transcriptOf(segment, samplesAt16k(audio.pcm.byteLength, audio.format));
      file = await this.deps.store.put(segment.wav);
      this.deps.files.record({ contentHash: file.hash, relativePath: file.relativePath, sizeBytes: file.size, mediaType: 'audio/wav' });
      // Not for an answer discarded while this segment was being stored: a restart would bring it back.
      if (this.answers.get(segment.interviewId) === answer) {
        const { interviewId, questionMessageId, segmentIndex, startedAfterQuestionMs, endedAfterQuestionMs } = segment;
        this.deps.kept?.record({ interviewId, questionMessageId, segmentIndex, startedAfterQuestionMs, endedAfterQuestionMs, contentHash: file.hash, relativePath: file.relativePath });
      }
    } finally {
      answer.arriving.delete(segment.segmentIndex);
    }
    // A resend of the same index (the renderer retrying after a lost reply) replaces the first copy.
    answer.segments.set(segment.segmentIndex, {
      index: segment.segmentIndex,
      format: audio.format,
      wav: segment.wav,
      pcm: audio.pcm,
      startedAfterQuestionMs: segment.startedAfterQuestionMs,
      endedAfterQuestionMs: segment.endedAfterQuestionMs,
      file,
      transcript,
    });
  }

  /**
   * After a restart, when the interview is loaded again: the segments of
   * the answer that was being given to `questionMessageId` (the question
   * still waiting) are read back from the content store and transcribed
   * again, so the candidate carries on with that answer instead of giving
   * it again. Those of any other question go. Resolves once they are back.
   */
  restore(interviewId: string, questionMessageId: string | null, windowId: string | null): Promise<void> {
    const kept = this.deps.kept;
    if (!kept) return Promise.resolve();
    const { keep, drop } = keptAnswer(kept.listForInterview(interviewId), questionMessageId);
    kept.removeIds(drop.map((row) => row.id));
    if (keep.length === 0 || questionMessageId === null) return Promise.resolve();
    const restoring = this.readBack(interviewId, questionMessageId, keep, windowId)
      .catch((error: unknown) => this.deps.logger.warn('the answer in progress could not be read back after a restart', { interviewId, error }))
      .finally(() => {
        if (this.restoring.get(interviewId) === restoring) this.restoring.delete(interviewId);
      });
    this.restoring.set(interviewId, restoring);
    return restoring;
  }

  /** Resolves once the interview's answer from before a restart is back in memory (at once when there is none). */
  restored(interviewId: string): Promise<void> {
    return this.restoring.get(interviewId) ?? Promise.resolve();
  }

  /**
   * The answer to this question so far, from its first segment on without
   * a gap: how many segments (where the renderer's numbering carries on)
   * and when the last of them ended (where its timeline does). Null before
   * any.
   */
  answerSoFar(interviewId: string, questionMessageId: string): AnswerSoFar | null {
    const held = this.list(interviewId, questionMessageId);
    const segments = unbrokenCount(held.map((segment) => segment.index));
    if (segments === 0) return null;
    return { segments, endedAfterQuestionMs: Math.max(...held.slice(0, segments).map((segment) => segment.endedAfterQuestionMs)) };
  }

  /** The segments of the answer to this question, in index order. */
  list(interviewId: string, questionMessageId: string): AnswerSegment[] {
    const answer = this.answers.get(interviewId);
    if (!answer || answer.questionMessageId !== questionMessageId) return [];
    return [...answer.segments.values()].sort((a, b) => a.index - b.index);
  }

  /**
   * The answer's words while its last segment is still being spoken: the
   * segments that arrived, then the words of those that have not up to the
   * pause the candidate is in (LiveTranscripts.wordsSoFar), joined as the
   * saved answer's are. What the next question can be written from before
   * the detector closes the segment; null when every segment is here (the
   * ordinary path knows the words as soon) or a missing one's words are not
   * known that way.
   */
  wordsAhead(interviewId: string, questionMessageId: string, count: number): Promise<string> | null {
    const arrived = new Map(this.list(interviewId, questionMessageId).map((segment) => [segment.index, segment]));
    const sources: (AnswerSegment | Promise<string>)[] = [];
    for (let index = 0; index < count; index++) {
      const source = arrived.get(index) ?? this.deps.live?.wordsSoFar({ interviewId, questionMessageId, segmentIndex: index });
      if (!source) return null;
      sources.push(source);
    }
    if (sources.every((source) => !(source instanceof Promise))) return null;
    const texts = sources.map((source) =>
      source instanceof Promise
        ? source
        : source.transcript.then((outcome) => {
            if (!outcome.ok) throw outcome.error;
            return outcome.transcription.text;
          }),
    );
    return Promise.all(texts).then(joinAnswerWords);
  }

  /** Transcribes a segment again (its first attempt failed while the provider was down). */
  retranscribe(interviewId: string, segment: AnswerSegment): Promise<TranscriptOutcome> {
    segment.transcript = this.transcribe(interviewId, segment.wav);
    return segment.transcript;
  }

  discard(interviewId: string, questionMessageId?: string): number {
    this.deps.live?.discard(interviewId, questionMessageId);
    this.deps.kept?.remove(interviewId, questionMessageId);
    const answer = this.answers.get(interviewId);
    if (!answer || (questionMessageId !== undefined && answer.questionMessageId !== questionMessageId)) return 0;
    this.answers.delete(interviewId);
    return answer.segments.size;
  }

  /** The app is closing: memory is let go, the kept rows stay for the next start. */
  clear(): void {
    this.deps.live?.clear();
    this.answers.clear();
    this.restoring.clear();
  }

  private answerFor(interviewId: string, questionMessageId: string) {
    let answer = this.answers.get(interviewId);
    // Segments for a newer question mean the older answer was dropped (its question was answered or replaced).
    if (!answer || answer.questionMessageId !== questionMessageId) {
      answer = { questionMessageId, segments: new Map(), arriving: new Map() };
      this.answers.set(interviewId, answer);
    }
    return answer;
  }

  private async readBack(interviewId: string, questionMessageId: string, rows: KeptSegmentRecord[], windowId: string | null): Promise<void> {
    const answer = this.answerFor(interviewId, questionMessageId);
    for (const [position, row] of rows.entries()) {
      let segment: AnswerSegment;
      try {
        segment = await this.readKept(row, windowId);
      } catch (error) {
        // A file gone or damaged: the segments after it cannot keep their place either, so the answer carries on before it.
        this.deps.logger.warn('a kept answer segment could not be read back; the answer carries on without it and those after it', {
          interviewId,
          segmentIndex: row.segmentIndex,
          error,
        });
        this.deps.kept?.removeIds(rows.slice(position).map((later) => later.id));
        return;
      }
      if (this.answers.get(interviewId) !== answer) return;
      answer.segments.set(row.segmentIndex, segment);
    }
    this.deps.logger.info('answer in progress carried on after a restart', { interviewId, segments: rows.length });
  }

  private async readKept(row: KeptSegmentRecord, windowId: string | null): Promise<AnswerSegment> {
    const wav = new Uint8Array(await this.deps.store.read(row.relativePath));
    if (ContentStore.hashOf(wav) !== row.contentHash) throw new Error('the stored file does not match its hash');
    const audio = readPcmWav(wav);
    const { interviewId, questionMessageId, segmentIndex, startedAfterQuestionMs, endedAfterQuestionMs } = row;
    const source: NewSegment = { interviewId, questionMessageId, segmentIndex, wav, startedAfterQuestionMs, endedAfterQuestionMs, ...(windowId ? { windowId } : {}) };
    return {
      index: segmentIndex,
      format: audio.format,
      wav,
      pcm: audio.pcm,
      startedAfterQuestionMs,
      endedAfterQuestionMs,
      file: { hash: row.contentHash, relativePath: row.relativePath, size: wav.byteLength },
      // Started now, as when a segment arrives: by the time the answer ends it is long done.
      transcript: this.transcriptOf(source, samplesAt16k(audio.pcm.byteLength, audio.format)),
    };
  }

  /** The live transcript when the stream has it in time, else the file's; either way the window hears the result. */
  private async transcriptOf(segment: NewSegment, fileSamples: number): Promise<TranscriptOutcome> {
    const { interviewId, questionMessageId, segmentIndex } = segment;
    const live = this.deps.live?.transcriptFor({ interviewId, questionMessageId, segmentIndex }, fileSamples);
    let outcome: TranscriptOutcome | null = null;
    if (live) {
      const transcription = await within(live, this.deps.liveWaitMs ?? LIVE_TRANSCRIPT_WAIT_MS, null).catch((error: unknown) => {
        this.deps.logger.info('live transcript unavailable; transcribing the file', { interviewId, segmentIndex, error });
        return null;
      });
      if (transcription) outcome = { ok: true, transcription };
    }
    outcome ??= await this.transcribe(interviewId, segment.wav);
    if (outcome.ok) {
      this.deps.onTranscript?.({ interviewId, questionMessageId, segmentIndex, text: outcome.transcription.text, final: true, windowId: segment.windowId ?? null });
    }
    return outcome;
  }

  private transcribe(interviewId: string, wav: Uint8Array): Promise<TranscriptOutcome> {
    return this.deps.stt.transcribe({ audio: wav, mediaType: 'audio/wav', language: 'en', interviewId, task: 'interview' }).then(
      (transcription): TranscriptOutcome => ({ ok: true, transcription }),
      (error: unknown): TranscriptOutcome => {
        this.deps.logger.warn('answer segment transcription failed', { interviewId, error });
        return { ok: false, error };
      },
    );
  }
}

/** An answer's words from its segments' transcripts, in order: how the saved answer joins them, and what is compared with it. */
export function joinAnswerWords(texts: string[]): string {
  return texts
    .map((text) => text.trim())
    .filter((text) => text.length > 0)
    .join(' ');
}

/** The segment's length in samples at 16 kHz mono, the rate the live stream is sent at. */
function samplesAt16k(pcmBytes: number, format: WavFormat): number {
  const frames = pcmBytes / (format.channels * (format.bitsPerSample / 8));
  return Math.round((frames * 16_000) / format.sampleRate);
}

/**
 * Holding an answer in memory until it ends is bounded: at most
 * MAX_SEGMENTS_PER_ANSWER segments and MAX_ANSWER_AUDIO_BYTES of audio (5
 * minutes of 16 kHz 16-bit mono). A resend of a segment already received
 * replaces it, so it is measured instead of the first copy.
 */
function checkLimits(answer: AnswerInProgress, index: number, pcmBytes: number): void {
  const { segments, arriving } = answer;
  const replacing = segments.get(index);
  const indexes = new Set([...segments.keys(), ...arriving.keys()]);
  if (!indexes.has(index) && indexes.size >= MAX_SEGMENTS_PER_ANSWER) {
    throw new SegmentLimitError(
      `An answer can have at most ${MAX_SEGMENTS_PER_ANSWER} segments; the ones already received are kept. End the answer to carry on.`,
      'segmentIndex',
    );
  }
  let held = pcmBytes;
  for (const existing of segments.values()) if (existing !== replacing && !arriving.has(existing.index)) held += existing.pcm.byteLength;
  for (const [arrivingIndex, bytes] of arriving) if (arrivingIndex !== index) held += bytes;
  if (held > MAX_ANSWER_AUDIO_BYTES) {
    throw new SegmentLimitError(
      `An answer can be at most ${MAX_ANSWER_AUDIO_MS / 60_000} minutes of audio; what was received so far is kept. End the answer to carry on.`,
      'audioWavBase64',
    );
  }
}
