import {
  FEEDBACK_AUTO_SEND_HOURS,
  parsedResumeSchema,
  RESUME_MAX_BYTES,
  type FeedbackItem,
  type FeedbackStatus,
  type ParsingStatus,
  type ResumeReviewItem,
  type ResumeView,
} from '../../shared/domain/resume';
import { AppFailure } from '../common/app-failure';
import { RateLimiter, retryAfterText } from '../common/rate-limiter';
import { RESUME_UPLOAD_LIMIT } from '../../shared/ipc/resume-channels';
import type { Clock } from '../common/clock';
import type { AppDatabase, AppTransaction } from '../db/open-database';
import type { ContentStore } from '../files/content-store';
import { PermanentJobError, type JobHandler } from '../jobs/job-runner';
import type { Logger } from '../logging/logger-types';
import type { LanguageModel } from '../providers/ai/types';
import type { EmailSender } from '../providers/email/email-sender';
import type { JobRecord, JobRepository } from '../repositories/job-repository';
import type { FeedbackWithPeople, ResumeFeedbackRepository } from '../repositories/resume-feedback-repository';
import type { ResumeRecord, ResumeRepository } from '../repositories/resume-repository';
import type { StoredFileRepository } from '../repositories/stored-file-repository';
import { checkResumeFileSize, detectResumeFileType, type ResumeTextExtractor } from './extraction/index';
import { feedbackRequest, resumeParsingRequest } from './resume-prompts';

export const JOB_KINDS = {
  parse: 'resume.parse',
  generateFeedback: 'feedback.generate',
  autoSend: 'feedback.autoSend',
  deliver: 'email.deliver',
} as const;

/** Tries of the language model per resume (each is a job attempt, with the runner's backoff between). */
export const PARSE_ATTEMPTS = 3;
/** Tries of the SMTP server per email before delivery is reported failed. */
export const DELIVERY_ATTEMPTS = 5;
export const AUTO_SEND_INTERVAL_MS = 5 * 60_000;
export const PARSE_GAVE_UP =
  'The AI could not read this resume after several tries. A recruiter will look at it; the candidate may also upload it again later.';

const MEDIA_TYPES = { pdf: 'application/pdf', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' } as const;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const deliverDedupeKey = (feedbackId: string) => `${JOB_KINDS.deliver}:${feedbackId}`;
/** Stable per feedback, so the same email sent twice (see deliver below) carries the same Message-ID. */
export const feedbackMessageId = (feedbackId: string) => `<resume-feedback-${feedbackId}@teamified-kiosk.invalid>`;
export const FEEDBACK_SUBJECT = 'Feedback on your resume from Teamified';

export interface ResumeServiceDeps {
  database: AppDatabase;
  resumes: ResumeRepository;
  feedback: ResumeFeedbackRepository;
  jobs: JobRepository;
  files: StoredFileRepository;
  store: ContentStore;
  /** Built on first use (it starts a worker) and closed by close(). */
  extractor: () => ResumeTextExtractor;
  languageModel: LanguageModel;
  email: EmailSender;
  clock: Clock;
  logger: Logger;
  /** Called after work was enqueued, so an idle runner starts it now rather than at its next poll. */
  wake?: () => void;
  /** With sync configured, the hosted database decides which device sends each email. */
  delivery?: DeliveryGate;
  /** With sync configured, auto-approval runs on the hosted database's clock. */
  autoApproval?: AutoApprovalSource;
}

/**
 * Who sends a feedback email when several devices hold it: 'claimed' (this
 * device), 'taken' (another one did), 'standalone' (no sync: this device).
 * Throws when the referee cannot be reached, so the delivery job retries.
 */
export interface DeliveryGate {
  claim(feedbackId: string): Promise<'claimed' | 'taken' | 'standalone'>;
}

/** Moves due feedback to approved on the hosted database; null without sync. Throws when unreachable. */
export interface AutoApprovalSource {
  approveDue(): Promise<string[] | null>;
}

/** Workflow 2: resume upload → text → parsed data → feedback → approval → email. */
export class ResumeService {
  private extractorInstance: ResumeTextExtractor | null = null;
  /** Per candidate: each upload is stored, synced and parsed by the AI (see RESUME_UPLOAD_LIMIT). */
  private readonly uploads: RateLimiter;

  constructor(private readonly deps: ResumeServiceDeps) {
    this.uploads = new RateLimiter(RESUME_UPLOAD_LIMIT, deps.clock);
  }

  // ------------------------------------------------------------ candidate

  async upload(candidateId: string, fileName: string, fileBase64: string): Promise<ResumeView> {
    // Every attempt counts, refused files too: reading and checking a 10 MB upload is the work being limited.
    const decision = this.uploads.take(candidateId);
    if (!decision.allowed) {
      const { count, windowMs } = RESUME_UPLOAD_LIMIT;
      throw new AppFailure('rate_limited', `You can upload ${count} resumes in ${windowMs / 60_000} minutes. Try again ${retryAfterText(decision.retryAfterMs)}.`);
    }
    const compact = fileBase64.replace(/\s+/g, '');
    if (!BASE64.test(compact) || compact.length % 4 === 1) {
      throw new AppFailure('invalid_input', 'The file did not arrive intact. Choose it again and retry the upload.');
    }
    const bytes = new Uint8Array(Buffer.from(compact, 'base64'));
    const sizeProblem = checkResumeFileSize(bytes.byteLength, RESUME_MAX_BYTES);
    if (sizeProblem) throw new AppFailure('invalid_input', sizeProblem.message);
    const type = await detectResumeFileType(bytes);
    if (!type.ok) throw new AppFailure('invalid_input', type.message);

    const stored = await this.deps.store.put(bytes);
    const resume = this.deps.database.db.transaction((tx) => {
      this.deps.files.record({ contentHash: stored.hash, relativePath: stored.relativePath, sizeBytes: stored.size, mediaType: MEDIA_TYPES[type.fileType] }, tx);
      const row = this.deps.resumes.create({ candidateId, fileUrl: stored.relativePath, fileName, fileSize: bytes.byteLength }, tx);
      this.deps.jobs.enqueue(
        { kind: JOB_KINDS.parse, payload: { resumeId: row.id }, dedupeKey: `${JOB_KINDS.parse}:${row.id}`, maxAttempts: PARSE_ATTEMPTS },
        tx,
      );
      return row;
    });
    this.deps.logger.info('resume uploaded', { resumeId: resume.id, fileType: type.fileType, sizeBytes: bytes.byteLength });
    this.deps.wake?.();
    return toResumeView(resume);
  }

  listMine(candidateId: string): ResumeView[] {
    return this.deps.resumes.listByCandidate(candidateId).map(toResumeView);
  }

  // ------------------------------------------------------------ staff

  listForReview(status: ParsingStatus | 'all'): ResumeReviewItem[] {
    return this.deps.resumes.listForReview(status).map((row) => ({ ...toResumeView(row), candidateName: row.candidateName, candidateEmail: row.candidateEmail }));
  }

  listFeedback(status: FeedbackStatus | 'all'): FeedbackItem[] {
    return this.deps.feedback.list(status).map((row) => this.toFeedbackItem(row));
  }

  updateFeedback(feedbackId: string, feedbackContent: string): FeedbackItem {
    const updated = this.deps.feedback.updateContent(feedbackId, feedbackContent);
    if (!updated) throw this.notEditable(feedbackId, 'edited');
    return this.feedbackItem(feedbackId);
  }

  approveFeedback(feedbackId: string, staffId: string): FeedbackItem {
    const approved = this.deps.database.db.transaction((tx) => {
      const row = this.deps.feedback.approve(feedbackId, staffId, tx);
      if (row) this.enqueueDelivery(feedbackId, tx);
      return row;
    });
    if (!approved) throw this.notEditable(feedbackId, 'approved');
    this.deps.logger.info('feedback approved', { feedbackId });
    this.deps.wake?.();
    return this.feedbackItem(feedbackId);
  }

  close(): void {
    const extractor = this.extractorInstance;
    this.extractorInstance = null;
    if (extractor) void extractor.close().catch(() => {});
  }

  // ------------------------------------------------------------ jobs

  jobHandlers(): Record<string, JobHandler> {
    return {
      [JOB_KINDS.parse]: { run: (job) => this.parse(job), onGiveUp: (job, _error, tx) => this.deps.resumes.markFailed(stringField(job, 'resumeId'), PARSE_GAVE_UP, tx) },
      [JOB_KINDS.generateFeedback]: { run: (job) => this.generateFeedback(job) },
      [JOB_KINDS.autoSend]: { run: () => this.autoSend() },
      [JOB_KINDS.deliver]: { run: (job) => this.deliver(job) },
    };
  }

  /** The recurring auto-send sweep; called at start-up (one row, so many start-ups still make one job). */
  scheduleAutoSend(): void {
    this.deps.jobs.ensureRecurring(JOB_KINDS.autoSend, JOB_KINDS.autoSend, 3);
  }

  private async parse(job: JobRecord) {
    const resumeId = stringField(job, 'resumeId');
    const resume = this.deps.resumes.findById(resumeId);
    if (!resume) throw new PermanentJobError('The resume no longer exists.');
    if (resume.parsingStatus === 'completed' || resume.parsingStatus === 'failed') return;
    this.deps.resumes.markProcessing(resumeId);
    const bytes = await this.deps.store.read(resume.fileUrl);
    const extraction = await this.extractor().extract(new Uint8Array(bytes));
    if (!extraction.ok) {
      // Not a job failure: the file itself cannot be read, and trying again reads the same bytes.
      this.deps.resumes.markFailed(resumeId, extraction.message);
      this.deps.logger.info('resume text could not be extracted', { resumeId, reason: extraction.reason });
      return;
    }
    const reply = await this.deps.languageModel.structured(resumeParsingRequest(extraction.text));
    return {
      commit: (tx: AppTransaction) => {
        this.deps.resumes.markCompleted(resumeId, reply.value, tx);
        this.deps.jobs.enqueue(
          { kind: JOB_KINDS.generateFeedback, payload: { resumeId }, dedupeKey: `${JOB_KINDS.generateFeedback}:${resumeId}`, maxAttempts: PARSE_ATTEMPTS },
          tx,
        );
      },
    };
  }

  private async generateFeedback(job: JobRecord) {
    const resumeId = stringField(job, 'resumeId');
    const resume = this.deps.resumes.findById(resumeId);
    if (!resume || !resume.parsedData) throw new PermanentJobError('The resume has no parsed data to write feedback on.');
    if (this.deps.feedback.findByResume(resumeId)) return;
    const reply = await this.deps.languageModel.structured(feedbackRequest(resume.candidateName, resume.parsedData));
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

  private async autoSend() {
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
            this.enqueueDelivery(feedbackId, tx);
            this.deps.logger.info('feedback auto-approved by the hosted database', { feedbackId });
          }
          for (const feedbackId of approvedHere) this.enqueueDelivery(feedbackId, tx);
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
            this.enqueueDelivery(feedback.id, tx);
            this.deps.logger.info('feedback auto-approved after its review window', { feedbackId: feedback.id });
          }
        }
      },
    };
  }

  /*
   * Exactly once, as far as SMTP allows. The job's claim (status running,
   * our runner id, a lease) is the "sending" state: no other runner touches
   * it until the lease runs out. After the server accepts the message, sent +
   * sent_at commit in the same transaction that ends the job. What remains
   * is at-least-once: if the app dies (or the lease expires) between the
   * server's acceptance and that commit, the job is retried and the message
   * goes out again. It carries the same Message-ID, so the mail system and
   * the candidate's client can recognise it as the same message.
   */
  private async deliver(job: JobRecord) {
    const feedbackId = stringField(job, 'feedbackId');
    const feedback = this.deps.feedback.findWithPeople(feedbackId);
    if (!feedback) throw new PermanentJobError('The feedback no longer exists.');
    if (feedback.status === 'sent') return;
    if (feedback.status !== 'approved') throw new PermanentJobError(`Feedback in status ${feedback.status} is not sent.`);
    // Offline throws here and the job retries; 'taken' means another device sends it, and its 'sent' arrives by sync.
    const claim = (await this.deps.delivery?.claim(feedbackId)) ?? 'standalone';
    if (claim === 'taken') {
      this.deps.logger.info('feedback email is sent by another device', { feedbackId });
      return;
    }
    await this.deps.email.send({
      to: feedback.candidateEmail,
      subject: FEEDBACK_SUBJECT,
      text: feedback.feedbackContent,
      messageId: feedbackMessageId(feedbackId),
    });
    this.deps.logger.info('feedback email accepted by the SMTP server', { feedbackId });
    return { commit: (tx: AppTransaction) => void this.deps.feedback.markSent(feedbackId, tx) };
  }

  private enqueueDelivery(feedbackId: string, tx: AppTransaction): void {
    this.deps.jobs.enqueue(
      { kind: JOB_KINDS.deliver, payload: { feedbackId }, dedupeKey: deliverDedupeKey(feedbackId), maxAttempts: DELIVERY_ATTEMPTS },
      tx,
    );
  }

  private extractor(): ResumeTextExtractor {
    this.extractorInstance ??= this.deps.extractor();
    return this.extractorInstance;
  }

  private feedbackItem(feedbackId: string): FeedbackItem {
    const row = this.deps.feedback.findWithPeople(feedbackId);
    if (!row) throw new AppFailure('not_found', 'That feedback does not exist.');
    return this.toFeedbackItem(row);
  }

  private notEditable(feedbackId: string, verb: 'edited' | 'approved'): AppFailure {
    const row = this.deps.feedback.findById(feedbackId);
    if (!row) return new AppFailure('not_found', 'That feedback does not exist.');
    if (row.status === 'sent') {
      return new AppFailure('conflict', `This feedback was already sent to the candidate (${row.sentAt ?? 'earlier'}); it cannot be ${verb} again.`);
    }
    return new AppFailure('conflict', `This feedback is already approved and queued for sending; it cannot be ${verb} again.`);
  }

  private toFeedbackItem(row: FeedbackWithPeople): FeedbackItem {
    const job = this.deps.jobs.findByDedupeKey(deliverDedupeKey(row.id));
    const delivery: FeedbackItem['delivery'] =
      row.status === 'sent'
        ? 'delivered'
        : !job
          ? 'not_queued'
          : job.status === 'running'
            ? 'sending'
            : job.status === 'failed' || job.status === 'cancelled'
              ? 'failed'
              : job.status === 'succeeded'
                ? 'delivered'
                : 'queued';
    return {
      id: row.id,
      resumeId: row.resumeId,
      candidateName: row.candidateName,
      candidateEmail: row.candidateEmail,
      status: row.status,
      feedbackContent: row.feedbackContent,
      identifiedGaps: (row.identifiedGaps ?? []).map((gap) => (typeof gap === 'string' ? gap : (gap.area ?? gap.description ?? ''))),
      recommendedResources: (row.recommendedResources ?? []).map((resource) =>
        typeof resource === 'string' ? { title: resource, url: null, reason: '' } : { title: resource.title, url: resource.url ?? null, reason: resource.reason ?? '' },
      ),
      generatedAt: row.generatedAt,
      autoSendAt: row.autoSendAt,
      approvedAt: row.approvedAt,
      approvedByName: row.approvedBy === null ? null : row.approvedByName,
      sentAt: row.sentAt,
      delivery,
      deliveryError: row.status === 'sent' ? null : (job?.lastError ?? null),
    };
  }
}

function stringField(job: JobRecord, name: string): string {
  const value = job.payload[name];
  if (typeof value !== 'string') throw new PermanentJobError(`The job's payload has no ${name}.`);
  return value;
}

export function toResumeView(row: ResumeRecord): ResumeView {
  const parsed = row.parsedData ? parsedResumeSchema.safeParse(row.parsedData) : null;
  return {
    id: row.id,
    fileName: row.fileName,
    fileSize: row.fileSize,
    parsingStatus: row.parsingStatus,
    uploadedAt: row.uploadedAt,
    parsedAt: row.parsedAt,
    failureReason: row.failureReason,
    parsed: parsed?.success ? parsed.data : null,
  };
}
