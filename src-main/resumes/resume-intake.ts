import { RESUME_MAX_BYTES, type ParsingStatus, type ResumeReviewItem, type ResumeView } from '../../shared/domain/resume';
import { RESUME_UPLOAD_LIMIT } from '../../shared/ipc/resume-channels';
import { AppFailure } from '../common/app-failure';
import type { Clock } from '../common/clock';
import { RateLimiter, retryAfterText } from '../common/rate-limiter';
import type { AppDatabase, AppTransaction } from '../db/open-database';
import type { ContentStore } from '../files/content-store';
import { PermanentJobError, type JobHandler } from '../jobs/job-runner';
import type { Logger } from '../logging/logger-types';
import type { LanguageModel } from '../providers/ai/types';
import type { JobRecord, JobRepository } from '../repositories/job-repository';
import type { ResumeRecord, ResumeRepository, ResumeWithCandidate } from '../repositories/resume-repository';
import type { StoredFileRepository } from '../repositories/stored-file-repository';
import { candidateEvent, type WebhookEventInput, type WebhookEventRecorder } from '../repositories/webhook-repository';
import { checkResumeFileSize, detectResumeFileType, type ResumeTextExtractor } from './extraction/index';
import { payloadString } from '../jobs/job-payload';
import { resumeParsingRequest, type ResumePrompts } from './resume-prompts';
import { toResumeView } from './resume-views';

export const PARSE_JOB_KIND = 'resume.parse';
/** Tries of the language model per resume (each is a job attempt, with the runner's backoff between). */
export const PARSE_ATTEMPTS = 3;
export const PARSE_GAVE_UP =
  'The AI could not read this resume after several tries. A recruiter will look at it; the candidate may also upload it again later.';

const MEDIA_TYPES = { pdf: 'application/pdf', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' } as const;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** What a parsed resume leads to (FeedbackWriter fits it): feedback queued in the transaction that stores the parse. */
export interface FeedbackQueue {
  queueFeedback(resumeId: string, tx: AppTransaction): void;
}

export interface ResumeIntakeDeps {
  database: AppDatabase;
  resumes: ResumeRepository;
  jobs: JobRepository;
  files: StoredFileRepository;
  store: ContentStore;
  /** Built on first use (it starts a worker) and closed by close(). */
  extractor: () => ResumeTextExtractor;
  languageModel: LanguageModel;
  /** The versioned wording of the parse (resources/prompts/resume/). */
  prompts: ResumePrompts;
  feedback: FeedbackQueue;
  clock: Clock;
  logger: Logger;
  /** Called after work was enqueued, so an idle runner starts it now rather than at its next poll. */
  wake?: () => void;
  /** Webhooks (issue 21): resume.parsed, written in the transaction that stores the parse. */
  webhookEvents?: WebhookEventRecorder;
}

/**
 * The start of Workflow 2: a candidate's upload is checked, stored and
 * queued, and the parse job turns the file into text and the text into
 * parsed data. What follows a parse (feedback) is another part's, reached
 * through the FeedbackQueue port.
 */
export class ResumeIntake {
  private extractorInstance: ResumeTextExtractor | null = null;
  /** Per candidate: each upload is stored, synced and parsed by the AI (see RESUME_UPLOAD_LIMIT). */
  private readonly uploads: RateLimiter;

  constructor(private readonly deps: ResumeIntakeDeps) {
    this.uploads = new RateLimiter(RESUME_UPLOAD_LIMIT, deps.clock);
  }

  jobHandlers(): Record<string, JobHandler> {
    return {
      [PARSE_JOB_KIND]: {
        run: (job) => this.parse(job),
        onGiveUp: (job, _error, tx) => this.deps.resumes.markFailed(payloadString(job, 'resumeId'), PARSE_GAVE_UP, tx),
      },
    };
  }

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
        { kind: PARSE_JOB_KIND, payload: { resumeId: row.id }, dedupeKey: `${PARSE_JOB_KIND}:${row.id}`, maxAttempts: PARSE_ATTEMPTS },
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

  listForReview(status: ParsingStatus | 'all'): ResumeReviewItem[] {
    return this.deps.resumes.listForReview(status).map((row) => ({ ...toResumeView(row), candidateName: row.candidateName, candidateEmail: row.candidateEmail }));
  }

  close(): void {
    const extractor = this.extractorInstance;
    this.extractorInstance = null;
    if (extractor) void extractor.close().catch(() => {});
  }

  private async parse(job: JobRecord) {
    const resumeId = payloadString(job, 'resumeId');
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
    const reply = await this.deps.languageModel.structured(resumeParsingRequest(this.deps.prompts, extraction.text));
    return {
      commit: (tx: AppTransaction) => {
        const parsed = this.deps.resumes.markCompleted(resumeId, reply.value, tx);
        this.deps.feedback.queueFeedback(resumeId, tx);
        if (parsed) this.deps.webhookEvents?.recordEvent(parsedEvent(resume, parsed), tx);
      },
    };
  }

  private extractor(): ResumeTextExtractor {
    this.extractorInstance ??= this.deps.extractor();
    return this.extractorInstance;
  }
}

/** What a hiring system is told of a parsed resume: whose, which file, when, and the skills read from it; none of its text. */
function parsedEvent(uploaded: ResumeWithCandidate, parsed: ResumeRecord): WebhookEventInput {
  const candidate = { id: parsed.candidateId, fullName: uploaded.candidateName, email: uploaded.candidateEmail };
  return candidateEvent('resume.parsed', parsed.parsedAt ?? parsed.updatedAt, candidate, {
    resume: { id: parsed.id, fileName: parsed.fileName, parsedAt: parsed.parsedAt, skills: parsed.parsedData?.skills ?? [] },
  });
}
