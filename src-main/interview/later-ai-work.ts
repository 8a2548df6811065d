import { JUDGE_ANSWER_JOB_KIND, TRANSCRIBE_ANSWER_JOB_KIND } from '../../shared/domain/interview';
import type { Clock } from '../common/clock';
import { nowIso } from '../db/ids';
import type { AppTransaction } from '../db/open-database';
import type { ContentStore } from '../files/content-store';
import { JobNotReadyError, PermanentJobError, type JobHandler } from '../jobs/job-runner';
import type { Logger } from '../logging/logger-types';
import { isProviderError, meansServiceUnavailable } from '../providers/ai/errors';
import type { SpeechToText } from '../providers/ai/types';
import type { InterviewRepository, MessageRecord } from '../repositories/interview-repository';
import type { JobRepository } from '../repositories/job-repository';
import type { InterviewResources } from '../resources/interview-resources';
import type { AnswerJudge } from './answer-judge';
import type { Transact } from './integrity-recorder';
import type { ScoringQueue } from './interview-lifecycle';
import { loadRuntime, transcriptPending, type InterviewRuntime } from './interview-runtime';

/*
 * Issue 19, point 3: answers recorded now, understood later. An answer saved
 * while speech-to-text could not be reached, and a judgement the service
 * could not make, become persisted jobs. They wait (without spending their
 * attempts) for as long as the service is away, then transcribe the stored
 * recording, judge the answer and merge the judgement into the interview's
 * engine state, whether the interview is still going on or was submitted.
 * Scoring waits for both (assessment/scoring-service.ts).
 */

/**
 * A service still away: look again soon. While the breaker is open a look
 * costs no call at all, and the sooner the words arrive after it is back,
 * the sooner recruiters have the assessment.
 */
const SERVICE_AWAY_RETRY_MS = 15_000;
/** A job here can only fail for a reason of its own (a file gone, a reply that is never usable) a few times. */
const LATER_WORK_ATTEMPTS = 5;

export interface LaterAiWorkDeps {
  jobs: JobRepository;
  interviews: InterviewRepository;
  store: ContentStore;
  stt: SpeechToText;
  judge: AnswerJudge;
  resources: InterviewResources;
  /** The interview's runtime when it is loaded in this process: judgements and words are merged into it, not beside it. */
  loaded: (interviewId: string) => InterviewRuntime | undefined;
  transact: Transact;
  clock: Clock;
  logger: Logger;
  signal: AbortSignal;
  /** Scoring waits for this work (assessment/scoring-service.ts); told when an interview's last piece is done. */
  scoring: Pick<ScoringQueue, 'nudge'>;
  /** Nudges an idle job runner. */
  wake?: () => void;
}

interface LaterPayload {
  interviewId: string;
  messageId: string;
}

function payloadOf(payload: unknown): LaterPayload {
  const { interviewId, messageId } = (payload ?? {}) as Partial<LaterPayload>;
  if (typeof interviewId !== 'string' || typeof messageId !== 'string') throw new PermanentJobError('The job names no interview and message.');
  return { interviewId, messageId };
}

/** The service is away (or not set up): the job waits without spending an attempt. */
function serviceAway(error: unknown, what: string): never {
  if (meansServiceUnavailable(error)) {
    throw new JobNotReadyError(`The AI service is unavailable, so the ${what} waits: ${(error as Error).message}`, SERVICE_AWAY_RETRY_MS);
  }
  throw error;
}

export class LaterAiWork {
  constructor(private readonly deps: LaterAiWorkDeps) {}

  queueTranscription(interviewId: string, messageId: string, tx: AppTransaction): void {
    this.enqueue(TRANSCRIBE_ANSWER_JOB_KIND, { interviewId, messageId }, tx);
  }

  /** `messageId` is the question's: judgements are kept per question in the engine state. */
  queueJudgement(interviewId: string, questionMessageId: string, tx?: AppTransaction): void {
    this.enqueue(JUDGE_ANSWER_JOB_KIND, { interviewId, messageId: questionMessageId }, tx);
  }

  jobHandlers(): Record<string, JobHandler> {
    return {
      [TRANSCRIBE_ANSWER_JOB_KIND]: {
        run: async (job) => this.transcribe(payloadOf(job.payload)),
        onGiveUp: (job, error, tx) => this.giveUpTranscription(payloadOf(job.payload), error, tx),
      },
      [JUDGE_ANSWER_JOB_KIND]: { run: async (job) => this.judgeAnswer(payloadOf(job.payload)) },
    };
  }

  private enqueue(kind: string, payload: LaterPayload, tx?: AppTransaction): void {
    this.deps.jobs.enqueue({ kind, payload: { ...payload }, dedupeKey: `${kind}:${payload.messageId}`, maxAttempts: LATER_WORK_ATTEMPTS }, tx);
    this.deps.wake?.();
  }

  private async transcribe({ interviewId, messageId }: LaterPayload): Promise<void> {
    const answer = this.deps.interviews.findMessage(interviewId, messageId);
    // Erased, or transcribed already by an earlier run that lost its lease: nothing to do.
    if (!answer || !transcriptPending(answer)) return;
    if (!answer.contentAudioUrl) throw new PermanentJobError('The answer has no recording to transcribe.');
    const audio = await this.deps.store.read(answer.contentAudioUrl);
    let text: string;
    let model: string;
    try {
      const transcription = await this.deps.stt.transcribe({ audio, mediaType: 'audio/wav', language: 'en', interviewId, task: 'interview', signal: this.deps.signal });
      text = transcription.text.trim();
      model = transcription.model;
    } catch (error) {
      serviceAway(error, 'transcription of a recorded answer');
    }
    const questionMessageId = (answer.metadata as { questionMessageId?: string }).questionMessageId;
    this.deps.transact((tx) => {
      const saved = this.deps.interviews.setAnswerWords(
        messageId,
        { contentText: text, metadata: { ...answer.metadata, transcription: 'later', transcribedAt: nowIso(this.deps.clock), sttModel: model } },
        tx,
      );
      this.replaceLoaded(interviewId, saved);
      if (questionMessageId) this.queueJudgement(interviewId, questionMessageId, tx);
    });
    this.deps.logger.info('a recorded answer was transcribed later', { interviewId, messageId, characters: text.length });
  }

  /** Given up (its file gone, a reply never usable): the answer says so, and scoring stops waiting for it. */
  private giveUpTranscription({ interviewId, messageId }: LaterPayload, error: unknown, tx: AppTransaction): void {
    const answer = this.deps.interviews.findMessage(interviewId, messageId);
    if (!answer || !transcriptPending(answer)) return;
    const reason = error instanceof Error ? error.message.slice(0, 300) : 'unknown';
    const saved = this.deps.interviews.setAnswerWords(messageId, { contentText: '', metadata: { ...answer.metadata, transcription: 'failed', transcriptionError: reason } }, tx);
    this.replaceLoaded(interviewId, saved);
  }

  private async judgeAnswer({ interviewId, messageId: questionMessageId }: LaterPayload): Promise<void> {
    const runtime = this.deps.loaded(interviewId) ?? this.loadDetached(interviewId);
    if (!runtime) return;
    const asked = runtime.state.questions.find((question) => question.messageId === questionMessageId);
    if (!asked || asked.judgement !== null) return;
    const answer = runtime.answerTo(questionMessageId);
    if (!answer) return;
    if (transcriptPending(answer)) throw new JobNotReadyError('The answer is not transcribed yet.', SERVICE_AWAY_RETRY_MS);
    let judgement;
    try {
      judgement = await this.deps.judge.ask(runtime, questionMessageId, this.deps.signal);
    } catch (error) {
      if (isProviderError(error, 'budget_exceeded')) throw new PermanentJobError('The interview’s token budget is spent; the answer stays unjudged.');
      serviceAway(error, 'judgement of an answer');
    }
    if (!judgement) return;
    // Merged into whatever is newest: the loaded runtime if the interview came back meanwhile, else the stored state read now.
    const target = this.deps.loaded(interviewId) ?? this.loadDetached(interviewId);
    if (!target || target.state.questions.find((question) => question.messageId === questionMessageId)?.judgement) return;
    this.deps.judge.record(target, questionMessageId, judgement);
    this.deps.logger.info('an answer was judged later', { interviewId, questionMessageId });
    // This job is the last still counted (it is running): scoring, if it waits, need not wait out its next look.
    if (this.deps.jobs.countUnfinishedForInterview([TRANSCRIBE_ANSWER_JOB_KIND, JUDGE_ANSWER_JOB_KIND], interviewId) <= 1) {
      this.deps.scoring.nudge(interviewId);
      this.deps.wake?.();
    }
  }

  /** The interview's state as stored, for an interview not loaded here (submitted, or not resumed yet). Read and used synchronously. */
  private loadDetached(interviewId: string): InterviewRuntime | null {
    const interview = this.deps.interviews.findById(interviewId);
    const session = interview ? this.deps.interviews.findSession(interviewId) : null;
    if (!interview || !session) return null;
    return loadRuntime(this.deps.resources, { interview, session, messages: this.deps.interviews.listMessages(interviewId), resumeSummary: null });
  }

  private replaceLoaded(interviewId: string, message: MessageRecord): void {
    const runtime = this.deps.loaded(interviewId);
    if (!runtime) return;
    const index = runtime.messages.findIndex((existing) => existing.id === message.id);
    if (index >= 0) runtime.messages[index] = message;
  }
}
