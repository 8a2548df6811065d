import { FEEDBACK_AUTO_SEND_HOURS, type FeedbackItem, type FeedbackStatus } from '../../shared/domain/resume';
import { AppFailure } from '../common/app-failure';
import type { Clock } from '../common/clock';
import type { AppDatabase, AppTransaction } from '../db/open-database';
import type { JobHandler } from '../jobs/job-runner';
import type { Logger } from '../logging/logger-types';
import type { LanguageModel } from '../providers/ai/types';
import type { JobRecord, JobRepository } from '../repositories/job-repository';
import type { FeedbackWithPeople, ResumeFeedbackRepository } from '../repositories/resume-feedback-repository';
import type { ResumeRepository } from '../repositories/resume-repository';
import { payloadString } from '../jobs/job-payload';
import { feedbackFailureReason, NothingToWriteOnError } from './feedback-failure-reason';
import { feedbackRequest, type ResumePrompts } from './resume-prompts';
import { toFeedbackItem, type DeliveryProgress } from './resume-views';

export const FEEDBACK_JOB_KIND = 'feedback.generate';
export const feedbackDedupeKey = (resumeId: string) => `${FEEDBACK_JOB_KIND}:${resumeId}`;
/** Tries of the language model per feedback (each is a job attempt, with the runner's backoff between). */
export const FEEDBACK_ATTEMPTS = 3;
export const AUTO_SEND_JOB_KIND = 'feedback.autoSend';
export const AUTO_SEND_INTERVAL_MS = 5 * 60_000;

/** Moves due feedback to approved on the hosted database; null without sync. Throws when unreachable. */
export interface AutoApprovalSource {
  approveDue(): Promise<string[] | null>;
}

/** What approving needs of delivery (FeedbackDelivery fits it): queue the email, and say how it is getting on. */
export interface FeedbackEmails {
  queue(feedbackId: string, tx: AppTransaction): void;
  progress(feedback: { id: string; status: FeedbackStatus }): DeliveryProgress;
}

export interface FeedbackWriterDeps {
  database: AppDatabase;
  resumes: ResumeRepository;
  feedback: ResumeFeedbackRepository;
  jobs: JobRepository;
  languageModel: LanguageModel;
  /** The versioned wording of the feedback email (resources/prompts/resume/). */
  prompts: ResumePrompts;
  emails: FeedbackEmails;
  clock: Clock;
  logger: Logger;
  /** Called after work was enqueued, so an idle runner starts it now rather than at its next poll. */
  wake?: () => void;
  /** With sync configured, auto-approval runs on the hosted database's clock. */
  autoApproval?: AutoApprovalSource;
}

/**
 * The middle of Workflow 2: the AI writes feedback on a parsed resume,
 * staff edit and approve it, and what nobody approved within its review
 * window is approved by the recurring sweep. Approval hands the email to
 * delivery; sending is not this part's business.
 */
export class FeedbackWriter {
  constructor(private readonly deps: FeedbackWriterDeps) {}

  jobHandlers(): Record<string, JobHandler> {
    return {
      [FEEDBACK_JOB_KIND]: {
        run: (job) => this.generate(job),
        // What staff read under "Feedback could not be written" (FeedbackFailures), in place of the provider's message.
        onGiveUp: (job, error, tx) => this.deps.jobs.describeFailure(job.id, feedbackFailureReason(error), tx),
      },
      [AUTO_SEND_JOB_KIND]: { run: () => this.autoApprove() },
    };
  }

  /** Queues feedback on a resume in the transaction that stores its parsed data (intake's FeedbackQueue). */
  queueFeedback(resumeId: string, tx: AppTransaction): void {
    this.deps.jobs.enqueue(
      { kind: FEEDBACK_JOB_KIND, payload: { resumeId }, dedupeKey: feedbackDedupeKey(resumeId), maxAttempts: FEEDBACK_ATTEMPTS },
      tx,
    );
  }

  /** The recurring auto-send sweep; called at start-up (one row, so many start-ups still make one job). */
  scheduleAutoSend(): void {
    this.deps.jobs.ensureRecurring(AUTO_SEND_JOB_KIND, AUTO_SEND_JOB_KIND, 3);
  }

  list(status: FeedbackStatus | 'all'): FeedbackItem[] {
    return this.deps.feedback.list(status).map((row) => this.toItem(row));
  }

  update(feedbackId: string, feedbackContent: string): FeedbackItem {
    const updated = this.deps.feedback.updateContent(feedbackId, feedbackContent);
    if (!updated) throw this.notEditable(feedbackId, 'edited');
    return this.item(feedbackId);
  }

  approve(feedbackId: string, staffId: string): FeedbackItem {
    const approved = this.deps.database.db.transaction((tx) => {
      const row = this.deps.feedback.approve(feedbackId, staffId, tx);
      if (row) this.deps.emails.queue(feedbackId, tx);
      return row;
    });
    if (!approved) throw this.notEditable(feedbackId, 'approved');
    this.deps.logger.info('feedback approved', { feedbackId });
    this.deps.wake?.();
    return this.item(feedbackId);
  }

  private async generate(job: JobRecord) {
    const resumeId = payloadString(job, 'resumeId');
    const resume = this.deps.resumes.findById(resumeId);
    if (!resume || !resume.parsedData) throw new NothingToWriteOnError();
    if (this.deps.feedback.findByResume(resumeId)) return;
    const reply = await this.deps.languageModel.structured(feedbackRequest(this.deps.prompts, resume.candidateName, resume.parsedData));
    return {
      commit: (tx: AppTransaction) => {
        const generatedAt = this.deps.clock.now();
        this.deps.feedback.createPending(
          {
            resumeId,
            feedbackContent: reply.value.feedbackContent,
            identifiedGaps: reply.value.identifiedGaps,
            recommendedResources: reply.value.recommendedResources,
            generatedAt: generatedAt.toISOString(),
            autoSendAt: new Date(generatedAt.getTime() + FEEDBACK_AUTO_SEND_HOURS * 3_600_000).toISOString(),
          },
          tx,
        );
      },
    };
  }

  private async autoApprove() {
    const now = this.deps.clock.now();
    const rescheduleAt = new Date(now.getTime() + AUTO_SEND_INTERVAL_MS).toISOString();
    let hosted: string[] | null = null;
    try {
      hosted = (await this.deps.autoApproval?.approveDue()) ?? null;
    } catch (error) {
      // Offline: approve nothing rather than on this device's clock; the next sweep asks again.
      this.deps.logger.info('auto-send sweep skipped: the hosted database cannot be reached', { error: error instanceof Error ? error.message : String(error) });
      return { rescheduleAt };
    }
    if (hosted) {
      // Rows approved elsewhere (another device's sweep, a recruiter's laptop) arrive here by pull as
      // 'approved'; every device holding one queues it, and claim_delivery lets exactly one of them send.
      const approvedHere = this.deps.feedback.list('approved').map((row) => row.id);
      return {
        rescheduleAt,
        commit: (tx: AppTransaction) => {
          for (const feedbackId of hosted) {
            // The database approved it for every device. A row this device cannot see is sent by one that can.
            if (!this.deps.feedback.findById(feedbackId, tx)) continue;
            this.deps.feedback.approve(feedbackId, null, tx);
            this.deps.emails.queue(feedbackId, tx);
            this.deps.logger.info('feedback auto-approved by the hosted database', { feedbackId });
          }
          for (const feedbackId of approvedHere) this.deps.emails.queue(feedbackId, tx);
        },
      };
    }
    const due = this.deps.feedback.dueForAutoSend(now.toISOString());
    return {
      rescheduleAt,
      // In the transaction that re-arms this job; approve() only moves pending feedback, so a
      // person approving at the same moment, or a second runner, leaves one approval and one email.
      commit: (tx: AppTransaction) => {
        for (const feedback of due) {
          if (this.deps.feedback.approve(feedback.id, null, tx)) {
            this.deps.emails.queue(feedback.id, tx);
            this.deps.logger.info('feedback auto-approved after its review window', { feedbackId: feedback.id });
          }
        }
      },
    };
  }

  private item(feedbackId: string): FeedbackItem {
    const row = this.deps.feedback.findWithPeople(feedbackId);
    if (!row) throw new AppFailure('not_found', 'That feedback does not exist.');
    return this.toItem(row);
  }

  private toItem(row: FeedbackWithPeople): FeedbackItem {
    return toFeedbackItem(row, this.deps.emails.progress(row));
  }

  private notEditable(feedbackId: string, verb: 'edited' | 'approved'): AppFailure {
    const row = this.deps.feedback.findById(feedbackId);
    if (!row) return new AppFailure('not_found', 'That feedback does not exist.');
    if (row.status === 'sent') {
      return new AppFailure('conflict', `This feedback was already sent to the candidate (${row.sentAt ?? 'earlier'}); it cannot be ${verb} again.`);
    }
    return new AppFailure('conflict', `This feedback is already approved and queued for sending; it cannot be ${verb} again.`);
  }
}
