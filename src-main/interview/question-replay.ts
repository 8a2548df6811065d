import { AppFailure } from '../common/app-failure';
import { newId } from '../db/ids';
import type { MessageRecord } from '../repositories/interview-repository';
import type { BackgroundWork } from './background-work';
import type { InterviewAccess } from './interview-access';
import type { InterviewActivity } from './interview-activity';
import { questionMetadata, type InterviewRuntime } from './interview-runtime';
import { splitSentences } from './sentence-stream';
import type { SpeechRelay } from './speech-relay';

export interface QuestionReplayDeps {
  relay: SpeechRelay;
  work: Pick<BackgroundWork, 'track' | 'signal'>;
  access: Pick<InterviewAccess, 'live'>;
  activity: InterviewActivity;
}

/** Speaking a stored question again, when the candidate asks to hear it or their window missed its audio. */
export class QuestionReplay {
  constructor(private readonly deps: QuestionReplayDeps) {}

  speakQuestion(candidateId: string, input: { interviewId: string; messageId: string }, windowId: string): { streamId: string } {
    const { runtime } = this.deps.access.live(candidateId, input.interviewId, windowId);
    const question = runtime.messages.find((message) => message.id === input.messageId && message.messageType === 'ai_question');
    if (!question) throw new AppFailure('not_found', 'That question is not part of this interview.');
    const streamId = this.speak(runtime, question, windowId);
    this.deps.activity.touch(runtime);
    return { streamId };
  }

  /** Its parts are the sentences it was first spoken in, so the speech cache answers. Returns the audio's stream id. */
  speak(runtime: InterviewRuntime, question: MessageRecord, windowId: string): string {
    const streamId = `replay-${newId()}`;
    const parts = questionMetadata(question)?.spokenParts ?? splitSentences(question.contentText);
    this.deps.work.track(this.deps.relay.speak({ windowId, streamId, interviewId: runtime.interviewId, signal: this.deps.work.signal }, parts));
    return streamId;
  }
}
