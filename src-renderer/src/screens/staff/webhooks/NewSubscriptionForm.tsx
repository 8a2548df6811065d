import { useState, type FormEvent } from 'react';
import { webhookEventLabels, webhookEventTypes, type WebhookEventType } from '../../../../../shared/domain/webhooks';
import { FormAlert } from '../../../components/FormAlert';
import { SubmitButton } from '../../../components/SubmitButton';
import { FieldError, TextField } from '../../../components/TextField';
import { noFeedback, serverFeedback, type FormFeedback } from '../../../forms';
import { useFocusRequest } from '../../../hooks/useFocusRequest';
import { usePending } from '../../../hooks/usePending';
import { useKioskCall } from '../../../kiosk-context';
import { subscriptionLabel } from './subscription-label';

const PREFIX = 'webhook-new';

/** Name, address and events; main checks the address (https, a public host) and answers the secret, shown once. */
export function NewSubscriptionForm({ onMade }: { onMade: (made: { name: string; secret: string }) => void }) {
  const call = useKioskCall();
  const { pending, run } = usePending();
  const focus = useFocusRequest();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>(['assessment.ready', 'decision.recorded']);
  const [feedback, setFeedback] = useState<FormFeedback>(noFeedback);

  const toggle = (type: WebhookEventType, on: boolean) => setEvents((current) => (on ? [...current, type] : current.filter((each) => each !== type)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      if (events.length === 0) {
        setFeedback({ ...noFeedback, message: 'Choose at least one event to send.', fields: { eventTypes: 'Choose at least one event.' } });
        focus(`${PREFIX}-event-${webhookEventTypes[0]}`);
        return;
      }
      const result = await call('webhooks.create', { name: name.trim(), url: url.trim(), eventTypes: events });
      if (!result.ok) {
        const next = serverFeedback(result.error);
        setFeedback(next);
        focus(next.fields.url ? `${PREFIX}-url` : `${PREFIX}-alert`);
        return;
      }
      setFeedback(noFeedback);
      setName('');
      setUrl('');
      onMade({ name: subscriptionLabel(result.data.subscription), secret: result.data.secret });
    });
  };

  return (
    <form noValidate onSubmit={submit} aria-labelledby={`${PREFIX}-title`} className="panel">
      <h3 id={`${PREFIX}-title`}>Add a subscription</h3>
      <FormAlert id={`${PREFIX}-alert`} message={feedback.message} />
      <TextField id={`${PREFIX}-name`} label="Name" hint="What you call the receiving system, e.g. Greenhouse." value={name} onChange={setName} error={feedback.fields.name} autoComplete="off" />
      <TextField
        id={`${PREFIX}-url`}
        label="Receiver address"
        type="url"
        hint="An https:// address on the internet (http://localhost only, for testing a receiver on this computer)."
        value={url}
        onChange={setUrl}
        error={feedback.fields.url}
        spellCheck={false}
        autoComplete="off"
      />
      <fieldset className="fieldset" aria-describedby={feedback.fields.eventTypes ? `${PREFIX}-events-error` : undefined}>
        <legend>Events to send</legend>
        {webhookEventTypes.map((type) => (
          <div key={type} className="choice">
            <input type="checkbox" id={`${PREFIX}-event-${type}`} checked={events.includes(type)} onChange={(change) => toggle(type, change.target.checked)} />
            <label htmlFor={`${PREFIX}-event-${type}`}>
              {webhookEventLabels[type].label} <code>{type}</code>
            </label>
            <p className="choice-description">{webhookEventLabels[type].description}</p>
          </div>
        ))}
        <FieldError id={`${PREFIX}-events-error`} message={feedback.fields.eventTypes} />
      </fieldset>
      <div className="actions">
        <SubmitButton label="Add subscription" pendingLabel="Adding…" pending={pending} />
      </div>
    </form>
  );
}
