import type { AppTransaction } from '../db/open-database';
import type { JobRecord, JobRepository } from '../repositories/job-repository';

/**
 * The scoring job's definition. Assessment owns it; the interview reaches it
 * only through its `ScoringQueue` port (interview/interview-lifecycle.ts), which
 * this class fits, so the interview feature never imports assessment.
 */
export const SCORING_JOB_KIND = 'score_interview';
/** The submit's scoring run; a retry's key starts with it too (see ScoringService.retry). */
export const scoringJobKey = (interviewId: string) => `${SCORING_JOB_KIND}:${interviewId}`;
/** A scoring job that fails this often failed for a reason beyond one AI pass (which it records and finishes): stop and show it. */
export const SCORING_JOB_ATTEMPTS = 3;

export class ScoringJobs {
  constructor(private readonly jobs: JobRepository) {}

  /** The job the submission queued, if there is one. */
  queuedAtSubmit(interviewId: string): JobRecord | null {
    return this.jobs.findByDedupeKey(scoringJobKey(interviewId));
  }

  /** The answers scoring waited for have their words and judgements: it runs at the next look, not at its next wait's end. */
  nudge(interviewId: string): void {
    this.jobs.runSoon(scoringJobKey(interviewId));
  }

  /** Interview ids with scoring queued or running on this device (jobs are the device's own, never synced). */
  activeInterviewIds(): Set<string> {
    const ids = new Set<string>();
    for (const status of ['queued', 'running'] as const) {
      for (const job of this.jobs.listByKind(SCORING_JOB_KIND, status)) {
        const id = job.payload['interviewId'];
        if (typeof id === 'string') ids.add(id);
      }
    }
    return ids;
  }

  /** Queues the submission's scoring inside the submitting transaction; queuing twice returns the same job. */
  queueAtSubmit(interviewId: string, tx: AppTransaction): JobRecord {
    const dedupeKey = scoringJobKey(interviewId);
    return this.jobs.enqueue({ kind: SCORING_JOB_KIND, payload: { interviewId }, dedupeKey, maxAttempts: SCORING_JOB_ATTEMPTS }, tx).job;
  }
}
