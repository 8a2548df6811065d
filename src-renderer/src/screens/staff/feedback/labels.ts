import type { FeedbackItem, FeedbackStatus } from '../../../../../shared/domain/resume';

export const feedbackStatusLabels: Record<FeedbackStatus, string> = {
  draft: 'Draft',
  pending_approval: 'Waiting for approval',
  approved: 'Approved',
  sent: 'Sent',
};

export const deliveryLabels: Record<FeedbackItem['delivery'], string> = {
  not_queued: 'Not queued',
  queued: 'Queued to send',
  sending: 'Sending',
  delivered: 'Delivered',
  failed: 'Delivery failed',
};

export type FeedbackFilter = FeedbackStatus | 'all';

export const filterOptions: readonly (readonly [FeedbackFilter, string])[] = [
  ['pending_approval', 'Waiting for approval'],
  ['approved', 'Approved'],
  ['sent', 'Sent'],
  ['all', 'All feedback'],
];

/** The list's heading names what the "Show" filter lets through, not only the approval queue it opens on. */
export const listHeadings: Record<FeedbackFilter, string> = {
  draft: 'Draft feedback',
  pending_approval: 'Feedback waiting for approval',
  approved: 'Approved feedback, not yet sent',
  sent: 'Sent feedback',
  all: 'All feedback',
};

export const emptyMessages: Record<FeedbackFilter, string> = {
  draft: 'No draft feedback.',
  pending_approval: 'No feedback is waiting for approval.',
  approved: 'No approved feedback waiting to be sent.',
  sent: 'No feedback has been sent yet.',
  all: 'No feedback yet.',
};
