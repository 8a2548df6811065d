import type { ContentStore, StoredContent } from '../files/content-store';
import type { Logger } from '../logging/logger-types';
import type { SpeechToText, Transcription } from '../providers/ai/types';
import type { WavFormat } from '../audio/wav';
import type { StoredFileRepository } from '../repositories/stored-file-repository';
import { MAX_ANSWER_AUDIO_BYTES, MAX_ANSWER_AUDIO_MS, MAX_SEGMENTS_PER_ANSWER } from '../../shared/domain/interview';
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
}

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
 * one message or discarded; the files stay on disk either way.
 */
export class AnswerSegments {
  private readonly answers = new Map<string, AnswerInProgress>();

  constructor(
    private readonly deps: {
      store: ContentStore;
      files: StoredFileRepository;
      stt: SpeechToText;
      logger: Logger;
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
    const answer = this.answerFor(segment.interviewId, segment.questionMessageId);
    checkLimits(answer, segment.segmentIndex, audio.pcm.byteLength);
    const other = [...answer.segments.values()].find((existing) => existing.index !== segment.segmentIndex);
    if (other && !sameFormat(other.format, audio.format)) throw new SegmentFormatError('The recording changed its audio format in the middle of an answer.');

    // Reserved before the first await, so segments sent all at once cannot each find room for themselves.
    answer.arriving.set(segment.segmentIndex, audio.pcm.byteLength);
    let file: StoredContent;
    let transcript: Promise<TranscriptOutcome>;
    try {
      transcript = this.transcribe(segment.interviewId, segment.wav);
      file = await this.deps.store.put(segment.wav);
      this.deps.files.record({ contentHash: file.hash, relativePath: file.relativePath, sizeBytes: file.size, mediaType: 'audio/wav' });
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

  /** The segments of the answer to this question, in index order. */
  list(interviewId: string, questionMessageId: string): AnswerSegment[] {
    const answer = this.answers.get(interviewId);
    if (!answer || answer.questionMessageId !== questionMessageId) return [];
    return [...answer.segments.values()].sort((a, b) => a.index - b.index);
  }

  /** Transcribes a segment again (its first attempt failed while the provider was down). */
  retranscribe(interviewId: string, segment: AnswerSegment): Promise<TranscriptOutcome> {
    segment.transcript = this.transcribe(interviewId, segment.wav);
    return segment.transcript;
  }

  discard(interviewId: string, questionMessageId?: string): number {
    const answer = this.answers.get(interviewId);
    if (!answer || (questionMessageId !== undefined && answer.questionMessageId !== questionMessageId)) return 0;
    this.answers.delete(interviewId);
    return answer.segments.size;
  }

  clear(): void {
    this.answers.clear();
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
