import type { InterviewView, RoleType } from '../../shared/domain/interview';
import type { WebhookCandidate } from '../../shared/domain/webhooks';
import { AppFailure } from '../common/app-failure';
import type { Clock } from '../common/clock';
import { nowIso } from '../db/ids';
import type { AppTransaction } from '../db/open-database';
import type { Logger } from '../logging/logger-types';
import type { InterviewRecord, InterviewRepository } from '../repositories/interview-repository';
import type { ResumeRepository } from '../repositories/resume-repository';
import { candidateEvent, type WebhookEventInput, type WebhookEventRecorder } from '../repositories/webhook-repository';
import type { InterviewResources } from '../resources/interview-resources';
import { createEngineState, emptyMemory, skillBoundaryLabels } from './engine/index';
import { interviewOver, secondsBetween, type InterviewAccess } from './interview-access';
import type { ViewInterview } from './interview-view';
import type { Transact } from './integrity-recorder';
import type { QuestionReplay } from './question-replay';
import type { RuntimeRegistry } from './runtime-registry';
import type { SittingGate } from './sitting-gate';
import type { InterviewStartLimit } from './start-limit';
import type { TurnPipeline } from './turn-pipeline';

/**
 * Where a submitted interview's scoring is queued. Assessment owns the job
 * (assessment/scoring-job.ts fits this port); the interview only asks for it
 * inside the transaction that completes the interview.
 */
export interface ScoringQueue {
  queuedAtSubmit(interviewId: string): { id: string } | null;
  queueAtSubmit(interviewId: string, tx: AppTransaction): { id: string };
  /** Scoring was waiting for answers to be transcribed and judged (issue 19): they are, so it may run now. */
  nudge(interviewId: string): void;
}

export interface InterviewLifecycleDeps {
  interviews: Pick<InterviewRepository, 'create' | 'finish' | 'findUnfinishedForCandidate'>;
  /** At most so many new interviews an hour, per candidate and per kiosk. */
  startLimit: Pick<InterviewStartLimit, 'check' | 'record'>;
  /** A proctored kiosk's sitting, which a start needs where IT requires one. */
  sittings: Pick<SittingGate, 'admitStart' | 'started' | 'admitCarryOn' | 'carriedOn' | 'submitted'>;
  resumes: Pick<ResumeRepository, 'findOwned' | 'listByCandidate'>;
  resources: InterviewResources;
  scoring: ScoringQueue;
  transact: Transact;
  access: Pick<InterviewAccess, 'owned' | 'live' | 'abandonIfIdle' | 'notHeld'>;
  runtimes: Pick<RuntimeRegistry, 'runtimeFor'>;
  turns: Pick<TurnPipeline, 'ensureQuestion' | 'settle'>;
  replay: Pick<QuestionReplay, 'speak'>;
  /** Lets go of what memory holds for an interview that has ended. */
  forget: (interviewId: string) => void;
  view: ViewInterview;
  clock: Clock;
  logger: Logger;
  /** Called after the scoring job was queued, so an idle job runner starts it now rather than at its next poll. */
  wake: () => void;
  /** Webhooks (issue 21): an interview.completed event, written in the transaction that completes the interview. */
  webhookEvents?: InterviewWebhookEvents;
}

/** The recorder, and the candidate as a hiring system knows them (the interview holds only their id). */
export interface InterviewWebhookEvents {
  recorder: WebhookEventRecorder;
  candidate: (candidateId: string) => WebhookCandidate | null;
}

const IN_PROGRESS = 'You already have an interview in progress. Carry on with that one, or ask a member of staff for help.';

/**
 * An interview from start to submission: starting one (or carrying on the
 * one the candidate has), finding it again after a restart, and completing
 * it, which queues its scoring.
 */
export class InterviewLifecycle {
  /** Candidates whose start is under way: a second start must not create a second interview. */
  private readonly starting = new Set<string>();

  constructor(private readonly deps: InterviewLifecycleDeps) {}

  /** The candidate's unfinished interview with a question waiting (asked now if a crash came between answer and question). */
  async getCurrent(candidateId: string, windowId: string): Promise<InterviewView | null> {
    const found = this.deps.interviews.findUnfinishedForCandidate(candidateId);
    if (!found) return null;
    const interview = this.deps.access.abandonIfIdle(found);
    if (interview.status === 'abandoned') return null;
    this.deps.sittings.admitCarryOn(candidateId);
    this.deps.sittings.carriedOn(candidateId, interview.id);
    const runtime = this.deps.runtimes.runtimeFor(interview, windowId);
    await runtime.exclusive(() => this.deps.turns.settle(runtime));
    if (!runtime.readiness && !runtime.currentQuestion()) await runtime.exclusive(() => this.deps.turns.ensureQuestion(runtime, windowId));
    return this.deps.view(runtime, interview.status);
  }

  async start(candidateId: string, input: { roleType: RoleType; resumeId?: string }, windowId: string): Promise<InterviewView> {
    if (this.starting.has(candidateId)) throw new AppFailure('conflict', IN_PROGRESS);
    this.starting.add(candidateId);
    try {
      const existing = this.deps.interviews.findUnfinishedForCandidate(candidateId);
      if (existing && this.deps.access.abandonIfIdle(existing).status !== 'abandoned') {
        const runtime = this.deps.runtimes.runtimeFor(existing, windowId);
        // A start whose first question failed to arrive is simply carried on; anything further along is a real second interview.
        if (existing.roleType !== input.roleType || runtime.answers().length > 0) throw new AppFailure('conflict', IN_PROGRESS);
        this.deps.access.notHeld(existing.id);
        this.deps.sittings.admitCarryOn(candidateId);
        this.deps.sittings.carriedOn(candidateId, existing.id);
        const waiting = runtime.currentQuestion();
        await runtime.exclusive(() => this.deps.turns.ensureQuestion(runtime, windowId));
        // The caller listens for the first question's audio, which went out (if at all) to the earlier call.
        if (waiting) this.deps.replay.speak(runtime, waiting, windowId);
        return this.deps.view(runtime, existing.status);
      }

      // Carrying on the interview in progress (above) is not a start; a new one is counted against the hour's limit.
      this.deps.startLimit.check(candidateId);
      const sittingId = this.deps.sittings.admitStart(candidateId, input.roleType);
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
      this.deps.startLimit.record(candidateId, interview.id);
      if (sittingId) this.deps.sittings.started(sittingId, interview.id);
      this.deps.logger.info('interview started', { interviewId: interview.id, roleType: input.roleType, focusSkills: state.focusSkills });
      const runtime = this.deps.runtimes.runtimeFor(interview, windowId);
      await runtime.exclusive(() => this.deps.turns.ensureQuestion(runtime, windowId));
      return this.deps.view(runtime, interview.status);
    } finally {
      this.starting.delete(candidateId);
    }
  }

  /** Completes the interview and queues its scoring; submitting twice returns the same job. */
  submit(candidateId: string, interviewId: string, windowId: string): { interview: InterviewView; scoringJobId: string } {
    const owned = this.deps.access.owned(candidateId, interviewId);
    if (owned.status === 'completed') {
      const job = this.deps.scoring.queuedAtSubmit(interviewId);
      if (job) return { interview: this.deps.view(this.deps.runtimes.runtimeFor(owned, windowId), owned.status), scoringJobId: job.id };
    }
    const { runtime } = this.deps.access.live(candidateId, interviewId, windowId);
    this.deps.access.notHeld(interviewId);
    if (!runtime.readiness) throw new AppFailure('conflict', 'The interview is not finished yet: please answer the current question first.');
    const completedAt = nowIso(this.deps.clock);
    const result = this.deps.transact((tx) => {
      const interview = this.deps.interviews.finish(interviewId, { status: 'completed', completedAt, durationSeconds: secondsBetween(runtime.startedAt, completedAt) }, tx);
      if (!interview) throw new AppFailure('conflict', interviewOver.submitted);
      this.recordCompleted(interview, completedAt, runtime.questions().length, tx);
      return { interview, job: this.deps.scoring.queueAtSubmit(interviewId, tx) };
    });
    // Judgements still under way keep their own reference to the runtime and are saved when they arrive.
    this.deps.forget(interviewId);
    this.deps.sittings.submitted(interviewId);
    this.deps.logger.info('interview submitted', { interviewId, scoringJobId: result.job.id, questions: runtime.questions().length });
    this.deps.wake();
    return { interview: this.deps.view(runtime, result.interview.status), scoringJobId: result.job.id };
  }

  private recordCompleted(interview: InterviewRecord, completedAt: string, questionCount: number, tx: AppTransaction): void {
    const events = this.deps.webhookEvents;
    if (!events) return;
    const candidate = events.candidate(interview.candidateId);
    // Not possible for a signed-in candidate's own interview; said rather than failing their submission over it.
    if (!candidate) {
      this.deps.logger.warn('interview.completed webhook event not recorded: the candidate is not on this device', { interviewId: interview.id });
      return;
    }
    events.recorder.recordEvent(completedEvent(candidate, { ...interview, completedAt }, this.deps.resources.role(interview.roleType).title, questionCount), tx);
  }
}

/** What a hiring system is told of a submitted interview: who, which role, when, and how many questions were asked. */
function completedEvent(candidate: WebhookCandidate, interview: InterviewRecord & { completedAt: string }, roleTitle: string, questionCount: number): WebhookEventInput {
  return candidateEvent('interview.completed', interview.completedAt, candidate, {
    interview: { id: interview.id, roleType: interview.roleType, roleTitle, startedAt: interview.startedAt, completedAt: interview.completedAt, questionCount },
  });
}
