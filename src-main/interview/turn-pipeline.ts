import { AppFailure } from '../common/app-failure';
import type { Clock } from '../common/clock';
import { newId, nowIso } from '../db/ids';
import type { ContentStore } from '../files/content-store';
import type { Logger } from '../logging/logger-types';
import { isProviderError, type ProviderError } from '../providers/ai/errors';
import type { Sleep } from '../common/clock';
import type { ChatMessage, Transcription } from '../providers/ai/types';
import type { InterviewRepository, MessageRecord, SessionChanges } from '../repositories/interview-repository';
import type { AnswerJudge } from './answer-judge';
import type { AnswerSegment, AnswerSegments, TranscriptOutcome } from './answer-segments';
import {
  addAnswer,
  addQuestion,
  buildQuestionMessages,
  planNext,
  recordAsked,
  skillBoundaryLabels,
  type AskPlan,
  type ConversationMemory,
  type EngineState,
  type FinishReason,
  type PlanLimits,
} from './engine/index';
import type { InterviewRuntime, QuestionMetadata, Readiness } from './interview-runtime';
import { isTransientOutage, untilAvailable, type RetryReporter } from './provider-retry';
import type { QuestionWriter, WrittenQuestion } from './question-writer';
import type { SpokenAudio } from './speech-relay';
import { buildWav, bytesPerSecond, PCM_CODEC } from './wav-audio';

export interface TurnDeps {
  repository: InterviewRepository;
  store: ContentStore;
  segments: AnswerSegments;
  writer: QuestionWriter;
  judge: AnswerJudge;
  limits: () => { tokenBudget: number; maxDurationMinutes: number };
  clock: Clock;
  logger: Logger;
  sleep: Sleep;
  signal: AbortSignal;
  /** Tells the window that the provider is down and the turn is waiting for it. */
  reporter: (windowId: string, runtime: InterviewRuntime) => RetryReporter;
  /** Work that goes on after the call has answered (storing a question's audio). */
  background: (work: Promise<unknown>) => void;
  isClosed: () => boolean;
}

export interface EndAnswerInput {
  questionMessageId: string;
  segmentCount: number;
  reason: 'silence' | 'button';
}

/** How long ending an answer waits for segments the renderer sent just before (another call may still be storing them). */
const SEGMENT_GRACE_MS = 3000;
const NO_SEGMENT_GRACE_MS = 500;
const SEGMENT_POLL_MS = 25;

export const ANSWER_NOT_HEARD = 'Sorry, we could not make out your answer. Please answer the question again.';

/**
 * One turn of the conversation: save the answer (audio on disk, then one
 * transaction), then at the same time judge it and ask the next question,
 * so the judge is never what the candidate waits for unless the engine
 * cannot choose the next question without it. Nothing here loses a saved
 * answer: every failure after the save leaves the turn to be finished by a
 * later call (a retry, or the next start of the app).
 */
export class TurnPipeline {
  constructor(private readonly deps: TurnDeps) {}

  async endAnswer(runtime: InterviewRuntime, input: EndAnswerInput, windowId: string): Promise<{ transcript: string }> {
    const question = runtime.messages.find((message) => message.id === input.questionMessageId && message.messageType === 'ai_question');
    if (!question) throw new AppFailure('not_found', 'That question is not part of this interview.');
    const saved = runtime.answerTo(question.id);
    if (saved) {
      // Asked again after a lost reply or an outage: the answer is already saved, only the next question may be missing.
      await this.ensureQuestion(runtime, windowId);
      return { transcript: saved.contentText };
    }
    if (runtime.currentQuestion()?.id !== question.id) throw new AppFailure('conflict', 'This question is no longer waiting for an answer.');

    const segments = await this.collectSegments(runtime.interviewId, question.id, input.segmentCount);
    const answer = await this.saveAnswer(runtime, question, segments, input.reason, windowId);
    void this.deps.judge.judge(runtime, question.id);
    await this.ensureQuestion(runtime, windowId);
    return { transcript: answer.contentText };
  }

  /** Makes sure the interview has a question waiting for an answer, or has finished. */
  async ensureQuestion(runtime: InterviewRuntime, windowId: string): Promise<void> {
    for (;;) {
      if (this.deps.isClosed()) throw new AppFailure('unavailable', 'The app is closing. Your answers are saved.');
      if (runtime.readiness || runtime.currentQuestion()) return;
      if (runtime.budgetSpent) return this.finish(runtime, 'token_budget');
      const plan = planNext(runtime.state, runtime.role, this.planLimits(runtime));
      if (plan.kind === 'finish') return this.finish(runtime, plan.reason);
      if (plan.kind === 'wait') {
        await this.waitForJudgement(runtime);
        continue;
      }
      if (await this.ask(runtime, plan, windowId)) return;
    }
  }

  // ---------------------------------------------------------------- the answer

  private async collectSegments(interviewId: string, questionMessageId: string, count: number): Promise<AnswerSegment[]> {
    let segments = this.deps.segments.list(interviewId, questionMessageId).filter((segment) => segment.index < count);
    // None known at all almost always means a restart lost them; a short wait covers one still being stored.
    const until = Date.now() + (segments.length === 0 ? NO_SEGMENT_GRACE_MS : SEGMENT_GRACE_MS);
    while (segments.length < count && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, SEGMENT_POLL_MS));
      segments = this.deps.segments.list(interviewId, questionMessageId).filter((segment) => segment.index < count);
    }
    if (segments.length === count) return segments;
    // None at all: they were sent before the app restarted, so only answering again can bring them back.
    if (segments.length === 0) throw new AppFailure('answer_not_heard', ANSWER_NOT_HEARD);
    throw new AppFailure(
      'invalid_input',
      `Only ${segments.length} of the ${count} parts of your answer reached the app. Select “Try again”; if this keeps happening, answer the question again.`,
    );
  }

  private async saveAnswer(
    runtime: InterviewRuntime,
    question: MessageRecord,
    segments: AnswerSegment[],
    reason: EndAnswerInput['reason'],
    windowId: string,
  ): Promise<MessageRecord> {
    const format = segments[0]!.format;
    // Written while the last segment is still being transcribed: off the candidate's wait.
    const storing = this.deps.store.put(buildWav(format, segments.map((segment) => segment.pcm)));
    storing.catch(() => {});

    const transcripts = await this.transcribeAll(runtime, question.id, segments, windowId);
    const text = transcripts
      .map((transcript) => transcript.text.trim())
      .filter((part) => part.length > 0)
      .join(' ');
    if (text.length === 0) {
      this.deps.segments.discard(runtime.interviewId, question.id);
      throw new AppFailure('answer_not_heard', ANSWER_NOT_HEARD);
    }
    const file = await storing;

    const first = segments[0]!;
    const last = segments.at(-1)!;
    const speechMs = segments.reduce((sum, segment) => sum + Math.max(0, segment.endedAfterQuestionMs - segment.startedAfterQuestionMs), 0);
    const pauseMs = Math.max(0, last.endedAfterQuestionMs - first.startedAfterQuestionMs - speechMs);
    const pcmBytes = segments.reduce((sum, segment) => sum + segment.pcm.length, 0);
    const durationSeconds = round(pcmBytes / bytesPerSecond(format), 3);
    const memory = withAnswer(runtime.memory, question, text);

    const { message, session } = this.deps.repository.appendMessage({
      interviewId: runtime.interviewId,
      sessionId: runtime.sessionId,
      message: {
        messageType: 'candidate_response',
        contentText: text,
        contentAudioUrl: file.relativePath,
        audioDurationSeconds: Math.round(durationSeconds),
        audioMetadata: {
          sampleRate: format.sampleRate,
          codec: PCM_CODEC,
          sizeBytes: file.size,
          durationSeconds,
          sttProcessingMs: transcripts.reduce((sum, transcript) => sum + transcript.processingMs, 0),
          confidence: confidenceOf(transcripts, segments),
          segments: segments.map((segment) => ({ startMs: segment.startedAfterQuestionMs, endMs: segment.endedAfterQuestionMs })),
        },
        responseTimeSeconds: Math.round(first.startedAfterQuestionMs / 1000),
        metadata: {
          questionMessageId: question.id,
          speechMs,
          pauseMs,
          reason,
          responseTimeMs: first.startedAfterQuestionMs,
          segmentCount: segments.length,
          sttModel: transcripts[0]?.model ?? null,
        },
      },
      session: { ...this.sessionState(runtime, runtime.state, memory), lastActivityAt: nowIso(this.deps.clock) },
      file: { contentHash: file.hash, relativePath: file.relativePath, sizeBytes: file.size, mediaType: 'audio/wav' },
    });
    runtime.messages.push(message);
    runtime.memory = memory;
    runtime.lastActivityAt = session.lastActivityAt;
    this.deps.segments.discard(runtime.interviewId, question.id);
    return message;
  }

  /**
   * Every segment's transcript, most of them finished long ago. A segment
   * whose transcription failed because the provider was down is tried again
   * until it works (the recording is safe on disk meanwhile); one the
   * provider could not make sense of means answering again.
   */
  private async transcribeAll(runtime: InterviewRuntime, questionMessageId: string, segments: AnswerSegment[], windowId: string): Promise<Transcription[]> {
    const outcomes = await Promise.all(segments.map((segment) => segment.transcript));
    const results: Transcription[] = [];
    for (const [index, segment] of segments.entries()) {
      let outcome: TranscriptOutcome = outcomes[index]!;
      // A key or setting fixed since the segment arrived (the candidate was asked to wait for staff) deserves one more try.
      if (!outcome.ok && isConfigurationProblem(outcome.error)) outcome = await this.deps.segments.retranscribe(runtime.interviewId, segment);
      if (!outcome.ok && isTransientOutage(outcome.error)) {
        try {
          const transcription = await untilAvailable(
            async () => {
              const again = await this.deps.segments.retranscribe(runtime.interviewId, segment);
              if (!again.ok) throw again.error;
              return again.transcription;
            },
            { sleep: this.deps.sleep, logger: this.deps.logger, step: 'transcribe answer', signal: this.deps.signal, reporter: this.deps.reporter(windowId, runtime) },
          );
          outcome = { ok: true, transcription };
        } catch (error) {
          outcome = { ok: false, error };
        }
      }
      if (!outcome.ok) {
        if (isConfigurationProblem(outcome.error)) {
          // Nobody at the kiosk can fix this by answering again; the segments are kept for when it is fixed.
          throw new AppFailure('unavailable', `${outcome.error.message} Your answer has been kept; ask a member of staff for help.`);
        }
        if (this.deps.signal.aborted) throw outcome.error;
        this.deps.segments.discard(runtime.interviewId, questionMessageId);
        throw new AppFailure('answer_not_heard', ANSWER_NOT_HEARD);
      }
      results.push(outcome.transcription);
    }
    return results;
  }

  // ---------------------------------------------------------------- the next question

  private async ask(runtime: InterviewRuntime, plan: AskPlan, windowId: string): Promise<boolean> {
    const prompt = { prompts: runtime.prompts, role: runtime.role, plan, memory: runtime.memory, resumeSummary: runtime.resumeSummary };
    const write = (messages: ChatMessage[]) =>
      untilAvailable(() => this.deps.writer.write({ interviewId: runtime.interviewId, messageId: newId(), windowId, messages, signal: this.deps.signal }), {
        sleep: this.deps.sleep,
        logger: this.deps.logger,
        step: 'ask question',
        signal: this.deps.signal,
        reporter: this.deps.reporter(windowId, runtime),
      });
    let written: WrittenQuestion;
    try {
      try {
        written = await write(buildQuestionMessages(prompt));
      } catch (error) {
        if (!isProviderError(error, 'refused')) throw error;
        // Asked the same way it would decline again; what it declines is most often something the candidate said.
        this.deps.logger.warn('the model declined to write the question; asking for a different one without the candidate’s words', {
          interviewId: runtime.interviewId,
          skillId: plan.skillId,
        });
        written = await write(buildQuestionMessages({ ...prompt, withoutAnswers: true }));
      }
    } catch (error) {
      if (isProviderError(error, 'budget_exceeded')) {
        runtime.budgetSpent = true;
        return false;
      }
      if (isProviderError(error)) {
        const help = isConfigurationProblem(error) ? 'Your answers are saved; ask a member of staff for help.' : 'Your answers are saved.';
        throw new AppFailure('unavailable', `The AI interviewer could not ask the next question. ${error.message} ${help}`);
      }
      throw error;
    }

    const state = recordAsked(runtime.state, plan, written.messageId);
    const memory = addQuestion(runtime.memory, written.messageId, written.text);
    const metadata: QuestionMetadata & { model: string } = {
      phase: plan.phase,
      skillId: plan.skillId,
      difficulty: plan.difficulty,
      purpose: plan.purpose,
      promptVersion: runtime.prompts.version,
      spokenParts: written.parts,
      model: written.model,
    };
    const { message, session } = this.deps.repository.appendMessage({
      interviewId: runtime.interviewId,
      sessionId: runtime.sessionId,
      message: { id: written.messageId, messageType: 'ai_question', contentText: written.text, metadata },
      session: {
        ...this.sessionState(runtime, state, memory),
        questionsAskedCount: runtime.questions().length + 1,
        lastActivityAt: nowIso(this.deps.clock),
      },
    });
    runtime.state = state;
    runtime.memory = memory;
    runtime.messages.push(message);
    runtime.lastActivityAt = session.lastActivityAt;
    // Chained only now, so the audio can never be attached to a question row that does not exist yet.
    this.deps.background(written.audio.then((audio) => this.storeQuestionAudio(runtime, message.id, audio)));
    return true;
  }

  private async waitForJudgement(runtime: InterviewRuntime): Promise<void> {
    let tasks = [...runtime.judging.values()];
    if (tasks.length === 0) tasks = this.deps.judge.judgeUnjudged(runtime);
    if (tasks.length === 0) throw new Error('The interview engine is waiting for a judgement, but no answer is waiting to be judged.');
    this.deps.logger.debug('waiting for a judgement before choosing the next question', { interviewId: runtime.interviewId, pending: tasks.length });
    runtime.waitingOnJudgement = true;
    try {
      const recorded = await Promise.race(tasks);
      if (!recorded && runtime.judging.size === 0 && !runtime.budgetSpent && !this.deps.isClosed()) {
        throw new AppFailure(
          'unavailable',
          'The AI interviewer could not assess your last answer yet, and needs it to choose the next question. Your answers are saved; please try again in a moment.',
        );
      }
    } finally {
      runtime.waitingOnJudgement = false;
    }
  }

  private finish(runtime: InterviewRuntime, reason: FinishReason): void {
    const readiness: Readiness = { reason, decidedAt: nowIso(this.deps.clock) };
    const session = this.deps.repository.updateSession(runtime.sessionId, {
      progressionState: { ...runtime.state, readiness },
      lastActivityAt: readiness.decidedAt,
    });
    runtime.readiness = readiness;
    runtime.lastActivityAt = session.lastActivityAt;
    this.deps.logger.info('interview ready to submit', { interviewId: runtime.interviewId, reason, questions: runtime.questions().length });
  }

  private async storeQuestionAudio(runtime: InterviewRuntime, messageId: string, audio: SpokenAudio | null): Promise<void> {
    if (!audio || this.deps.isClosed()) return;
    try {
      const file = await this.deps.store.put(buildWav(audio.format, audio.pcm));
      if (this.deps.isClosed()) return;
      const durationSeconds = round(audio.bytes / bytesPerSecond(audio.format), 3);
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

  private planLimits(runtime: InterviewRuntime): PlanLimits {
    const { tokenBudget, maxDurationMinutes } = this.deps.limits();
    return {
      now: this.deps.clock.now(),
      tokensUsed: this.deps.repository.findById(runtime.interviewId)?.totalTokensUsed ?? 0,
      tokenBudget,
      maxDurationMinutes,
    };
  }

  private sessionState(runtime: InterviewRuntime, state: EngineState, memory: ConversationMemory): SessionChanges {
    return {
      progressionState: { ...state, readiness: runtime.readiness },
      conversationMemory: memory,
      currentDifficultyLevel: state.phase,
      skillBoundariesIdentified: skillBoundaryLabels(state),
      questionsAskedCount: runtime.questions().length,
    };
  }
}

/** Nobody at the kiosk can fix these by waiting or answering again; staff must (a key, an address, the account's credit). */
function isConfigurationProblem(error: unknown): error is ProviderError {
  return isProviderError(error, 'unauthorized') || isProviderError(error, 'not_configured') || isProviderError(error, 'quota_exhausted');
}

/** The answer in the conversation memory; a memory that lacks its question (older data) gets it first. */
function withAnswer(memory: ConversationMemory, question: MessageRecord, text: string): ConversationMemory {
  const known = memory.turns.some((turn) => turn.questionMessageId === question.id) ? memory : addQuestion(memory, question.id, question.contentText);
  return addAnswer(known, question.id, text);
}

/** The segments' confidences weighted by their length; null when the model gave none. */
function confidenceOf(transcripts: Transcription[], segments: AnswerSegment[]): number | null {
  let weight = 0;
  let sum = 0;
  transcripts.forEach((transcript, index) => {
    if (transcript.confidence === null) return;
    const length = Math.max(1, segments[index]?.pcm.length ?? 1);
    weight += length;
    sum += transcript.confidence * length;
  });
  return weight > 0 ? round(sum / weight, 4) : null;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
