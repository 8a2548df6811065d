import type { FeedbackStatus } from '../../shared/domain/resume';
import type { AppTransaction } from '../db/open-database';
import { PermanentJobError, type JobHandler } from '../jobs/job-runner';
import type { Logger } from '../logging/logger-types';
import type { EmailSender } from '../providers/email/email-sender';
import type { JobRecord, JobRepository } from '../repositories/job-repository';
import type { FeedbackRecord, FeedbackWithPeople, ResumeFeedbackRepository } from '../repositories/resume-feedback-repository';
import { candidateEvent, type WebhookEventInput, type WebhookEventRecorder } from '../repositories/webhook-repository';
import { payloadString } from '../jobs/job-payload';
import type { DeliveryProgress } from './resume-views';

export const DELIVER_JOB_KIND = 'email.deliver';
/** Tries of the SMTP server per email before delivery is reported failed. */
export const DELIVERY_ATTEMPTS = 5;
export const deliverDedupeKey = (feedbackId: string) => `${DELIVER_JOB_KIND}:${feedbackId}`;
/** Stable per feedback, so the same email sent twice (see deliver below) carries the same Message-ID. */
export const feedbackMessageId = (feedbackId: string) => `<resume-feedback-${feedbackId}@teamified-kiosk.invalid>`;
export const FEEDBACK_SUBJECT = 'Feedback on your resume from Teamified';

/**
 * Who sends a feedback email when several devices hold it: 'claimed' (this
 * device, with `content` as its text), 'taken' (another one did),
 * 'standalone' (no sync: this device). Throws when the referee cannot be
 * reached or holds a newer text than `content`, so the delivery job retries.
 */
export interface DeliveryGate {
  claim(feedbackId: string, content: string): Promise<'claimed' | 'taken' | 'standalone'>;
}

export interface FeedbackDeliveryDeps {
  feedback: ResumeFeedbackRepository;
  jobs: JobRepository;
  email: EmailSender;
  logger: Logger;
  /** With sync configured, the hosted database decides which device sends each email. */
  gate?: DeliveryGate;
  /** Webhooks (issue 21): feedback.sent, written in the commit that marks the feedback sent. */
  webhookEvents?: WebhookEventRecorder;
}

/**
 * The last step of Workflow 2: approved feedback goes to the candidate by
 * email, as a persisted job per feedback. Approving (by a person or the
 * auto-approval sweep) queues it; this part alone knows how it is sent.
 */
export class FeedbackDelivery {
  constructor(private readonly deps: FeedbackDeliveryDeps) {}

  jobHandlers(): Record<string, JobHandler> {
    return { [DELIVER_JOB_KIND]: { run: (job) => this.deliver(job) } };
  }

  /** Queues the email in the approving transaction; queuing it twice keeps one job (its dedupe key). */
  queue(feedbackId: string, tx: AppTransaction): void {
    this.deps.jobs.enqueue(
      { kind: DELIVER_JOB_KIND, payload: { feedbackId }, dedupeKey: deliverDedupeKey(feedbackId), maxAttempts: DELIVERY_ATTEMPTS },
      tx,
    );
  }

  progress(feedback: { id: string; status: FeedbackStatus }): DeliveryProgress {
    return deliveryProgress(feedback.status, this.deps.jobs.findByDedupeKey(deliverDedupeKey(feedback.id)));
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
    const feedbackId = payloadString(job, 'feedbackId');
    const feedback = this.deps.feedback.findWithPeople(feedbackId);
    if (!feedback) throw new PermanentJobError('The feedback no longer exists.');
    if (feedback.status === 'sent') return;
    if (feedback.status !== 'approved') throw new PermanentJobError(`Feedback in status ${feedback.status} is not sent.`);
    // Offline, or a newer text on the server, throws here and the job retries; 'taken' means another
    // device sends it, and its 'sent' arrives by sync. Claimed, the server's text is this one and stays so.
    const claim = (await this.deps.gate?.claim(feedbackId, feedback.feedbackContent)) ?? 'standalone';
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
    return {
      commit: (tx: AppTransaction) => {
        const sent = this.deps.feedback.markSent(feedbackId, tx);
        if (sent) this.deps.webhookEvents?.recordEvent(sentEvent(feedback, sent), tx);
      },
    };
  }
}

/** The delivery line of a feedback: 'sent' on the row wins; otherwise its email job's state says. */
export function deliveryProgress(status: FeedbackStatus, job: Pick<JobRecord, 'status' | 'lastError'> | null): DeliveryProgress {
  if (status === 'sent') return { delivery: 'delivered', deliveryError: null };
  if (!job) return { delivery: 'not_queued', deliveryError: null };
  const delivery: DeliveryProgress['delivery'] =
    job.status === 'running'
      ? 'sending'
      : job.status === 'failed' || job.status === 'cancelled'
        ? 'failed'
        : job.status === 'succeeded'
          ? 'delivered'
          : 'queued';
  return { delivery, deliveryError: job.lastError ?? null };
}

/** What a hiring system is told of feedback emailed to a candidate: to whom, on which resume, when; never its words. */
function sentEvent(approved: FeedbackWithPeople, sent: FeedbackRecord): WebhookEventInput {
  const sentAt = sent.sentAt ?? sent.updatedAt;
  const candidate = { id: approved.candidateId, fullName: approved.candidateName, email: approved.candidateEmail };
  return candidateEvent('feedback.sent', sentAt, candidate, { feedback: { id: sent.id, resumeId: sent.resumeId, sentAt } });
}
