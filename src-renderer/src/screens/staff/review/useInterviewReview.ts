import { useCallback, useEffect, useRef, useState } from 'react';
import type { InterviewReview } from '../../../../../shared/domain/assessment';
import { useKioskCall } from '../../../kiosk-context';

/** While scoring is under way, the interview is fetched again this often. */
export const DETAIL_POLL_MS = 2000;
const NO_ANSWER = 'The app did not answer. Try again in a moment.';

export type ReviewState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  /** `refreshError`: a later refresh failed; the last good data stays on screen. */
  | { status: 'ready'; data: InterviewReview; refreshError: string | null };

export function isScoring(review: InterviewReview): boolean {
  return review.reviewStatus === 'scoring' || review.scoring.state === 'queued' || review.scoring.state === 'running';
}

/**
 * One interview's review: loaded once, fetched again every 2 s while it is
 * being scored, and replaced by what main answers to a decision or a retry.
 * An answer that arrives after a newer one is dropped.
 */
export function useInterviewReview(interviewId: string) {
  const call = useKioskCall();
  const [state, setState] = useState<ReviewState>({ status: 'loading' });
  const generation = useRef(0);

  const fetchReview = useCallback(() => {
    const mine = ++generation.current;
    call('review.get', { interviewId })
      .then((result) => {
        if (mine !== generation.current) return;
        if (result.ok) setState({ status: 'ready', data: result.data, refreshError: null });
        else setState((previous) => failed(previous, result.error.message));
      })
      .catch(() => {
        if (mine === generation.current) setState((previous) => failed(previous, NO_ANSWER));
      });
  }, [call, interviewId]);

  /** Drops whatever answer is on its way (the view closed, or newer data arrived). */
  const invalidate = useCallback(() => {
    generation.current++;
  }, []);

  useEffect(() => {
    fetchReview();
    return invalidate;
  }, [fetchReview, invalidate]);

  const scoring = state.status === 'ready' && isScoring(state.data);
  useEffect(() => {
    if (!scoring) return;
    const timer = setTimeout(fetchReview, DETAIL_POLL_MS);
    return () => clearTimeout(timer);
  }, [state, scoring, fetchReview]);

  const replace = useCallback(
    (data: InterviewReview) => {
      invalidate();
      setState({ status: 'ready', data, refreshError: null });
    },
    [invalidate],
  );

  const retry = useCallback(() => {
    setState((previous) => (previous.status === 'ready' ? previous : { status: 'loading' }));
    fetchReview();
  }, [fetchReview]);

  return { state, replace, retry, scoring };
}

function failed(previous: ReviewState, message: string): ReviewState {
  return previous.status === 'ready' ? { ...previous, refreshError: message } : { status: 'error', message };
}
