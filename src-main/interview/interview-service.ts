import type { IntegrityEventKind, InterviewView, RoleType } from '../../shared/domain/interview';
import type { EventSink } from '../../shared/ipc/event-sink';
import { ABANDON_AFTER_MINUTES, SPEAKER_TEST_LIMIT } from '../../shared/domain/interview';
import { AppFailure } from '../common/app-failure';
import { RateLimiter, retryAfterText } from '../common/rate-limiter';
import { newId, nowIso } from '../db/ids';
import type { AppTransaction } from '../db/open-database';
import type { ContentStore } from '../files/content-store';
import type { Logger } from '../logging/logger-types';
import { realSleep, type Clock, type Sleep } from '../common/clock';
import type { LanguageModel, SpeechToText, TextToSpeech } from '../providers/ai/types';
import type { IntegrityEventRepository } from '../repositories/integrity-event-repository';
import type { InterviewRecord, InterviewRepository, MessageRecord } from '../repositories/interview-repository';
import type { ResumeRepository, ResumeSummaryRecord } from '../repositories/resume-repository';
import type { StoredFileRepository } from '../repositories/stored-file-repository';
import type { SettingsService } from '../settings/settings-service';
import { AnswerJudge } from './answer-judge';
import { AnswerSegments, SegmentFormatError, SegmentLimitError } from './answer-segments';
import { createEngineState, emptyMemory, skillBoundaryLabels } from './engine/index';
import { IntegrityRecorder, type IntegrityDetails, type Transact } from './integrity-recorder';
import type { InterviewResources } from '../resources/interview-resources';
import { loadRuntime, questionMetadata, type InterviewRuntime } from './interview-runtime';
import { interviewView } from './interview-view';
import { PROVIDER_WAIT_MESSAGE, type RetryReporter } from './provider-retry';
import { QuestionWriter } from './question-writer';
import { splitSentences } from './sentence-stream';
import { SpeechRelay } from './speech-relay';
import { TurnPipeline, type EndAnswerInput } from './turn-pipeline';

/**
 * Where a submitted interview's scoring is queued. Assessment owns the job
 * (assessment/scoring-job.ts fits this port); the interview only asks for it
 * inside the transaction that completes the interview.
 */
export interface ScoringQueue {
  queuedAtSubmit(interviewId: string): { id: string } | null;
  queueAtSubmit(interviewId: string, tx: AppTransaction): { id: string };
}

export interface InterviewServiceDeps {
  interviews: InterviewRepository;
  files: StoredFileRepository;
  scoring: ScoringQueue;
  integrityEvents: IntegrityEventRepository;
  resumes: ResumeRepository;
  transact: Transact;
  store: ContentStore;
  ai: { languageModel: LanguageModel; speechToText: SpeechToText; textToSpeech: TextToSpeech };
  settings: SettingsService;
  events: EventSink;
  resources: InterviewResources;
  clock: Clock;
  logger: Logger;
  /** Waits between tries while the AI provider is down; tests pass one that does not really wait. */
  sleep?: Sleep;
  /** Called after the scoring job was queued, so an idle job runner starts it now rather than at its next poll. */
  wake?: () => void;
}

export interface SegmentInput {
  interviewId: string;
  questionMessageId: string;
  segmentIndex: number;
  audioWavBase64: string;
  startedAfterQuestionMs: number;
  endedAfterQuestionMs: number;
}

/** Integrity events main records itself, from the window, rather than the page. */
export type ScreenEventKind = Extract<IntegrityEventKind, 'screen_crashed' | 'screen_unresponsive' | 'shortcut_attempted'>;
export type ScreenEventDetails = Record<string, string | number | boolean>;

export const SPEAKER_TEST_TEXT = 'Hello! This is the speaker check. If you can hear this sentence clearly, your speakers are working.';

const ABANDON_AFTER_MS = ABANDON_AFTER_MINUTES * 60_000;
/** Segments and replays count as activity, but a database write per segment would only add sync traffic. */
const TOUCH_EVERY_MS = 60_000;

const messages = {
  notFound: 'That interview was not found.',
  abandoned: 'This interview was closed because nothing happened for 30 minutes. Please ask a member of staff for help.',
  submitted: 'This interview has already been submitted.',
  inProgress: 'You already have an interview in progress. Carry on with that one, or ask a member of staff for help.',
  notReady: 'The interview is not finished yet: please answer the current question first.',
  notCurrent: 'This question is no longer waiting for an answer.',
};

/**
 * The spoken interview, as the IPC handlers see it. Every call names the
 * signed-in candidate, and an interview that is not theirs does not exist
 * for them. An interview idle for 30 minutes (by the database's
 * last_activity_at and the app's clock) is marked abandoned the next time
 * anyone touches it.
 */
export class InterviewService {
  private readonly controller = new AbortController();
  private closed = false;
  private readonly runtimes = new Map<string, InterviewRuntime>();
  private readonly starting = new Set<string>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly sleep: Sleep;
  private readonly segments: AnswerSegments;
  private readonly relay: SpeechRelay;
  private readonly judge: AnswerJudge;
  private readonly pipeline: TurnPipeline;
  private readonly integrity: IntegrityRecorder;
  /** Per candidate: each check is paid text-to-speech. */
  private readonly speakerTests: RateLimiter;

  constructor(private readonly deps: InterviewServiceDeps) {
    const { ai, logger, clock } = deps;
    const signal = this.controller.signal;
    this.sleep = deps.sleep ?? realSleep;
    this.segments = new AnswerSegments({ store: deps.store, files: deps.files, stt: ai.speechToText, logger });
    this.relay = new SpeechRelay({ tts: ai.textToSpeech, emit: (windowId, payload) => deps.events.emit(windowId, 'interview.audio', payload), logger });
    this.judge = new AnswerJudge({
      languageModel: ai.languageModel,
      repository: deps.interviews,
      logger,
      sleep: this.sleep,
      signal,
      reporter: (runtime) => this.judgeReporter(runtime),
      isClosed: () => this.closed,
      background: (work) => this.track(work),
    });
    this.pipeline = new TurnPipeline({
      repository: deps.interviews,
      store: deps.store,
      segments: this.segments,
      writer: new QuestionWriter({
        languageModel: ai.languageModel,
        relay: this.relay,
        emitText: (windowId, payload) => deps.events.emit(windowId, 'interview.questionText', payload),
      }),
      judge: this.judge,
      limits: () => {
        const settings = deps.settings.get();
        return { tokenBudget: settings.provider.interviewTokenBudget, maxDurationMinutes: settings.interview.maxDurationMinutes };
      },
      clock,
      logger,
      sleep: this.sleep,
      signal,
      reporter: (windowId, runtime) => this.turnReporter(windowId, runtime),
      background: (work) => this.track(work),
      isClosed: () => this.closed,
    });
    this.integrity = new IntegrityRecorder({ events: deps.integrityEvents, interviews: deps.interviews, transact: deps.transact, clock });
    this.speakerTests = new RateLimiter(SPEAKER_TEST_LIMIT, clock);
  }

  /** The candidate's unfinished interview with a question waiting (asked now if a crash came between answer and question). */
  async getCurrent(candidateId: string, windowId: string): Promise<InterviewView | null> {
    const found = this.deps.interviews.findUnfinishedForCandidate(candidateId);
    if (!found) return null;
    const interview = this.abandonIfIdle(found);
    if (interview.status === 'abandoned') return null;
    const runtime = this.runtimeOf(interview, windowId);
    if (!runtime.readiness && !runtime.currentQuestion()) await runtime.exclusive(() => this.pipeline.ensureQuestion(runtime, windowId));
    return this.view(runtime, interview);
  }

  async start(candidateId: string, input: { roleType: RoleType; resumeId?: string }, windowId: string): Promise<InterviewView> {
    if (this.starting.has(candidateId)) throw new AppFailure('conflict', messages.inProgress);
    this.starting.add(candidateId);
    try {
      const existing = this.deps.interviews.findUnfinishedForCandidate(candidateId);
      if (existing && this.abandonIfIdle(existing).status !== 'abandoned') {
        const runtime = this.runtimeOf(existing, windowId);
        // A start whose first question failed to arrive is simply carried on; anything further along is a real second interview.
        if (existing.roleType !== input.roleType || runtime.answers().length > 0) throw new AppFailure('conflict', messages.inProgress);
        const waiting = runtime.currentQuestion();
        await runtime.exclusive(() => this.pipeline.ensureQuestion(runtime, windowId));
        // The caller listens for the first question's audio, which went out (if at all) to the earlier call.
        if (waiting) this.speak(runtime, waiting, windowId);
        return this.view(runtime, existing);
      }

      // Without a choice, the candidate's newest parsed resume customises the interview (the kiosk UI does not ask).
      const resume = input.resumeId
        ? this.deps.resumes.findOwned(input.resumeId, candidateId)
        : (this.deps.resumes.listByCandidate(candidateId).find((candidateResume) => candidateResume.parsingStatus === 'completed') ?? null);
      if (input.resumeId && !resume) throw new AppFailure('not_found', 'That resume was not found.');
      const role = this.deps.resources.role(input.roleType);
      const prompts = this.deps.resources.prompts();
      const startedAt = nowIso(this.deps.clock);
      const state = createEngineState({ role, startedAt, promptVersion: prompts.version, focusSkills: resume?.parsedData?.skills ?? [] });
      const { interview } = this.deps.interviews.create({
        candidateId,
        resumeId: resume?.id ?? null,
        roleType: input.roleType,
        startedAt,
        session: {
          conversationMemory: emptyMemory(),
          currentDifficultyLevel: state.phase,
          skillBoundariesIdentified: skillBoundaryLabels(state),
          progressionState: { ...state, readiness: null },
          lastActivityAt: startedAt,
        },
      });
      this.deps.logger.info('interview started', { interviewId: interview.id, roleType: input.roleType, focusSkills: state.focusSkills });
      const runtime = this.runtimeOf(interview, windowId);
      await runtime.exclusive(() => this.pipeline.ensureQuestion(runtime, windowId));
      return this.view(runtime, interview);
    } finally {
      this.starting.delete(candidateId);
    }
  }

  speakQuestion(candidateId: string, input: { interviewId: string; messageId: string }, windowId: string): { streamId: string } {
    const { runtime } = this.live(candidateId, input.interviewId, windowId);
    const question = runtime.messages.find((message) => message.id === input.messageId && message.messageType === 'ai_question');
    if (!question) throw new AppFailure('not_found', 'That question is not part of this interview.');
    const streamId = this.speak(runtime, question, windowId);
    this.touch(runtime);
    return { streamId };
  }

  async addSegment(candidateId: string, input: SegmentInput, windowId: string): Promise<void> {
    const { runtime } = this.live(candidateId, input.interviewId, windowId);
    if (runtime.currentQuestion()?.id !== input.questionMessageId) throw new AppFailure('conflict', messages.notCurrent);
    if (input.endedAfterQuestionMs < input.startedAfterQuestionMs) {
      throw new AppFailure('invalid_input', 'The segment ends before it starts.', { endedAfterQuestionMs: 'Must not be before startedAfterQuestionMs.' });
    }
    try {
      await this.segments.add({
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
    this.touch(runtime);
  }

  async endAnswer(
    candidateId: string,
    input: EndAnswerInput & { interviewId: string },
    windowId: string,
  ): Promise<{ transcript: string; interview: InterviewView }> {
    const { runtime, interview } = this.live(candidateId, input.interviewId, windowId);
    const { transcript } = await runtime.exclusive(() => this.pipeline.endAnswer(runtime, input, windowId));
    return { transcript, interview: this.view(runtime, interview) };
  }

  discardAnswer(candidateId: string, input: { interviewId: string; questionMessageId: string }): { discarded: number } {
    this.owned(candidateId, input.interviewId);
    return { discarded: this.segments.discard(input.interviewId, input.questionMessageId) };
  }

  recordIntegrityEvent(candidateId: string, input: { interviewId: string; kind: IntegrityEventKind; details?: IntegrityDetails }): void {
    // Checked first: a signal arriving after 30 idle minutes finds the interview abandoned, and is refused with it.
    const interview = this.abandonIfIdle(this.owned(candidateId, input.interviewId));
    refuseUnlessLive(interview);
    const { lastActivityAt } = this.integrity.record(interview, input.kind, input.details);
    const runtime = this.runtimes.get(interview.id);
    if (runtime && lastActivityAt) runtime.lastActivityAt = lastActivityAt;
  }

  /**
   * What main itself saw at the candidate's screen (it crashed or hung, a
   * blocked shortcut was pressed), on their interview if one is going on.
   * Returns that interview's id, or null when there is none to note it on.
   */
  recordScreenEvent(candidateId: string, kind: ScreenEventKind, details?: ScreenEventDetails): string | null {
    const found = this.deps.interviews.findUnfinishedForCandidate(candidateId);
    if (!found) return null;
    const interview = this.abandonIfIdle(found);
    if (interview.status === 'abandoned') return null;
    let lastActivityAt: string | null;
    try {
      ({ lastActivityAt } = this.integrity.record(interview, kind, details));
    } catch (error) {
      // Over the interview's limits (a shortcut key held down): what was recorded already tells the recruiter.
      if (error instanceof AppFailure) return null;
      throw error;
    }
    const runtime = this.runtimes.get(interview.id);
    if (runtime && lastActivityAt) runtime.lastActivityAt = lastActivityAt;
    return interview.id;
  }

  /** Completes the interview and queues its scoring; submitting twice returns the same job. */
  submit(candidateId: string, interviewId: string, windowId: string): { interview: InterviewView; scoringJobId: string } {
    const owned = this.owned(candidateId, interviewId);
    if (owned.status === 'completed') {
      const job = this.deps.scoring.queuedAtSubmit(interviewId);
      if (job) return { interview: this.view(this.runtimeOf(owned, windowId), owned), scoringJobId: job.id };
    }
    const { runtime } = this.live(candidateId, interviewId, windowId);
    if (!runtime.readiness) throw new AppFailure('conflict', messages.notReady);
    const completedAt = nowIso(this.deps.clock);
    const result = this.deps.transact((tx) => {
      const interview = this.deps.interviews.finish(interviewId, { status: 'completed', completedAt, durationSeconds: secondsBetween(runtime.startedAt, completedAt) }, tx);
      if (!interview) throw new AppFailure('conflict', messages.submitted);
      return { interview, job: this.deps.scoring.queueAtSubmit(interviewId, tx) };
    });
    this.segments.discard(interviewId);
    this.integrity.forget(interviewId);
    // Judgements still under way keep their own reference and are saved when they arrive.
    this.runtimes.delete(interviewId);
    this.deps.logger.info('interview submitted', { interviewId, scoringJobId: result.job.id, questions: runtime.questions().length });
    this.deps.wake?.();
    return { interview: this.view(runtime, result.interview), scoringJobId: result.job.id };
  }

  /** Equipment check: a fixed sentence through the same text-to-speech and audio events as a question. */
  testSpeaker(candidateId: string, windowId: string): { streamId: string; text: string } {
    const decision = this.speakerTests.take(candidateId);
    if (!decision.allowed) {
      const { count, windowMs } = SPEAKER_TEST_LIMIT;
      throw new AppFailure('rate_limited', `The speaker check can be played ${count} times in ${windowMs / 60_000} minutes. Try again ${retryAfterText(decision.retryAfterMs)}.`);
    }
    const streamId = `speaker-test-${newId()}`;
    this.track(this.relay.speak({ windowId, streamId, signal: this.controller.signal }, splitSentences(SPEAKER_TEST_TEXT)));
    return { streamId, text: SPEAKER_TEST_TEXT };
  }

  /** Resolves once work started after a call answered (judgements, question audio, replays) has finished; for tests and benchmarks. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Stops provider calls and background writes; the database is closed next. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.controller.abort(new Error('The app is closing.'));
    this.segments.clear();
    this.runtimes.clear();
  }

  // ---------------------------------------------------------------- helpers

  private owned(candidateId: string, interviewId: string): InterviewRecord {
    const interview = this.deps.interviews.findOwned(interviewId, candidateId);
    if (!interview) throw new AppFailure('not_found', messages.notFound);
    return interview;
  }

  /** The candidate's interview, still going on (not idle for too long), with its runtime. */
  private live(candidateId: string, interviewId: string, windowId: string): { interview: InterviewRecord; runtime: InterviewRuntime } {
    const interview = this.abandonIfIdle(this.owned(candidateId, interviewId));
    refuseUnlessLive(interview);
    return { interview, runtime: this.runtimeOf(interview, windowId) };
  }

  /**
   * Marks the interview abandoned when its session's last activity is 30
   * minutes or more in the past. It ends at that last activity: the time
   * after it was not spent on the interview.
   */
  private abandonIfIdle(interview: InterviewRecord): InterviewRecord {
    if (interview.status !== 'in_progress' && interview.status !== 'scheduled') return interview;
    const session = this.deps.interviews.findSession(interview.id);
    if (!session) return interview;
    const idleMs = this.deps.clock.now().getTime() - Date.parse(session.lastActivityAt);
    if (idleMs < ABANDON_AFTER_MS) return interview;
    const ended = this.deps.interviews.finish(interview.id, {
      status: 'abandoned',
      completedAt: session.lastActivityAt,
      durationSeconds: interview.startedAt ? secondsBetween(interview.startedAt, session.lastActivityAt) : null,
    });
    this.runtimes.delete(interview.id);
    this.segments.discard(interview.id);
    this.integrity.forget(interview.id);
    this.deps.logger.info('interview abandoned after inactivity', { interviewId: interview.id, lastActivityAt: session.lastActivityAt });
    return ended ?? this.deps.interviews.findById(interview.id) ?? interview;
  }

  private runtimeOf(interview: InterviewRecord, windowId: string): InterviewRuntime {
    let runtime = this.runtimes.get(interview.id);
    if (!runtime) {
      const session = this.deps.interviews.findSession(interview.id);
      if (!session) throw new Error(`Interview ${interview.id} has no session.`);
      const resume = interview.resumeId ? this.deps.resumes.findOwned(interview.resumeId, interview.candidateId) : null;
      runtime = loadRuntime(this.deps.resources, {
        interview,
        session,
        messages: this.deps.interviews.listMessages(interview.id),
        resumeSummary: resumeSummary(resume),
      });
      this.runtimes.set(interview.id, runtime);
      // Answers saved before a restart whose judgement never arrived are judged again, in the background.
      const rejudged = this.judge.judgeUnjudged(runtime);
      if (rejudged.length > 0) this.deps.logger.info('judging answers again after a restart', { interviewId: interview.id, answers: rejudged.length });
    }
    runtime.windowId = windowId;
    return runtime;
  }

  /** Speaks a stored question again; its parts are the sentences it was first spoken in, so the speech cache answers. */
  private speak(runtime: InterviewRuntime, question: MessageRecord, windowId: string): string {
    const streamId = `replay-${newId()}`;
    const parts = questionMetadata(question)?.spokenParts ?? splitSentences(question.contentText);
    this.track(this.relay.speak({ windowId, streamId, interviewId: runtime.interviewId, signal: this.controller.signal }, parts));
    return streamId;
  }

  private view(runtime: InterviewRuntime, interview: InterviewRecord): InterviewView {
    return interviewView(runtime, interview.status, this.deps.settings.get().interview.endOfTurnSilenceMs);
  }

  private touch(runtime: InterviewRuntime): void {
    const now = this.deps.clock.now();
    if (now.getTime() - Date.parse(runtime.lastActivityAt) < TOUCH_EVERY_MS) return;
    runtime.lastActivityAt = this.deps.interviews.updateSession(runtime.sessionId, { lastActivityAt: now.toISOString() }).lastActivityAt;
  }

  private turnReporter(windowId: string, runtime: InterviewRuntime): RetryReporter {
    return {
      waiting: (retryInMs) => {
        this.deps.events.emit(windowId, 'interview.providerStatus', { message: PROVIDER_WAIT_MESSAGE, retryInMs: Math.round(retryInMs) });
        // The candidate is waiting for us, not idle: an outage must not get the interview abandoned.
        if (!this.closed) this.touch(runtime);
      },
      recovered: () => this.deps.events.emit(windowId, 'interview.providerStatus', { message: null, retryInMs: null }),
    };
  }

  private judgeReporter(runtime: InterviewRuntime): RetryReporter {
    return {
      waiting: (retryInMs) => {
        if (runtime.waitingOnJudgement && runtime.windowId) this.turnReporter(runtime.windowId, runtime).waiting(retryInMs);
      },
      recovered: () => {
        if (runtime.windowId) this.turnReporter(runtime.windowId, runtime).recovered();
      },
    };
  }

  private track(work: Promise<unknown>): void {
    const tracked = work.catch((error: unknown) => this.deps.logger.error('interview background work failed', { error }));
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }
}

/** Integrity events, segments and answers are taken only while the interview is going on. */
function refuseUnlessLive(interview: InterviewRecord): void {
  if (interview.status === 'abandoned') throw new AppFailure('conflict', messages.abandoned);
  if (interview.status === 'completed') throw new AppFailure('conflict', messages.submitted);
}

function secondsBetween(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
}

/** A few lines the question writer can tie questions to; null without a parsed resume. */
function resumeSummary(resume: ResumeSummaryRecord | null): string | null {
  const data = resume?.parsedData;
  if (!data) return null;
  const parts: string[] = [];
  if (data.skills?.length) parts.push(`Skills: ${data.skills.slice(0, 20).join(', ')}.`);
  if (typeof data.yearsOfExperience === 'number') parts.push(`About ${data.yearsOfExperience} years of experience.`);
  if (data.previousRoles?.length) parts.push(`Previous roles: ${data.previousRoles.slice(0, 5).map((role) => `${role.title} at ${role.organisation}`).join('; ')}.`);
  if (data.technicalDomains?.length) {
    parts.push(`Domains: ${data.technicalDomains.slice(0, 8).map(({ domain, level }) => `${domain} (${level})`).join(', ')}.`);
  }
  const summary = parts.join(' ').slice(0, 800).trim();
  return summary.length > 0 ? summary : null;
}
