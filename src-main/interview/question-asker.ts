import { AppFailure } from '../common/app-failure';
import type { Clock } from '../common/clock';
import { newId, nowIso } from '../db/ids';
import type { ContentStore } from '../files/content-store';
import type { Logger } from '../logging/logger-types';
import { isProviderError } from '../providers/ai/errors';
import type { UsageLabel } from '../providers/ai/usage-label';
import type { ChatMessage } from '../providers/ai/types';
import type { InterviewRepository, MessageRecord } from '../repositories/interview-repository';
import {
  addQuestion,
  buildQuestionMessages,
  buildReaskMessages,
  promptSetRef,
  recordAsked,
  recordReasked,
  replaceQuestion,
  type AskPlan,
  type ConversationMemory,
  type EngineState,
} from './engine/index';
import type { EventGate } from './event-gate';
import { questionMetadata, type InterviewRuntime, type QuestionMetadata } from './interview-runtime';
import { retryUnusableReplies } from './provider-retry';
import type { QuestionWriter, WriteRequest, WrittenQuestion } from './question-writer';
import type { BankQuestionSpeaker } from './bank-question-speaker';
import { pickBankQuestion } from './bank/bank-selection';
import type { QuestionBank } from './bank/question-bank';
import type { RoleType } from '../../shared/domain/interview';
import type { SpokenAudio } from './speech-relay';
import { buildWav, playedSeconds, PCM_CODEC } from './wav-audio';

export interface QuestionAskerDeps {
  repository: Pick<InterviewRepository, 'appendMessage' | 'attachAudio'>;
  store: ContentStore;
  writer: QuestionWriter;
  /** Speaks a bank question when the AI service cannot write one (issue 19). */
  bankSpeaker: BankQuestionSpeaker;
  bankFor: (roleType: RoleType) => QuestionBank;
  clock: Clock;
  logger: Logger;
  signal: AbortSignal;
  /** Work that goes on after the call has answered (storing a question's audio). */
  background: (work: Promise<unknown>) => void;
  isClosed: () => boolean;
}

/** Said when not even the bank has a question left for the plan: rare (a skill asked over fifteen times), and never about the service. */
const NEXT_QUESTION_NOT_READY = 'The next question is not ready yet. Your answers are saved; please wait a moment, then select Try again.';

/** A question written ahead of the answer being saved (PendingTurns). */
export interface WriteAhead {
  memory: ConversationMemory;
  gate: EventGate;
  signal: AbortSignal;
  usageLabel: UsageLabel;
}

/**
 * Asking the question the engine planned: the model writes it while it is
 * shown and spoken, then it is saved with the engine state that chose it.
 * Its audio is stored once the last of it has played.
 */
export class QuestionAsker {
  constructor(private readonly deps: QuestionAskerDeps) {}

  /** False when the interview's token budget ran out before the question could be written. */
  async ask(runtime: InterviewRuntime, plan: AskPlan, windowId: string): Promise<boolean> {
    const written = await this.write(runtime, plan, windowId);
    if (!written) return false;
    this.store(runtime, plan, written);
    return true;
  }

  /**
   * The question written (and spoken, through `ahead.gate` when it is
   * written ahead) but not saved: null when the token budget ran out.
   * `ahead.memory` is the conversation as it will be once the answer it
   * follows is saved.
   */
  async write(runtime: InterviewRuntime, plan: AskPlan, windowId: string, ahead?: WriteAhead): Promise<WrittenQuestion | null> {
    const signal = ahead?.signal ?? this.deps.signal;
    const prompt = { prompts: runtime.prompts, role: runtime.role, plan, memory: ahead?.memory ?? runtime.memory, resumeSummary: runtime.resumeSummary };
    const write = (messages: ChatMessage[]) => this.writeRetryingUnusable(runtime, windowId, { messages, template: promptSetRef(runtime.prompts, 'question') }, signal, ahead);
    try {
      try {
        return await write(buildQuestionMessages(prompt));
      } catch (error) {
        if (!isProviderError(error, 'refused')) throw error;
        // Asked the same way it would decline again; what it declines is most often something the candidate said.
        this.deps.logger.warn('the model declined to write the question; asking for a different one without the candidate’s words', {
          interviewId: runtime.interviewId,
          skillId: plan.skillId,
        });
        return await write(buildQuestionMessages({ ...prompt, withoutAnswers: true }));
      }
    } catch (error) {
      if (isProviderError(error, 'budget_exceeded')) {
        runtime.budgetSpent = true;
        return null;
      }
      if (isProviderError(error) && !signal.aborted) {
        // The specification's retries are spent, or the breaker is open, or there is no network: the bank carries on.
        this.deps.logger.warn('the AI interviewer could not write the question; asking one from the question bank', {
          interviewId: runtime.interviewId,
          skillId: plan.skillId,
          difficulty: plan.difficulty,
          kind: error.kind,
        });
        const fromBank = this.fromBank(runtime, plan, windowId, signal, ahead);
        if (fromBank) return fromBank;
        throw new AppFailure('unavailable', NEXT_QUESTION_NOT_READY);
      }
      throw error;
    }
  }

  /** The plan's question from the bank, shown and spoken from the speech cache; null when the skill's bank questions are all used. */
  private fromBank(runtime: InterviewRuntime, plan: AskPlan, windowId: string, signal: AbortSignal, ahead?: WriteAhead): WrittenQuestion | null {
    const bank = this.deps.bankFor(runtime.roleType);
    const question = pickBankQuestion(bank, plan, runtime.bankQuestionsAsked());
    if (!question) return null;
    const written = this.deps.bankSpeaker.speak({ interviewId: runtime.interviewId, messageId: newId(), windowId, question, signal, gate: ahead?.gate, usageLabel: ahead?.usageLabel });
    return { ...written, bankQuestion: { id: question.id, version: bank.version } };
  }

  /**
   * The question on screen asked again in other words, for a candidate
   * granted a re-ask: written and spoken as any question is, then saved
   * beside the one it replaces (kept for the record) with the same plan, so
   * the answer, its judgement and its score go with the new wording. Throws
   * (unavailable) when it cannot be written: the old wording still stands.
   */
  async reask(runtime: InterviewRuntime, original: MessageRecord, windowId: string): Promise<MessageRecord> {
    const planned = questionMetadata(original);
    if (!planned) throw new AppFailure('conflict', 'This question cannot be asked another way. Please answer it as it is.');
    let written: WrittenQuestion;
    try {
      const messages = buildReaskMessages({ prompts: runtime.prompts, role: runtime.role, question: original.contentText });
      written = await this.writeRetryingUnusable(runtime, windowId, { messages, template: promptSetRef(runtime.prompts, 'reask') }, this.deps.signal);
    } catch (error) {
      if (isProviderError(error) && !this.deps.signal.aborted) {
        if (isProviderError(error, 'budget_exceeded')) runtime.budgetSpent = true;
        // The candidate is never shown a service's trouble (issue 19); the log and the staff status say what it was.
        this.deps.logger.warn('the question could not be asked another way', { interviewId: runtime.interviewId, kind: error.kind });
        throw new AppFailure('unavailable', 'This question cannot be asked another way just now. Please answer it as it is.');
      }
      throw error;
    }
    const known = runtime.memory.turns.some((turn) => turn.questionMessageId === original.id) ? runtime.memory : addQuestion(runtime.memory, original.id, original.contentText);
    return this.save(runtime, written, {
      state: recordReasked(runtime.state, original.id, written.messageId),
      memory: replaceQuestion(known, original.id, written.messageId, written.text),
      metadata: { ...planned, spokenParts: written.parts, model: written.model, reaskOf: original.id },
      questionsAsked: runtime.questions().length,
    });
  }

  /** Saves a written question with the engine state that chose it; its audio is stored once the last of it has played. */
  store(runtime: InterviewRuntime, plan: AskPlan, written: WrittenQuestion): MessageRecord {
    return this.save(runtime, written, {
      state: recordAsked(runtime.state, plan, written.messageId),
      memory: addQuestion(runtime.memory, written.messageId, written.text),
      metadata: {
        phase: plan.phase,
        skillId: plan.skillId,
        difficulty: plan.difficulty,
        purpose: plan.purpose,
        promptVersion: runtime.prompts.version,
        spokenParts: written.parts,
        model: written.model,
        ...(written.bankQuestion
          ? { source: 'bank' as const, bankQuestionId: written.bankQuestion.id, bankVersion: written.bankQuestion.version }
          : { source: 'ai' as const }),
      },
      questionsAsked: runtime.questions().length + 1,
    });
  }

  private writeRetryingUnusable(
    runtime: InterviewRuntime,
    windowId: string,
    prompt: Pick<WriteRequest, 'messages' | 'template'>,
    signal: AbortSignal,
    ahead?: WriteAhead,
  ): Promise<WrittenQuestion> {
    return retryUnusableReplies(
      () => this.deps.writer.write({ interviewId: runtime.interviewId, messageId: newId(), windowId, ...prompt, signal, gate: ahead?.gate, usageLabel: ahead?.usageLabel }),
      { logger: this.deps.logger, step: 'ask question', signal },
    );
  }

  private save(
    runtime: InterviewRuntime,
    written: WrittenQuestion,
    next: { state: EngineState; memory: ConversationMemory; metadata: QuestionMetadata & { model: string }; questionsAsked: number },
  ): MessageRecord {
    const { state, memory, metadata } = next;
    const { message, session } = this.deps.repository.appendMessage({
      interviewId: runtime.interviewId,
      sessionId: runtime.sessionId,
      message: { id: written.messageId, messageType: 'ai_question', contentText: written.text, metadata },
      session: {
        ...runtime.sessionColumns(state, memory),
        questionsAskedCount: next.questionsAsked,
        lastActivityAt: nowIso(this.deps.clock),
      },
    });
    runtime.state = state;
    runtime.memory = memory;
    runtime.messages.push(message);
    runtime.lastActivityAt = session.lastActivityAt;
    // Chained only now, so the audio can never be attached to a question row that does not exist yet.
    this.deps.background(written.audio.then((audio) => this.storeAudio(runtime, message.id, audio)));
    return message;
  }

  private async storeAudio(runtime: InterviewRuntime, messageId: string, audio: SpokenAudio | null): Promise<void> {
    if (!audio || this.deps.isClosed()) return;
    try {
      const file = await this.deps.store.put(buildWav(audio.format, audio.pcm));
      if (this.deps.isClosed()) return;
      const durationSeconds = playedSeconds(audio.bytes, audio.format);
      const message = this.deps.repository.attachAudio(
        messageId,
        {
          contentAudioUrl: file.relativePath,
          audioDurationSeconds: Math.round(durationSeconds),
          audioMetadata: { sampleRate: audio.format.sampleRate, codec: PCM_CODEC, sizeBytes: file.size, durationSeconds, source: 'text_to_speech' },
        },
        { contentHash: file.hash, relativePath: file.relativePath, sizeBytes: file.size, mediaType: 'audio/wav' },
      );
      const index = runtime.messages.findIndex((existing) => existing.id === messageId);
      if (index >= 0) runtime.messages[index] = message;
    } catch (error) {
      // The question's text is saved and can be spoken again; only the recording of its audio is missing.
      this.deps.logger.warn('question audio could not be stored', { interviewId: runtime.interviewId, messageId, error });
    }
  }
}
