import { useCallback, useState } from 'react';
import type { FeedbackFailure } from '../../../../../shared/domain/resume';
import { LoadFailed } from '../../../components/LoadStates';
import { useLoad } from '../../../hooks/useLoad';
import { useKioskCall } from '../../../kiosk-context';
import { FailedFeedbackItem } from './FailedFeedbackItem';

/**
 * Feedback the AI could not write after its tries, with the reason and (for
 * recruiters and admins) Try again. Shown only when there is some: an empty
 * panel would sit on every visit to the approval queue.
 */
export function FailedFeedback({ canRetry }: { canRetry: boolean }) {
  const call = useKioskCall();
  const load = useCallback(() => call('feedback.listFailed', {}), [call]);
  const { state, reload } = useLoad(load);
  // A retried item stays in view, saying it is being written again, until the next load.
  const [changed, setChanged] = useState<Record<string, FeedbackFailure>>({});

  if (state.status === 'loading') return null;
  if (state.status === 'ready' && state.data.items.length === 0) return null;
  return (
    <section aria-labelledby="failed-feedback-title" className="panel">
      <h2 id="failed-feedback-title">Feedback that could not be written</h2>
      {state.status === 'error' ? (
        <LoadFailed
          what="the feedback that could not be written"
          message={state.message}
          onRetry={() => {
            setChanged({});
            reload();
          }}
          retryLabel="Load again"
        />
      ) : (
        <div className="feedback-list">
          {state.data.items.map((item) => (
            <FailedFeedbackItem
              key={item.resumeId}
              item={changed[item.resumeId] ?? item}
              canRetry={canRetry}
              onChanged={(next) => setChanged((previous) => ({ ...previous, [next.resumeId]: next }))}
            />
          ))}
        </div>
      )}
    </section>
  );
}
