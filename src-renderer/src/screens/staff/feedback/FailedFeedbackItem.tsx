import { useState } from 'react';
import type { FeedbackFailure } from '../../../../../shared/domain/resume';
import { FormAlert, StatusMessage } from '../../../components/FormAlert';
import { useFocusRequest } from '../../../hooks/useFocusRequest';
import { usePending } from '../../../hooks/usePending';
import { useKioskCall } from '../../../kiosk-context';
import { formatTime } from './time-left';

const NO_ANSWER = 'The app did not answer. Try again in a moment.';
const QUEUED = 'Writing the feedback again. It appears in the approval queue when it is ready; select Refresh to see it.';

/** One resume whose feedback failed: who, why, and Try again (recruiters and admins). */
export function FailedFeedbackItem({ item, canRetry, onChanged }: { item: FeedbackFailure; canRetry: boolean; onChanged: (item: FeedbackFailure) => void }) {
  const call = useKioskCall();
  const { pending, run } = usePending();
  const focus = useFocusRequest();
  const [alert, setAlert] = useState<string | null>(null);
  const base = `failed-feedback-${item.resumeId}`;

  const retry = () => {
    setAlert(null);
    void run(async () => {
      try {
        const result = await call('feedback.retry', { resumeId: item.resumeId });
        if (result.ok) {
          onChanged(result.data);
          // The button goes once it is queued: focus stays in the item, on its heading.
          focus(`${base}-title`);
          return;
        }
        setAlert(result.error.message);
      } catch {
        setAlert(NO_ANSWER);
      }
      focus(`${base}-alert`);
    });
  };

  return (
    <article aria-labelledby={`${base}-title`} className="feedback-card">
      <h3 id={`${base}-title`} tabIndex={-1} className="feedback-title">
        Feedback not written for {item.candidateName}
      </h3>
      <dl className="summary-list">
        <dt>Email</dt>
        <dd>{item.candidateEmail}</dd>
        <dt>Resume</dt>
        <dd>
          {item.fileName}, uploaded {formatTime(item.uploadedAt)}
        </dd>
      </dl>
      {item.status === 'failed' ? <p id={`${base}-reason`}>Feedback could not be written: {item.reason}</p> : null}
      <StatusMessage message={item.status === 'queued' ? QUEUED : null} tone="info" />
      <FormAlert id={`${base}-alert`} message={alert} />
      {canRetry && item.status === 'failed' ? (
        <div className="actions">
          <button type="button" className="button button-primary" aria-describedby={`${base}-reason`} disabled={pending} onClick={retry}>
            {pending ? 'Trying again…' : 'Try again'}
          </button>
        </div>
      ) : null}
    </article>
  );
}
