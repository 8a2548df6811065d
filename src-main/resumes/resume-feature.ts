import type { FeedbackFailure, FeedbackItem, FeedbackStatus, ParsingStatus, ResumeReviewItem, ResumeView } from '../../shared/domain/resume';
import type { Clock } from '../common/clock';
import type { AppDatabase } from '../db/open-database';
import type { ContentStore } from '../files/content-store';
import type { JobHandler } from '../jobs/job-runner';
import type { Logger } from '../logging/logger-types';
import type { LanguageModel } from '../providers/ai/types';
import type { EmailSender } from '../providers/email/email-sender';
import type { JobRepository } from '../repositories/job-repository';
import type { ResumeFeedbackRepository } from '../repositories/resume-feedback-repository';
import type { ResumeRepository } from '../repositories/resume-repository';
import type { StoredFileRepository } from '../repositories/stored-file-repository';
import type { WebhookEventRecorder } from '../repositories/webhook-repository';
import { ResumeTextExtractor } from './extraction/index';
import { FeedbackDelivery, type DeliveryGate } from './feedback-delivery';
import { FeedbackFailures } from './feedback-failures';
import { FEEDBACK_JOB_KIND, feedbackDedupeKey, FeedbackWriter, type AutoApprovalSource } from './feedback-writer';
import { ResumeIntake } from './resume-intake';
import type { ResumePrompts } from './resume-prompts';

export interface ResumeFeatureDeps {
  database: AppDatabase;
  resumes: ResumeRepository;
  feedback: ResumeFeedbackRepository;
  jobs: JobRepository;
  files: StoredFileRepository;
  store: ContentStore;
  languageModel: LanguageModel;
  /** The resume calls' versioned wordings (loadResumePrompts). */
  prompts: ResumePrompts;
  email: EmailSender;
  clock: Clock;
  logger: Logger;
  /** Called after work was enqueued, so an idle runner starts it now rather than at its next poll. */
  wake?: () => void;
  /** With sync configured, the hosted database decides which device sends each email. */
  delivery?: DeliveryGate;
  /** With sync configured, auto-approval runs on the hosted database's clock. */
  autoApproval?: AutoApprovalSource;
  /** Webhooks (issue 21): resume.parsed and feedback.sent, each written with what it records. */
  webhookEvents?: WebhookEventRecorder;
}

/** Workflow 2 as the IPC handlers call it: candidates upload, staff review, edit and approve. */
export interface ResumeWorkflow {
  upload(candidateId: string, fileName: string, fileBase64: string): Promise<ResumeView>;
  listMine(candidateId: string): ResumeView[];
  listForReview(status: ParsingStatus | 'all'): ResumeReviewItem[];
  listFeedback(status: FeedbackStatus | 'all'): FeedbackItem[];
  updateFeedback(feedbackId: string, feedbackContent: string): FeedbackItem;
  approveFeedback(feedbackId: string, staffId: string): FeedbackItem;
  /** Feedback the AI could not write after its tries, and staff's "Try again". */
  listFeedbackFailures(): FeedbackFailure[];
  retryFeedback(resumeId: string): FeedbackFailure;
}

/** The workflow plus what the app runs it with: the job runner's handlers, the start-up sweep, and shutdown. */
export interface ResumeFeature extends ResumeWorkflow {
  /** Every job kind of Workflow 2, each handled by the part that queues it. */
  jobHandlers(): Record<string, JobHandler>;
  /** Arms the recurring auto-approval sweep; called once at start-up. */
  scheduleAutoSend(): void;
  /** Stops the extraction worker, if one was started. */
  close(): void;
}

/**
 * Workflow 2, resume upload → text → parsed data → feedback → approval →
 * email, in three parts that meet only through the ports they declare:
 * intake (upload and parse), writing (feedback, edits, approval) and
 * delivery (the email).
 */
export function createResumeFeature(deps: ResumeFeatureDeps): ResumeFeature {
  const { database, resumes, feedback, jobs, clock, logger, wake } = deps;
  const delivery = new FeedbackDelivery({ feedback, jobs, email: deps.email, logger, gate: deps.delivery, webhookEvents: deps.webhookEvents });
  const writer = new FeedbackWriter({
    database,
    resumes,
    feedback,
    jobs,
    languageModel: deps.languageModel,
    prompts: deps.prompts,
    emails: delivery,
    clock,
    logger,
    wake,
    autoApproval: deps.autoApproval,
  });
  const failures = new FeedbackFailures({
    resumes,
    feedback,
    jobs,
    jobKind: FEEDBACK_JOB_KIND,
    dedupeKey: feedbackDedupeKey,
    logger,
    wake,
  });
  const intake = new ResumeIntake({
    database,
    resumes,
    jobs,
    files: deps.files,
    store: deps.store,
    extractor: () => new ResumeTextExtractor({ logger: logger.child({ component: 'resume-extraction' }) }),
    languageModel: deps.languageModel,
    prompts: deps.prompts,
    feedback: writer,
    clock,
    logger,
    wake,
    webhookEvents: deps.webhookEvents,
  });
  return {
    upload: (candidateId, fileName, fileBase64) => intake.upload(candidateId, fileName, fileBase64),
    listMine: (candidateId) => intake.listMine(candidateId),
    listForReview: (status) => intake.listForReview(status),
    listFeedback: (status) => writer.list(status),
    updateFeedback: (feedbackId, feedbackContent) => writer.update(feedbackId, feedbackContent),
    approveFeedback: (feedbackId, staffId) => writer.approve(feedbackId, staffId),
    listFeedbackFailures: () => failures.list(),
    retryFeedback: (resumeId) => failures.retry(resumeId),
    jobHandlers: () => ({ ...intake.jobHandlers(), ...writer.jobHandlers(), ...delivery.jobHandlers() }),
    scheduleAutoSend: () => writer.scheduleAutoSend(),
    close: () => intake.close(),
  };
}
