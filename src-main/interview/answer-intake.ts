import type { InterviewView } from '../../shared/domain/interview';
import { answerModeOf, REASKS_PER_INTERVIEW, type Accommodation } from '../../shared/domain/proctoring';
import type { ChannelInput } from '../../shared/ipc/contract';
import { AppFailure } from '../common/app-failure';
import { SegmentFormatError, SegmentLimitError, type AnswerSegments } from './answer-segments';
import type { InterviewAccess } from './interview-access';
import type { InterviewActivity } from './interview-activity';
import type { LiveTranscripts } from './live-transcripts';
import { withQuestionAhead, type ViewInterview } from './interview-view';
import type { EndAnswerInput, TurnPipeline, TypedAnswerInput } from './turn-pipeline';

export interface SegmentInput {
  interviewId: string;
  questionMessageId: string;
  segmentIndex: number;
  audioWavBase64: string;
  startedAfterQuestionMs: number;
  endedAfterQuestionMs: number;
}

export interface AnswerIntakeDeps {
  access: Pick<InterviewAccess, 'owned' | 'live' | 'streaming' | 'notHeld'>;
  segments: AnswerSegments;
  activity: InterviewActivity;
  turns: Pick<TurnPipeline, 'endAnswer' | 'typedAnswer' | 'reask' | 'speculate' | 'continueAnswer' | 'commitShown' | 'pendingQuestion'>;
  view: ViewInterview;
  /** Live transcription of the segment being spoken; absent when the provider has none. */
  live?: LiveTranscripts;
  /** What the interview's sitting granted: typed answers are taken only where the proctor granted them. */
  accommodations: (interviewId: string) => readonly Accommodation[];
}

/** A piece of the segment being spoken, as `interview.liveAudio` declares it (16-bit little-endian mono PCM at 16 kHz). */
export type LiveAudioInput = ChannelInput<'interview.liveAudio'>;

/**
 * The candidate's answer as the renderer sends it: audio segments while
 * they speak, then the end of the answer (which starts the turn) or its
 * discarding (they start again).
 */
export class AnswerIntake {
  constructor(private readonly deps: AnswerIntakeDeps) {}

  async addSegment(candidateId: string, input: SegmentInput, windowId: string): Promise<void> {
    const { runtime } = this.deps.access.live(candidateId, input.interviewId, windowId);
    // The first words of the answer to a question shown ahead: its turn is saved first (the window's own word may still be on its way).
    const answered = this.deps.turns.pendingQuestion(runtime, input.questionMessageId);
    if (answered) await runtime.exclusive(() => this.deps.turns.commitShown(runtime, answered));
    if (runtime.currentQuestion()?.id !== input.questionMessageId) throw new AppFailure('conflict', 'This question is no longer waiting for an answer.');
    if (input.endedAfterQuestionMs < input.startedAfterQuestionMs) {
      throw new AppFailure('invalid_input', 'The segment ends before it starts.', { endedAfterQuestionMs: 'Must not be before startedAfterQuestionMs.' });
    }
    try {
      await this.deps.segments.add({
        interviewId: input.interviewId,
        questionMessageId: input.questionMessageId,
        segmentIndex: input.segmentIndex,
        wav: Buffer.from(input.audioWavBase64, 'base64'),
        startedAfterQuestionMs: input.startedAfterQuestionMs,
        endedAfterQuestionMs: input.endedAfterQuestionMs,
        windowId,
      });
    } catch (error) {
      if (error instanceof SegmentFormatError) throw new AppFailure('invalid_input', error.message, { audioWavBase64: error.message });
      if (error instanceof SegmentLimitError) throw new AppFailure('invalid_input', error.message, { [error.field]: error.message });
      throw error;
    }
    this.deps.activity.touch(runtime);
  }

  async endAnswer(
    candidateId: string,
    input: EndAnswerInput & { interviewId: string },
    windowId: string,
  ): Promise<{ transcript: string; interview: InterviewView }> {
    const { runtime, interview } = this.deps.access.live(candidateId, input.interviewId, windowId);
    this.deps.access.notHeld(interview.id);
    const answered = this.deps.turns.pendingQuestion(runtime, input.questionMessageId);
    if (answered) await runtime.exclusive(() => this.deps.turns.commitShown(runtime, answered));
    const { transcript, ahead } = await runtime.exclusive(() => this.deps.turns.endAnswer(runtime, input, windowId));
    const view = this.deps.view(runtime, interview.status);
    return { transcript, interview: ahead ? withQuestionAhead(view, runtime, ahead) : view };
  }

  /** A typed answer, where the proctor granted typed answers: saved and judged as a spoken one is, then the next question. */
  async typedAnswer(
    candidateId: string,
    input: TypedAnswerInput & { interviewId: string },
    windowId: string,
  ): Promise<{ transcript: string; interview: InterviewView }> {
    const { runtime, interview } = this.deps.access.live(candidateId, input.interviewId, windowId);
    this.deps.access.notHeld(interview.id);
    if (answerModeOf(this.deps.accommodations(interview.id)) !== 'typed') {
      throw new AppFailure('forbidden', 'Typed answers are an accommodation a proctor grants when opening the sitting. Please answer out loud, or ask the proctor.');
    }
    const { transcript } = await runtime.exclusive(() => this.deps.turns.typedAnswer(runtime, input, windowId));
    return { transcript, interview: this.deps.view(runtime, interview.status) };
  }

  /**
   * The question on screen asked again in other words, once, for a
   * candidate granted a re-ask. What they had said to it is let go: their
   * answer is to the new wording.
   */
  async reaskQuestion(candidateId: string, input: { interviewId: string; questionMessageId: string }, windowId: string): Promise<InterviewView> {
    const { runtime, interview } = this.deps.access.live(candidateId, input.interviewId, windowId);
    this.deps.access.notHeld(interview.id);
    if (!this.deps.accommodations(interview.id).includes('reask')) {
      throw new AppFailure('forbidden', 'Having a question asked another way is an accommodation a proctor grants when opening the sitting. Please ask the proctor.');
    }
    await runtime.exclusive(async () => {
      if (runtime.reasksUsed() >= REASKS_PER_INTERVIEW) {
        throw new AppFailure('conflict', 'You have already had a question asked another way in this interview. Please answer this one as it is.');
      }
      await this.deps.turns.reask(runtime, input.questionMessageId, windowId);
      // Only once the new wording is saved: until then the old one stands, with whatever was said to it.
      this.deps.segments.discard(interview.id, input.questionMessageId);
    });
    this.deps.activity.touch(runtime);
    return this.deps.view(runtime, interview.status);
  }

  speculate(candidateId: string, input: { interviewId: string; questionMessageId: string; segmentCount: number }, windowId: string): boolean {
    const { runtime } = this.deps.access.live(candidateId, input.interviewId, windowId);
    this.deps.access.notHeld(input.interviewId);
    return this.deps.turns.speculate(runtime, input, windowId);
  }

  /** Not queued behind the turn under way: taking back its question is what stops it. */
  continueAnswer(candidateId: string, input: { interviewId: string; questionMessageId: string }, windowId: string): InterviewView {
    const { runtime, interview } = this.deps.access.live(candidateId, input.interviewId, windowId);
    this.deps.turns.continueAnswer(runtime, input.questionMessageId);
    this.deps.activity.touch(runtime);
    return this.deps.view(runtime, interview.status);
  }

  async commitAnswer(candidateId: string, input: { interviewId: string; questionMessageId: string }, windowId: string): Promise<boolean> {
    const { runtime } = this.deps.access.live(candidateId, input.interviewId, windowId);
    return runtime.exclusive(() => this.deps.turns.commitShown(runtime, input.questionMessageId));
  }

  /** Best effort by design: audio for a question no longer current is dropped, as the segment's file upload decides what is kept. */
  addLiveAudio(candidateId: string, input: LiveAudioInput, windowId: string): void {
    const runtime = this.deps.access.streaming(candidateId, input.interviewId, windowId);
    if (!this.deps.live || runtime.currentQuestion()?.id !== input.questionMessageId) return;
    const bytes = Buffer.from(input.pcmBase64, 'base64');
    if (bytes.byteLength % 2 !== 0) {
      throw new AppFailure('invalid_input', 'The live audio must be whole 16-bit samples.', { pcmBase64: 'Must decode to an even number of bytes.' });
    }
    const pcm = new Int16Array(bytes.byteLength / 2);
    for (let i = 0; i < pcm.length; i++) pcm[i] = bytes.readInt16LE(i * 2);
    const { interviewId, questionMessageId, segmentIndex } = input;
    this.deps.live.push({ interviewId, questionMessageId, segmentIndex }, input.seq, pcm, input.final, windowId, input.pause === true);
  }

  discardAnswer(candidateId: string, input: { interviewId: string; questionMessageId: string }): { discarded: number } {
    this.deps.access.owned(candidateId, input.interviewId);
    return { discarded: this.deps.segments.discard(input.interviewId, input.questionMessageId) };
  }
}
