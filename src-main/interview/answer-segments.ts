import type { ContentStore, StoredContent } from '../files/content-store';
import type { Logger } from '../logging/logger-types';
import type { SpeechToText, Transcription } from '../providers/ai/types';
import type { WavFormat } from '../providers/ai/wav';
import type { StoredFileRepository } from '../repositories/stored-file-repository';
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

export class SegmentFormatError extends Error {
  override readonly name = 'SegmentFormatError';
}

/**
 * The answer being given, segment by segment, per interview. Each segment
 * is stored (fsynced) and sent to speech-to-text as it arrives, so when the
 * answer ends only the last segment's transcription is still to wait for,
 * however long the answer was. Kept in memory until the answer is saved as
 * one message or discarded; the files stay on disk either way.
 */
export class AnswerSegments {
  private readonly answers = new Map<string, { questionMessageId: string; segments: Map<number, AnswerSegment> }>();

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
    const other = [...answer.segments.values()].find((existing) => existing.index !== segment.segmentIndex);
    if (other && !sameFormat(other.format, audio.format)) throw new SegmentFormatError('The recording changed its audio format in the middle of an answer.');

    const transcript = this.transcribe(segment.interviewId, segment.wav);
    const file = await this.deps.store.put(segment.wav);
    this.deps.files.record({ contentHash: file.hash, relativePath: file.relativePath, sizeBytes: file.size, mediaType: 'audio/wav' });
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
      answer = { questionMessageId, segments: new Map() };
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
