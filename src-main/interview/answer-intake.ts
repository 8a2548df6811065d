import type { InterviewView } from '../../shared/domain/interview';
import { AppFailure } from '../common/app-failure';
import { SegmentFormatError, SegmentLimitError, type AnswerSegments } from './answer-segments';
import type { InterviewAccess } from './interview-access';
import type { InterviewActivity } from './interview-activity';
import type { ViewInterview } from './interview-view';
import type { EndAnswerInput, TurnPipeline } from './turn-pipeline';

export interface SegmentInput {
  interviewId: string;
  questionMessageId: string;
  segmentIndex: number;
  audioWavBase64: string;
  startedAfterQuestionMs: number;
  endedAfterQuestionMs: number;
}

export interface AnswerIntakeDeps {
  access: Pick<InterviewAccess, 'owned' | 'live'>;
  segments: AnswerSegments;
  activity: InterviewActivity;
  turns: Pick<TurnPipeline, 'endAnswer'>;
  view: ViewInterview;
}

/**
 * The candidate's answer as the renderer sends it: audio segments while
 * they speak, then the end of the answer (which starts the turn) or its
 * discarding (they start again).
 */
export class AnswerIntake {
  constructor(private readonly deps: AnswerIntakeDeps) {}

  async addSegment(candidateId: string, input: SegmentInput, windowId: string): Promise<void> {
    const { runtime } = this.deps.access.live(candidateId, input.interviewId, windowId);
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
    const { transcript } = await runtime.exclusive(() => this.deps.turns.endAnswer(runtime, input, windowId));
    return { transcript, interview: this.deps.view(runtime, interview.status) };
  }

  discardAnswer(candidateId: string, input: { interviewId: string; questionMessageId: string }): { discarded: number } {
    this.deps.access.owned(candidateId, input.interviewId);
    return { discarded: this.deps.segments.discard(input.interviewId, input.questionMessageId) };
  }
}
