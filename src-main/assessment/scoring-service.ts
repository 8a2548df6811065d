import { recommendFromScore } from '../../shared/domain/ai-recommendation';
import type { ScoringState } from '../../shared/domain/assessment';
import { JUDGE_ANSWER_JOB_KIND, TRANSCRIBE_ANSWER_JOB_KIND } from '../../shared/domain/interview';
import type { Clock } from '../common/clock';
import { newId, nowIso } from '../db/ids';
import type { AppTransaction } from '../db/open-database';
import type { InterviewResources } from '../resources/interview-resources';
import { JobNotReadyError, PermanentJobError, type JobHandler } from '../jobs/job-runner';
import type { Logger } from '../logging/logger-types';
import type { AssessmentContent, AssessmentRecord, AssessmentRepository, ReviewRow } from '../repositories/assessment-repository';
import type { AuditRepository } from '../repositories/audit-repository';
import type { IntegrityEventRepository } from '../repositories/integrity-event-repository';
import type { InterviewRepository } from '../repositories/interview-repository';
import type { JobRecord, JobRepository } from '../repositories/job-repository';
import { candidateEvent, type WebhookEventInput, type WebhookEventRecorder } from '../repositories/webhook-repository';
import { assessmentAuditPayload } from './assessment-audit';
import { previousScoring, reviewedCandidate, toAssessmentContent } from './assessment-record';
import type { AssessmentScorer, ScoredAssessment } from './assessment-scorer';
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
  /** Webhooks (issue 21): assessment.ready, written in the transaction that stores the assessment. */
  webhookEvents?: WebhookEventRecorder;
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
        const events = this.deps.webhookEvents;
        // Read only when an event may follow: a device without webhooks pays nothing more per commit.
        const previous = events ? this.deps.assessments.findByInterview(interviewId, tx) : null;
        const saved = this.deps.assessments.save(content, tx);
        const payload = assessmentAuditPayload({ assessmentId: saved.id, status: content.status, input, scored, questionBank, templates: this.deps.scorer.templates() });
        this.deps.audit.append({ kind: 'assessment', interviewId, payload }, tx);
        const row = events && announces(previous, content) ? this.deps.assessments.findForReview(interviewId) : null;
        if (events && row) events.recordEvent(readyEvent(row, saved, scored, input), tx);
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

/**
 * Whether storing this assessment is news to a hiring system: a failed one
 * (no scores) is not, and neither is one that says what the stored one
 * already said. A partial assessment scored again while the AI service is
 * down is stored again every WAIT_FOR_ANSWERS_MS with the same scores: one
 * event, not one per try. Completing it later, or a recruiter's retry that
 * changes it, is a second assessment.ready, with `complete` telling them apart.
 */
function announces(previous: AssessmentRecord | null, content: AssessmentContent): boolean {
  if (content.status === 'failed') return false;
  if (!previous || previous.status !== content.status || previous.overallScore !== content.overallScore) return true;
  return JSON.stringify(previous.skillScores) !== JSON.stringify(content.skillScores);
}

/** What a hiring system is told of a scored interview: the scores and the AI's recommendation, none of the written evidence. */
function readyEvent(row: ReviewRow, saved: AssessmentRecord, scored: ScoredAssessment, input: ScoringInput): WebhookEventInput {
  const { interview } = row;
  return candidateEvent('assessment.ready', saved.generatedAt, reviewedCandidate(row), {
    interview: { id: interview.id, roleType: interview.roleType, roleTitle: input.roleTitle, completedAt: interview.completedAt },
    assessment: {
      id: saved.id,
      status: saved.status,
      complete: saved.status === 'complete',
      overallScore: saved.overallScore,
      recommendation: recommendFromScore(saved.overallScore, input.recommendationBands)?.decision ?? null,
      skills: (scored.results.technical?.skills ?? []).map((skill) => ({ id: skill.skillId, name: skill.name, score: skill.score })),
      generatedAt: saved.generatedAt,
    },
  });
}
