import type { InterviewReview } from '../../../shared/domain/assessment';
import type { RoleType } from '../../../shared/domain/interview';
import type { ExplanationPack, PackStatus } from '../../../shared/domain/explanation-pack';
import { AppFailure } from '../../common/app-failure';
import { zipArchive } from '../../files/stored-zip';
import type { Clock } from '../../common/clock';
import { nowIso } from '../../db/ids';
import { payloadString } from '../../jobs/job-payload';
import { PermanentJobError, type JobHandler } from '../../jobs/job-runner';
import type { Logger } from '../../logging/logger-types';
import type { EmailAttachment, EmailSender } from '../../providers/email/email-sender';
import type { JobRecord, JobRepository } from '../../repositories/job-repository';
import type { AuditTrailService } from '../audit-trail';
import { reportFileName } from '../report/assessment-report';
import type { ReviewService } from '../review-service';
import { packEmailText, packMessageId, PACK_SUBJECT, recordingsFit, recordingsNote } from './pack-email';
import { buildExplanationPack, type RubricSkill } from './pack-model';
import { renderExplanationPdf } from './pack-pdf';

export const PACK_JOB_KIND = 'explanation-pack.send';
/** Tries of the SMTP server before the send is reported failed, as for resume feedback. */
const SEND_ATTEMPTS = 5;
const keyPrefix = (interviewId: string) => `${PACK_JOB_KIND}:${interviewId}:`;

export interface ExplanationPackDeps {
  reviews: Pick<ReviewService, 'get' | 'answerAudio'>;
  auditTrail: Pick<AuditTrailService, 'forInterview'>;
  /** The rubric of a role's skills (resources/roles). */
  rubricOf: (roleType: RoleType) => readonly RubricSkill[];
  /** A staff member's name, for "approved by". */
  staffName: (staffId: string) => string | null;
  jobs: JobRepository;
  email: EmailSender;
  clock: Clock;
  logger: Logger;
  /** Starts an idle job runner at once. */
  wake?: () => void;
}

export interface PackPreview {
  pack: ExplanationPack;
  status: PackStatus;
  pdf: { fileName: string; base64: string };
  json: { fileName: string; text: string };
}

/**
 * The access and explanation pack (issue 18, point 5): staff prepare it
 * (the PDF and JSON to preview or save), a named recruiter or admin approves
 * exactly the content they saw, and the approval queues its email as a
 * persisted job. Nothing sends a pack without that approval.
 *
 * The state lives in the job row alone (local, like every job): its dedupe
 * key names the interview and the approved content's hash, its payload who
 * approved and when, its status whether it is queued, sending, sent or
 * failed. The pack itself is not stored: it is built again from the review
 * at send time and must hash the same, so a pack whose record changed after
 * approval (a new decision, a rescore, an erasure) is never sent.
 */
export class ExplanationPackService {
  constructor(private readonly deps: ExplanationPackDeps) {}

  jobHandlers(): Record<string, JobHandler> {
    return { [PACK_JOB_KIND]: { run: (job) => this.send(job) } };
  }

  async prepare(interviewId: string): Promise<PackPreview> {
    const review = this.deps.reviews.get(interviewId);
    const pack = this.build(review, null);
    const pdf = await renderExplanationPdf(pack, recordingsNote(pack, null));
    this.deps.logger.info('explanation pack prepared', { interviewId, bytes: pdf.byteLength });
    return {
      pack,
      status: this.status(interviewId),
      pdf: { fileName: reportFileName(review, 'explanation-pack'), base64: Buffer.from(pdf).toString('base64') },
      json: { fileName: reportFileName(review, 'explanation-pack', 'json'), text: packJson(pack) },
    };
  }

  /**
   * Everything in one ZIP for staff to save or hand over (on a USB stick,
   * in reply to a request): the PDF, the JSON and every recording, however
   * large, since nothing here goes through a mail server.
   */
  async exportArchive(interviewId: string): Promise<{ fileName: string; base64: string }> {
    const review = this.deps.reviews.get(interviewId);
    const pack = this.build(review, null);
    const recordings = await this.readRecordings(review, pack);
    const pdf = await renderExplanationPdf(pack, recordingsNote(pack, null));
    const archive = zipArchive(
      [
        { name: reportFileName(review, 'explanation-pack'), data: pdf },
        { name: reportFileName(review, 'explanation-pack', 'json'), data: Buffer.from(packJson(pack)) },
        ...recordings.map((file) => ({ name: `recordings/${file.filename}`, data: file.content })),
      ],
      this.deps.clock.now(),
    );
    this.deps.logger.info('explanation pack saved with its recordings', { interviewId, recordings: recordings.length, bytes: archive.byteLength });
    return { fileName: reportFileName(review, 'explanation-pack', 'zip'), base64: archive.toString('base64') };
  }

  /** The latest approval's state; 'not_approved' when none was given. */
  status(interviewId: string): PackStatus {
    const job = this.deps.jobs.listByDedupePrefix(keyPrefix(interviewId)).at(-1);
    if (!job) return { interviewId, state: 'not_approved', contentSha256: null, approvedBy: null, approvedAt: null, error: null };
    const approvedBy = job.payload['approvedBy'];
    return {
      interviewId,
      state: job.status === 'succeeded' ? 'sent' : job.status === 'running' ? 'sending' : job.status === 'queued' ? 'queued' : 'failed',
      contentSha256: String(job.payload['contentSha256']),
      approvedBy: typeof approvedBy === 'string' ? (this.deps.staffName(approvedBy) ?? 'a former staff member') : null,
      approvedAt: String(job.payload['approvedAt']),
      error: job.status === 'failed' || job.status === 'cancelled' || job.status === 'queued' ? (job.lastError ?? null) : null,
    };
  }

  /**
   * Approves the content the recruiter previewed (its hash) and queues the
   * email. Approving the same content again changes nothing while it is
   * queued, sending or sent; after a failed send it queues a new try.
   */
  approve(interviewId: string, contentSha256: string, staffId: string): PackStatus {
    const review = this.deps.reviews.get(interviewId);
    if (review.interviewStatus === 'scheduled' || review.interviewStatus === 'in_progress') {
      throw new AppFailure('conflict', 'This interview is still in progress; prepare the pack once it has ended.');
    }
    const pack = this.build(review, null);
    if (pack.contentSha256 !== contentSha256) {
      throw new AppFailure('conflict', 'The interview’s record changed after this pack was prepared (a decision, a score or a transcript). Prepare it again, read it, then approve.');
    }
    const tries = this.deps.jobs.listByDedupePrefix(`${keyPrefix(interviewId)}${contentSha256}`);
    if (tries.some((job) => job.status !== 'failed' && job.status !== 'cancelled')) return this.status(interviewId);
    this.deps.jobs.enqueue({
      kind: PACK_JOB_KIND,
      payload: { interviewId, contentSha256, approvedBy: staffId, approvedAt: nowIso(this.deps.clock) },
      dedupeKey: `${keyPrefix(interviewId)}${contentSha256}:${tries.length + 1}`,
      maxAttempts: SEND_ATTEMPTS,
    });
    this.deps.logger.info('explanation pack approved', { interviewId, staffId });
    this.deps.wake?.();
    return this.status(interviewId);
  }

  private build(review: InterviewReview, approval: ExplanationPack['approval']): ExplanationPack {
    return buildExplanationPack({
      review,
      rubric: this.deps.rubricOf(review.roleType),
      auditEntries: this.deps.auditTrail.forInterview(review.interviewId).entries,
      generatedAt: this.deps.clock.now(),
      approval,
    });
  }

  private async send(job: JobRecord): Promise<void> {
    const interviewId = payloadString(job, 'interviewId');
    const approvedBy = payloadString(job, 'approvedBy');
    let review: InterviewReview;
    try {
      review = this.deps.reviews.get(interviewId);
    } catch (error) {
      if (error instanceof AppFailure && error.code === 'not_found') throw new PermanentJobError('The interview no longer exists (it may have been erased).');
      throw error;
    }
    const pack = this.build(review, { approvedBy: this.deps.staffName(approvedBy) ?? 'a former staff member', approvedAt: payloadString(job, 'approvedAt') });
    if (pack.contentSha256 !== payloadString(job, 'contentSha256')) {
      throw new PermanentJobError('The interview’s record changed after the pack was approved, so it was not sent. Prepare it again and approve the new pack.');
    }
    const recordings = await this.readRecordings(review, pack);
    const attached = recordingsFit(recordings.reduce((total, file) => total + file.content.byteLength, 0));
    const pdf = Buffer.from(await renderExplanationPdf(pack, recordingsNote(pack, attached)));
    await this.deps.email.send({
      to: pack.candidate.email,
      subject: PACK_SUBJECT,
      text: packEmailText(pack, attached),
      messageId: packMessageId(interviewId, pack.contentSha256),
      attachments: [
        { filename: reportFileName(review, 'explanation-pack'), content: pdf, contentType: 'application/pdf' },
        { filename: reportFileName(review, 'explanation-pack', 'json'), content: Buffer.from(packJson(pack)), contentType: 'application/json' },
        ...(attached ? recordings : []),
      ],
    });
    this.deps.logger.info('explanation pack accepted by the SMTP server', { interviewId, recordings: recordings.length, recordingsAttached: attached });
  }

  /** Every answer's recording, downloaded first if it was made on another device; a failure retries the job. */
  async readRecordings(review: InterviewReview, pack: ExplanationPack): Promise<EmailAttachment[]> {
    const files: EmailAttachment[] = [];
    for (const recording of pack.recordings) {
      const answer = review.transcript.find((entry) => entry.number === recording.number)?.answer;
      if (!answer) continue;
      const audio = await this.deps.reviews.answerAudio(review.interviewId, answer.messageId);
      files.push({ filename: recording.fileName, content: Buffer.from(audio.base64, 'base64'), contentType: audio.mediaType });
    }
    return files;
  }
}

/** The JSON file: the pack as it is, indented for a person who opens it. */
export function packJson(pack: ExplanationPack): string {
  return `${JSON.stringify(pack, null, 2)}\n`;
}
