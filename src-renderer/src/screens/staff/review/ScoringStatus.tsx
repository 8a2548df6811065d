import { useState } from 'react';
import type { InterviewReview } from '../../../../../shared/domain/assessment';
import { FormAlert } from '../../../components/FormAlert';
import { useFocusRequest } from '../../../hooks/useFocusRequest';
import { usePending } from '../../../hooks/usePending';
import { useKioskCall } from '../../../kiosk-context';
import { passLabels } from './labels';
import { isScoring } from './useInterviewReview';
import { Loading } from '../../../components/LoadStates';

const NO_ANSWER = 'The app did not answer. Try again in a moment.';

interface ScoringStatusProps {
  review: InterviewReview;
  canRetry: boolean;
  onChanged: (review: InterviewReview) => void;
}

/**
 * Where scoring stands when it is not simply complete: under way (the page
 * refreshes itself), never started, or partly failed with a retry for
 * recruiters and admins.
 */
export function ScoringStatus({ review, canRetry, onChanged }: ScoringStatusProps) {
  const call = useKioskCall();
  const { pending, run } = usePending();
  const focus = useFocusRequest();
  const [alert, setAlert] = useState<string | null>(null);

  if (isScoring(review)) {
    return (
      <section aria-labelledby="review-scoring-title" className="panel">
        <h2 id="review-scoring-title" tabIndex={-1}>Scoring in progress</h2>
        <Loading>The AI is scoring this interview. This page updates by itself when the results are ready.</Loading>
      </section>
    );
  }

  if (review.reviewStatus === 'in_progress' || review.reviewStatus === 'abandoned') {
    return (
      <section aria-labelledby="review-scoring-title" className="panel">
        <h2 id="review-scoring-title" tabIndex={-1}>Not scored</h2>
        <p>
          {review.reviewStatus === 'in_progress'
            ? 'The candidate has not submitted this interview yet, so it has not been scored.'
            : 'The candidate left this interview before submitting it, so it has not been scored.'}
        </p>
      </section>
    );
  }

  const failedPasses = review.assessment?.passes.filter((pass) => pass.status !== 'succeeded') ?? [];
  if (review.reviewStatus !== 'partial' && review.reviewStatus !== 'failed' && failedPasses.length === 0) return null;

  const retry = () => {
    setAlert(null);
    void run(async () => {
      try {
        const result = await call('review.retryScoring', { interviewId: review.interviewId });
        if (result.ok) {
          onChanged(result.data);
          focus('review-scoring-title');
          return;
        }
        setAlert(result.error.message);
      } catch {
        setAlert(NO_ANSWER);
      }
      focus('retry-scoring-alert');
    });
  };

  return (
    <section aria-labelledby="review-scoring-title" className="panel">
      <h2 id="review-scoring-title" tabIndex={-1}>{review.reviewStatus === 'failed' ? 'Scoring failed' : 'Scoring is incomplete'}</h2>
      <p>
        {review.reviewStatus === 'failed'
          ? 'The interview could not be scored. The transcript and recordings are below.'
          : 'Some parts of the assessment could not be produced. What did work is shown below.'}
      </p>
      {failedPasses.length > 0 ? (
        <ul className="pass-list">
          {failedPasses.map((pass) => (
            <li key={pass.pass}>
              <strong>{passLabels[pass.pass]}</strong>: {pass.status === 'skipped' ? 'skipped' : 'failed'}
              {pass.error ? `. ${pass.error}` : ''}
            </li>
          ))}
        </ul>
      ) : null}
      {review.scoring.lastError ? <p>Last error: {review.scoring.lastError}</p> : null}
      <FormAlert id="retry-scoring-alert" message={alert} />
      {canRetry ? (
        <button type="button" className="button button-primary" onClick={retry} disabled={pending}>
          {pending ? 'Starting…' : 'Retry scoring'}
        </button>
      ) : (
        <p>A recruiter or administrator can run the failed parts again.</p>
      )}
    </section>
  );
}
