import type { BankQuestion } from './bank/question-bank';
import type { EventGate } from './event-gate';
import type { EmitQuestionText, WrittenQuestion } from './question-writer';
import { bankSpeechParts } from './bank-audio/bank-speech-parts';
import type { EmitAudio, SpeechRelay } from './speech-relay';
import type { UsageLabel } from '../providers/ai/usage-label';

/** Stored as the question's model: no model wrote it. */
export const BANK_QUESTION_MODEL = 'question-bank';

export interface BankSpeakRequest {
  interviewId: string;
  messageId: string;
  windowId: string;
  question: BankQuestion;
  signal?: AbortSignal;
  /** Holds the events while the question is written ahead, as QuestionWriter's gate does. */
  gate?: EventGate;
  usageLabel?: UsageLabel;
}

/**
 * A question from the bank (issue 19), shown and spoken the way a written
 * one is: the whole text at once (nothing is being written), spoken in the
 * sentence parts bankSpeechParts gives, which are exactly the parts the
 * bank audio was synthesised in ahead of time (bank-audio/), so each one is a speech
 * cache hit and needs no service. A part that is not cached and cannot be
 * synthesised ends the audio stream with an error and the window shows the
 * question as text with its calm notice; the interview goes on either way.
 */
export class BankQuestionSpeaker {
  constructor(private readonly deps: { relay: SpeechRelay; emitText: EmitQuestionText }) {}

  speak(request: BankSpeakRequest): WrittenQuestion {
    const { interviewId, messageId, windowId, gate, question } = request;
    const emitAudio: EmitAudio | undefined = gate ? (window, payload) => gate.pass(() => this.deps.relay.emit(window, payload)) : undefined;
    const parts = bankSpeechParts(question.text);
    const text = parts.join(' ');
    const emitText = () => this.deps.emitText(windowId, { interviewId, messageId, text, final: true });
    if (gate) gate.pass(emitText);
    else emitText();
    const audio = this.deps.relay.speak({ windowId, streamId: messageId, interviewId, signal: request.signal, emit: emitAudio, usageLabel: request.usageLabel }, parts);
    return { messageId, text, parts, model: BANK_QUESTION_MODEL, audio };
  }
}
