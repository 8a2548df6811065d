import type { ScoringState } from '../../shared/domain/assessment';
import { JUDGE_ANSWER_JOB_KIND, TRANSCRIBE_ANSWER_JOB_KIND } from '../../shared/domain/interview';
import type { Clock } from '../common/clock';
import { newId, nowIso } from '../db/ids';
import type { AppTransaction } from '../db/open-database';
import type { InterviewResources } from '../resources/interview-resources';
import { JobNotReadyError, PermanentJobError, type JobHandler } from '../jobs/job-runner';
import type { Logger } from '../logging/logger-types';
import type { AssessmentRepository } from '../repositories/assessment-repository';
import type { AuditRepository } from '../repositories/audit-repository';
import type { IntegrityEventRepository } from '../repositories/integrity-event-repository';
import type { InterviewRepository } from '../repositories/interview-repository';
import type { JobRecord, JobRepository } from '../repositories/job-repository';
import { assessmentAuditPayload } from './assessment-audit';
import { previousScoring, toAssessmentContent } from './assessment-record';
import type { AssessmentScorer } from './assessment-scorer';
import { buildScoringInput } from './load-scoring-input';
import { SCORING_JOB_ATTEMPTS, SCORING_JOB_KIND, ScoringJobs, scoringJobKey } from './scoring-job';
import type { ScoringInput } from './scoring-input';

/** How often scoring looks again while answers wait for the AI service, or its passes did (a look with the breaker open costs no call). */
const WAIT_FOR_ANSWERS_MS = 15_000;

export interface ScoringServiceDeps {
  interviews: InterviewRepository;
  integrityEvents: IntegrityEventRepository;
  assessments: AssessmentRepository;
  jobs: JobRepository;
  resources: InterviewResources;
  scorer: AssessmentScorer;
  /** The audit trail: each scoring run's entry commits with the assessment it describes. */
  audit: AuditRepository;
  clock: Clock;
  logger: Logger;
  /** Called after a retry was queued, so an idle runner starts it now. */
  wake?: () => void;
}

/**
 * Workflow 3 as a persisted job: submitting an interview queues
 * `score_interview`; the job runner runs it (again after a restart, since
 * the job is a row), and the assessment is written in the same transaction
 * that ends the job. A retry queues the job once more; passes that already
 * succeeded are kept.
 */
export class ScoringService {
  private readonly controller = new AbortController();

  constructor(private readonly deps: ScoringServiceDeps) {}

  jobHandlers(): Record<string, JobHandler> {
    return { [SCORING_JOB_KIND]: { run: (job) => this.run(job) } };
  }

  /** Where scoring of this interview is: a queued or running job, or nothing to do. */
  state(interviewId: string, interviewStatus: string): ScoringState {
    if (interviewStatus !== 'completed') return { state: 'not_submitted', lastError: null };
    const jobs = this.jobsFor(interviewId);
    const active = jobs.find((job) => job.status === 'running') ?? jobs.find((job) => job.status === 'queued');
    const last = jobs.at(-1);
    return {
      state: active ? active.status as 'queued' | 'running' : 'idle',
      lastError: last && (last.status === 'failed' || last.status === 'cancelled') ? last.lastError : null,
    };
  }

  /** Interview ids with scoring queued or running, for the dashboard. */
  activeInterviewIds(): Set<string> {
    return new ScoringJobs(this.deps.jobs).activeInterviewIds();
  }

  /** Queues scoring again for an interview whose assessment is partial, failed or missing; a no-op while one is queued. */
  retry(interviewId: string): void {
    if (this.activeInterviewIds().has(interviewId)) return;
    this.deps.jobs.enqueue({
      kind: SCORING_JOB_KIND,
      payload: { interviewId },
      // Its own key: the submit's key already names the first, finished run.
      dedupeKey: `${scoringJobKey(interviewId)}:retry:${newId()}`,
      maxAttempts: SCORING_JOB_ATTEMPTS,
    });
    this.deps.logger.info('scoring retry queued', { interviewId });
    this.deps.wake?.();
  }

  /** Everything scoring reads about the interview; null when it is gone. */
  input(interviewId: string): ScoringInput | null {
    const interview = this.deps.interviews.findById(interviewId);
    if (!interview) return null;
    return buildScoringInput({
      interview,
      session: this.deps.interviews.findSession(interviewId),
      messages: this.deps.interviews.listMessages(interviewId),
      events: this.deps.integrityEvents.listForInterview(interviewId),
      role: this.deps.resources.role(interview.roleType),
    });
  }

  close(): void {
    this.controller.abort(new Error('The app is closing.'));
  }

  private async run(job: JobRecord) {
    const interviewId = job.payload['interviewId'];
    if (typeof interviewId !== 'string') throw new PermanentJobError('The scoring job names no interview.');
    const interview = this.deps.interviews.findById(interviewId);
    if (!interview) throw new PermanentJobError('The interview no longer exists.');
    if (interview.status !== 'completed') throw new PermanentJobError(`Only submitted interviews are scored; this one is ${interview.status}.`);
    const existing = this.deps.assessments.findByInterview(interviewId);
    if (existing?.status === 'complete') return;
    // Answers recorded while the AI service was away are transcribed and judged first (issue 19): score them all, not without them.
    const waitingFor = this.deps.jobs.countUnfinishedForInterview([TRANSCRIBE_ANSWER_JOB_KIND, JUDGE_ANSWER_JOB_KIND], interviewId);
    if (waitingFor > 0) throw new JobNotReadyError(`Scoring waits for ${waitingFor} answer(s) to be transcribed or judged once the AI service is back.`, WAIT_FOR_ANSWERS_MS);

    const input = this.input(interviewId)!;
    const started = performance.now();
    const scored = await this.deps.scorer.score(input, previousScoring(existing), this.controller.signal);
    const content = toAssessmentContent(interviewId, scored, input.boundaries, nowIso(this.deps.clock));
    this.deps.logger.info('interview scored', {
      interviewId,
      status: content.status,
      failedPasses: scored.outcomes.filter((outcome) => outcome.status !== 'succeeded').map((outcome) => outcome.pass),
      ms: Math.round(performance.now() - started),
    });
    const role = this.deps.resources.role(input.roleType);
    const questionBank = { version: role.version, sha256: this.deps.resources.roleSha256(input.roleType) };
    return {
      commit: (tx: AppTransaction) => {
        const saved = this.deps.assessments.save(content, tx);
        const payload = assessmentAuditPayload({ assessmentId: saved.id, status: content.status, input, scored, questionBank, templates: this.deps.scorer.templates() });
        this.deps.audit.append({ kind: 'assessment', interviewId, payload }, tx);
      },
      // What the service could not do is done when it is back: the partial assessment is kept and its failed passes run again.
      ...(scored.serviceUnavailable ? { rescheduleAt: new Date(this.deps.clock.now().getTime() + WAIT_FOR_ANSWERS_MS).toISOString() } : {}),
    };
  }

  /** The submit's run (`score_interview:<id>`) and its retries (`score_interview:<id>:retry:…`). */
  private jobsFor(interviewId: string): JobRecord[] {
    return this.deps.jobs.listByDedupePrefix(scoringJobKey(interviewId));
  }
}
