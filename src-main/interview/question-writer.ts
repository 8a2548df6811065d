import type { EventPayload } from '../../shared/ipc/contract';
import { ProviderError } from '../providers/ai/errors';
import type { UsageLabel } from '../providers/ai/usage-label';
import type { ChatMessage, LanguageModel, PromptTemplateRef } from '../providers/ai/types';
import { SentenceStream } from './sentence-stream';
import type { EventGate } from './event-gate';
import type { EmitAudio, SpeechRelay, SpokenAudio } from './speech-relay';

export type EmitQuestionText = (windowId: string, payload: EventPayload<'interview.questionText'>) => void;

export interface WriteRequest {
  interviewId: string;
  /** The question's message id, chosen before it exists: the text and audio events carry it. */
  messageId: string;
  windowId: string;
  messages: ChatMessage[];
  /** The prompt set the messages come from, for the audit trail. */
  template?: PromptTemplateRef | undefined;
  signal?: AbortSignal;
  /** Holds the question's text and audio events while it is written ahead; without one they go straight out. */
  gate?: EventGate;
  /** Marks the question's provider usage if it is thrown away. */
  usageLabel?: UsageLabel;
}

export interface WrittenQuestion {
  messageId: string;
  text: string;
  /** The sentences as they were spoken. */
  parts: string[];
  model: string;
  /** Resolves when the last audio event is out: the whole audio, or null when speech failed. */
  audio: Promise<SpokenAudio | null>;
  /** Set when the question came from the bank rather than the model (issue 19). */
  bankQuestion?: { id: string; version: number };
}

/** Questions are one to three short spoken sentences; this leaves room without letting a runaway reply go on. */
const MAX_QUESTION_TOKENS = 300;

/**
 * Streams the model's question and, sentence by sentence, shows it (the
 * `interview.questionText` events carry the text so far) and speaks it (the
 * speech relay starts each sentence while the model writes the next).
 * Resolves when the text is complete; the audio goes on in the background.
 */
export class QuestionWriter {
  constructor(
    private readonly deps: {
      languageModel: LanguageModel;
      relay: SpeechRelay;
      emitText: EmitQuestionText;
    },
  ) {}

  async write(request: WriteRequest): Promise<WrittenQuestion> {
    const { interviewId, messageId, windowId, signal, gate, usageLabel } = request;
    const emitText: EmitQuestionText = gate ? (window, payload) => gate.pass(() => this.deps.emitText(window, payload)) : this.deps.emitText;
    const emitAudio: EmitAudio | undefined = gate ? (window, payload) => gate.pass(() => this.deps.relay.emit(window, payload)) : undefined;
    const stream = await this.deps.languageModel.streamChat({
      task: 'interview',
      interviewId,
      messages: request.messages,
      ...(request.template ? { template: request.template } : {}),
      maxTokens: MAX_QUESTION_TOKENS,
      signal,
      usageLabel,
    });
    const speech = this.deps.relay.open({ windowId, streamId: messageId, interviewId, signal, emit: emitAudio, usageLabel });
    const sentences = new SentenceStream();
    const parts: string[] = [];
    const publish = (sentence: string) => {
      parts.push(sentence);
      speech.say(sentence);
      emitText(windowId, { interviewId, messageId, text: parts.join(' '), final: false });
    };
    let model: string;
    try {
      for await (const delta of stream.deltas) for (const sentence of sentences.push(delta)) publish(sentence);
      // Only a reply the service says is finished gets its last, unpunctuated words spoken: one cut off at its
      // length limit or stopped by the content filter rejects here, and its half sentence is never said.
      model = (await stream.completion()).model;
      for (const sentence of sentences.end()) publish(sentence);
      if (parts.length === 0) {
        throw new ProviderError('malformed_reply', 'chat', 'The AI interviewer wrote an empty question. It will be asked to write it again.', { retryable: true });
      }
    } catch (error) {
      speech.cancel('The question was interrupted before it could be played.');
      throw error;
    }
    speech.end();
    const text = parts.join(' ');
    emitText(windowId, { interviewId, messageId, text, final: true });
    return { messageId, text, parts, model, audio: speech.done };
  }
}
