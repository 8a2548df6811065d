import { SECTIONS_BEFORE_DECIDING } from '../../../shared/domain/review-views';
import type { AppCalls } from '../../support/test-app';

/** The staff member on `windowId` scrolls through what a decision needs seen (the review reports each section as it comes into view). */
export async function openAssessment(calls: Pick<AppCalls, 'ok'>, interviewId: string, windowId: string): Promise<void> {
  for (const section of SECTIONS_BEFORE_DECIDING) await calls.ok('review.viewed', { interviewId, section }, windowId);
}
