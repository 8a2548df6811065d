import { parsedResumeSchema, type FeedbackItem, type ResumeView } from '../../shared/domain/resume';
import type { FeedbackWithPeople } from '../repositories/resume-feedback-repository';
import type { ResumeRecord } from '../repositories/resume-repository';

/**
 * Rows as the renderer sees them (the shapes in shared/domain/resume.ts).
 * Kept apart from the workflow so a change to a screen's data touches only
 * this file.
 */

export function toResumeView(row: ResumeRecord): ResumeView {
  // The column also holds partial data (db/json-schemas.ts); the screen shows parsed details only when they are complete.
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

/** How the feedback's email is getting on; delivery works it out from its job (see FeedbackDelivery.progress). */
export type DeliveryProgress = Pick<FeedbackItem, 'delivery' | 'deliveryError'>;

export function toFeedbackItem(row: FeedbackWithPeople, progress: DeliveryProgress): FeedbackItem {
  return {
    id: row.id,
    resumeId: row.resumeId,
    candidateName: row.candidateName,
    candidateEmail: row.candidateEmail,
    status: row.status,
    feedbackContent: row.feedbackContent,
    // The columns allow a bare label or an object per entry (db/json-schemas.ts); the screen shows one shape.
    identifiedGaps: (row.identifiedGaps ?? []).map((gap) => (typeof gap === 'string' ? gap : (gap.area ?? gap.description ?? ''))),
    recommendedResources: (row.recommendedResources ?? []).map((resource) =>
      typeof resource === 'string' ? { title: resource, url: null, reason: '' } : { title: resource.title, url: resource.url ?? null, reason: resource.reason ?? '' },
    ),
    generatedAt: row.generatedAt,
    autoSendAt: row.autoSendAt,
    approvedAt: row.approvedAt,
    approvedByName: row.approvedBy === null ? null : row.approvedByName,
    sentAt: row.sentAt,
    ...progress,
  };
}
