import { useState } from 'react';
import type { FeedbackItem } from '../../../../../shared/domain/resume';
import { FormAlert, StatusMessage } from '../../../components/FormAlert';
import { FieldError } from '../../../components/TextField';
import { useFocusRequest } from '../../../hooks/useFocusRequest';
import { usePending } from '../../../hooks/usePending';
import { useKioskCall } from '../../../kiosk-context';
import { deliveryLabels, feedbackStatusLabels } from './labels';
import { autoSendLabel, formatTime } from './time-left';

const NO_ANSWER = 'The app did not answer. Try again in a moment.';
const MIN_LENGTH = 20;

interface FeedbackCardProps {
  item: FeedbackItem;
  canApprove: boolean;
  now: number;
  onChanged: (item: FeedbackItem) => void;
}

type Mode = 'view' | 'edit' | 'confirm';

/** One piece of feedback: read it, and (recruiters, admins) edit it or approve it for sending. */
export function FeedbackCard({ item, canApprove, now, onChanged }: FeedbackCardProps) {
  const call = useKioskCall();
  const { pending, run } = usePending();
  const focus = useFocusRequest();
  const [mode, setMode] = useState<Mode>('view');
  const [draft, setDraft] = useState(item.feedbackContent);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [alert, setAlert] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const base = `feedback-${item.id}`;
  const editable = canApprove && item.status === 'pending_approval';

  const save = () => {
    setAlert(null);
    setNotice(null);
    if (draft.trim().length < MIN_LENGTH) {
      setFieldError(`Write at least ${MIN_LENGTH} characters.`);
      focus(`${base}-content`);
      return;
    }
    void run(async () => {
      try {
        const result = await call('feedback.update', { feedbackId: item.id, feedbackContent: draft });
        if (result.ok) {
          onChanged(result.data);
          setFieldError(null);
          setMode('view');
          setNotice('Your changes are saved.');
          focus(`${base}-edit`);
          return;
        }
        setFieldError(result.error.fields?.feedbackContent ?? null);
        setAlert(result.error.message);
      } catch {
        setAlert(NO_ANSWER);
      }
      focus(`${base}-alert`);
    });
  };

  const approve = () => {
    setAlert(null);
    setNotice(null);
    void run(async () => {
      try {
        const result = await call('feedback.approve', { feedbackId: item.id });
        if (result.ok) {
          onChanged(result.data);
          setMode('view');
          setNotice(`Approved. The email to ${result.data.candidateEmail} is ${deliveryLabels[result.data.delivery].toLowerCase()}.`);
          focus(`${base}-title`);
          return;
        }
        setAlert(result.error.message);
        setMode('view');
      } catch {
        setAlert(NO_ANSWER);
      }
      focus(`${base}-alert`);
    });
  };

  return (
    <article aria-labelledby={`${base}-title`} className="feedback-card">
      <h3 id={`${base}-title`} tabIndex={-1} className="feedback-title">
        Feedback for {item.candidateName}
      </h3>
      <dl className="summary-list">
        <dt>Email</dt>
        <dd>{item.candidateEmail}</dd>
        <dt>Generated</dt>
        <dd>{formatTime(item.generatedAt)}</dd>
        <dt>Status</dt>
        <dd>
          {feedbackStatusLabels[item.status]}
          {item.status === 'pending_approval' && item.autoSendAt ? ` · ${autoSendLabel(item.autoSendAt, now)}` : ''}
        </dd>
        {item.approvedAt ? (
          <>
            <dt>Approved</dt>
            <dd>
              {formatTime(item.approvedAt)}
              {item.approvedByName ? ` by ${item.approvedByName}` : ''}
            </dd>
          </>
        ) : null}
        {item.status === 'approved' || item.status === 'sent' ? (
          <>
            <dt>Delivery</dt>
            <dd>
              {deliveryLabels[item.delivery]}
              {item.sentAt ? `, ${formatTime(item.sentAt)}` : ''}
              {item.deliveryError ? ` (${item.deliveryError})` : ''}
            </dd>
          </>
        ) : null}
      </dl>

      <FormAlert id={`${base}-alert`} message={alert} />
      <StatusMessage message={notice} />

      {mode === 'edit' ? (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            save();
          }}
        >
          <div className={fieldError ? 'field field-invalid' : 'field'}>
            <label htmlFor={`${base}-content`} className="field-label">
              Email to {item.candidateName}
            </label>
            <textarea
              id={`${base}-content`}
              className="field-input feedback-textarea"
              rows={12}
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
              aria-invalid={fieldError ? true : undefined}
              aria-describedby={fieldError ? `${base}-content-error` : undefined}
            />
            <FieldError id={fieldError ? `${base}-content-error` : undefined} message={fieldError ?? undefined} />
          </div>
          <div className="actions">
            <button type="submit" className="button button-primary" disabled={pending}>
              {pending ? 'Saving…' : 'Save changes'}
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setDraft(item.feedbackContent);
                setFieldError(null);
                setMode('view');
                focus(`${base}-edit`);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          <h4>Email</h4>
          <div className="feedback-body">{item.feedbackContent}</div>
        </>
      )}

      <h4>Identified gaps</h4>
      {item.identifiedGaps.length > 0 ? (
        <ul>
          {item.identifiedGaps.map((gap, index) => (
            <li key={index}>{gap}</li>
          ))}
        </ul>
      ) : (
        <p>None identified.</p>
      )}
      <h4>Recommended resources</h4>
      {item.recommendedResources.length > 0 ? (
        <ul>
          {item.recommendedResources.map((resource, index) => (
            <li key={index}>
              <strong>{resource.title}</strong>
              {resource.url ? ` (${resource.url})` : ''}: {resource.reason}
            </li>
          ))}
        </ul>
      ) : (
        <p>None recommended.</p>
      )}

      {editable && mode === 'view' ? (
        <div className="actions">
          <button
            id={`${base}-edit`}
            type="button"
            className="button button-secondary"
            onClick={() => {
              setDraft(item.feedbackContent);
              setNotice(null);
              setMode('edit');
              focus(`${base}-content`);
            }}
          >
            Edit
          </button>
          <button
            id={`${base}-approve`}
            type="button"
            className="button button-primary"
            onClick={() => {
              setNotice(null);
              setMode('confirm');
              focus(`${base}-confirm`);
            }}
          >
            Approve and send
          </button>
        </div>
      ) : null}
      {editable && mode === 'confirm' ? (
        <div role="group" aria-labelledby={`${base}-confirm-text`} className="alert alert-info">
          <p id={`${base}-confirm-text`}>
            Send this feedback to {item.candidateEmail} now? It cannot be changed once it is sent.
          </p>
          <div className="actions">
            <button id={`${base}-confirm`} type="button" className="button button-primary" disabled={pending} onClick={approve}>
              {pending ? 'Approving…' : 'Yes, approve and send'}
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setMode('view');
                focus(`${base}-approve`);
              }}
            >
              Cancel
            </button>
          </div>
        </div>
      ) : null}
    </article>
  );
}
