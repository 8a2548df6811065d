import type { FeedbackFailure } from '../../shared/domain/resume';
import { AppFailure } from '../common/app-failure';
import { payloadString } from '../jobs/job-payload';
import type { Logger } from '../logging/logger-types';
import type { JobRecord, JobRepository } from '../repositories/job-repository';
import type { ResumeFeedbackRepository } from '../repositories/resume-feedback-repository';
import type { ResumeRepository, ResumeWithCandidate } from '../repositories/resume-repository';

export interface FeedbackFailuresDeps {
  resumes: ResumeRepository;
  feedback: ResumeFeedbackRepository;
  jobs: JobRepository;
  /** The feedback job's kind and dedupe key (FeedbackWriter's). */
  jobKind: string;
  dedupeKey: (resumeId: string) => string;
  logger: Logger;
  /** Called after work was enqueued, so an idle runner starts it now rather than at its next poll. */
  wake?: () => void;
}

/**
 * Feedback the AI could not write after its tries: what staff see of it,
 * and their "Try again". The failure lives on the job (its last error, in
 * a recruiter's words: feedback-failure-reason.ts), so it is this device's:
 * the device that tried holds it.
 */
export class FeedbackFailures {
  constructor(private readonly deps: FeedbackFailuresDeps) {}

  /** Failed feedback on resumes that can still have some (not erased, parsed data kept), newest upload first. */
  list(): FeedbackFailure[] {
    return this.deps.jobs
      .listByKind(this.deps.jobKind, 'failed')
      .flatMap((job) => {
        const resume = this.retryable(job);
        return resume ? [toFailure(resume, job.lastError, 'failed')] : [];
      })
      .sort((a, b) => b.uploadedAt.localeCompare(a.uploadedAt) || b.resumeId.localeCompare(a.resumeId));
  }

  /**
   * Queues the writing once more. Refused, with what to do instead, while
   * it is queued or running (a second click, another window) and once the
   * feedback exists; the job moves from failed to queued in one UPDATE, so
   * two requests at once still queue it once.
   */
  retry(resumeId: string): FeedbackFailure {
    const resume = this.deps.resumes.findById(resumeId);
    if (!resume) throw new AppFailure('not_found', 'That resume does not exist on this device (it may have been erased).');
    if (this.deps.feedback.findByResume(resumeId)) {
      throw new AppFailure('conflict', 'Feedback on this resume has already been written. Find it in the feedback list (Show: All feedback).');
    }
    if (resume.parsingStatus !== 'completed' || !resume.parsedData) {
      throw new AppFailure('conflict', 'This resume has not been read, so there is nothing to write feedback on. Ask the candidate to upload it again.');
    }
    const key = this.deps.dedupeKey(resumeId);
    const before = this.deps.jobs.findByDedupeKey(key);
    if (!this.deps.jobs.retryFailed(key)) {
      const job = this.deps.jobs.findByDedupeKey(key);
      if (job && (job.status === 'queued' || job.status === 'running')) {
        throw new AppFailure('conflict', 'Feedback on this resume is already being written. It appears in the approval queue when it is ready.');
      }
      if (job) throw new AppFailure('conflict', 'Feedback on this resume was already written on this device; it cannot be written again.');
      // Read on another device, which writes its feedback: queuing it here too could write two.
      throw new AppFailure('not_found', 'Feedback on this resume is written by the device that read it, not this one. Try again there.');
    }
    this.deps.logger.info('feedback writing queued again by staff', { resumeId });
    this.deps.wake?.();
    return toFailure(resume, before?.lastError ?? null, 'queued');
  }

  private retryable(job: JobRecord): ResumeWithCandidate | null {
    const resumeId = payloadString(job, 'resumeId');
    const resume = this.deps.resumes.findById(resumeId);
    if (!resume || !resume.parsedData || this.deps.feedback.findByResume(resumeId)) return null;
    return resume;
  }
}

function toFailure(resume: ResumeWithCandidate, reason: string | null, status: FeedbackFailure['status']): FeedbackFailure {
  return {
    resumeId: resume.id,
    candidateName: resume.candidateName,
    candidateEmail: resume.candidateEmail,
    fileName: resume.fileName,
    uploadedAt: resume.uploadedAt,
    reason: reason ?? 'the reason was not recorded.',
    status,
  };
}
