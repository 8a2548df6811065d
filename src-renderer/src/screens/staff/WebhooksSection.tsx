import { useCallback, useState } from 'react';
import { webhookEventLabels, type WebhookEventType } from '../../../../shared/domain/webhooks';
import type { WebhookSubscriptionView } from '../../../../shared/ipc/webhook-channels';
import { FormAlert, StatusMessage } from '../../components/FormAlert';
import { ScreenHeading } from '../../components/ScreenHeading';
import { SelectField } from '../../components/SelectField';
import { useLoad } from '../../hooks/useLoad';
import { useKioskCall } from '../../kiosk-context';
import { DeliveryLog } from './webhooks/DeliveryLog';
import { NewSubscriptionForm } from './webhooks/NewSubscriptionForm';
import { SecretOnce } from './webhooks/SecretOnce';
import { subscriptionLabel } from './webhooks/subscription-label';

const overlapChoices = [
  ['24', '24 hours'],
  ['1', '1 hour'],
  ['72', '3 days'],
  ['168', '7 days'],
  ['0', 'No overlap: the old secret stops at once'],
] as const;

function stateWords(subscription: WebhookSubscriptionView): string {
  if (!subscription.isActive) return subscription.disabledReason ? `Off: ${subscription.disabledReason}` : 'Off';
  if (subscription.failingSince) return `On, failing since ${subscription.failingSince}`;
  return subscription.lastTriggeredAt ? `On; last sent ${subscription.lastTriggeredAt}` : 'On; nothing sent yet';
}

const eventWords = (types: readonly string[]) => types.map((type) => webhookEventLabels[type as WebhookEventType]?.label ?? type).join(', ');

/**
 * Webhooks to the employer's hiring systems (issue 21), for admins: the
 * subscriptions this organisation keeps, adding one (its secret shown
 * once), a test event, the delivery log, and rotating a secret.
 */
export function WebhooksSection() {
  const call = useKioskCall();
  const load = useCallback(() => call('webhooks.list', {}), [call]);
  const { state, reload } = useLoad(load);
  const [secret, setSecret] = useState<{ name: string; secret: string; overlapUntil: string | null } | null>(null);
  const [alert, setAlert] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [logFor, setLogFor] = useState<string | null>(null);
  const [overlap, setOverlap] = useState<(typeof overlapChoices)[number][0]>('24');
  const [deleting, setDeleting] = useState<string | null>(null);

  /** One action on a subscription: its refusal shown in the alert, its success said and the list read again. */
  const act = async (work: () => Promise<{ ok: true } | { ok: false; error: { message: string } }>, done: string) => {
    setAlert(null);
    setNotice(null);
    const result = await work();
    if (!result.ok) {
      setAlert(result.error.message);
      return;
    }
    setNotice(done);
    reload();
  };

  const sendTest = (subscription: WebhookSubscriptionView) =>
    act(() => call('webhooks.sendTest', { id: subscription.id }), `A test event is on its way to ${subscriptionLabel(subscription)}. Open its log to see the answer.`).then(() => setLogFor(subscription.id));
  const rotate = async (subscription: WebhookSubscriptionView) => {
    setAlert(null);
    const result = await call('webhooks.rotateSecret', { id: subscription.id, overlapHours: Number(overlap) });
    if (!result.ok) return setAlert(result.error.message);
    setSecret({ name: subscriptionLabel(subscription), secret: result.data.secret, overlapUntil: result.data.subscription.previousSecretUntil });
    reload();
  };
  const switchOn = (subscription: WebhookSubscriptionView, isActive: boolean) =>
    act(() => call('webhooks.update', { id: subscription.id, isActive }), isActive ? `${subscriptionLabel(subscription)} is on again.` : `${subscriptionLabel(subscription)} is off.`);
  const remove = (subscription: WebhookSubscriptionView) =>
    act(() => call('webhooks.delete', { id: subscription.id }), `${subscriptionLabel(subscription)} was deleted.`).then(() => setDeleting(null));
  const sendAgain = async (deliveryId: string) => {
    await act(() => call('webhooks.sendAgain', { deliveryId }), 'Sent again, with the same event id.');
  };

  return (
    <div>
      <ScreenHeading>Webhooks</ScreenHeading>
      <p className="lead">
        Send interviews, assessments and decisions to your hiring system as they happen. Each delivery is signed (Standard Webhooks), retried for a day when the receiver fails, and logged.
      </p>
      <FormAlert id="webhooks-alert" message={alert} />
      <StatusMessage message={notice} />
      {secret ? <SecretOnce name={secret.name} secret={secret.secret} overlapUntil={secret.overlapUntil} onDone={() => setSecret(null)} /> : null}
      {state.status === 'loading' ? (
        <p role="status">Loading webhooks…</p>
      ) : state.status === 'error' ? (
        <div role="alert" className="alert alert-error">
          <p>Could not load webhooks: {state.message}</p>
          <button type="button" className="button button-secondary" onClick={reload}>
            Try again
          </button>
        </div>
      ) : (
        <>
          {!state.data.canDeliver ? <p className="alert alert-info">{state.data.whyNot}</p> : null}
          {state.data.subscriptions.length === 0 ? (
            <p>No subscriptions yet. Add one below: its events go out from this device.</p>
          ) : (
            <ul className="card-list" aria-label="Subscriptions">
              {state.data.subscriptions.map((subscription) => {
                const label = subscriptionLabel(subscription);
                return (
                  <li key={subscription.id} className="panel">
                    <h3>{label}</h3>
                    <p>
                      <code>{subscription.url}</code>
                    </p>
                    <p>Events: {eventWords(subscription.eventTypes)}.</p>
                    <p>{stateWords(subscription)}</p>
                    <p className="hint">
                      Secret {subscription.secretFingerprint} (number {subscription.secretGeneration})
                      {subscription.previousSecretUntil ? `; the previous one also signs until ${subscription.previousSecretUntil}` : ''}.
                      {subscription.deliveredHere ? ' Delivered from this device.' : ' Delivered from another device: send, rotate and see its log there.'}
                    </p>
                    {subscription.deliveredHere ? (
                      <div className="actions">
                        <button type="button" className="button button-secondary" onClick={() => void sendTest(subscription)} disabled={!subscription.isActive}>
                          Send a test event
                        </button>
                        <button type="button" className="button button-secondary" onClick={() => setLogFor(logFor === subscription.id ? null : subscription.id)} aria-expanded={logFor === subscription.id}>
                          {logFor === subscription.id ? 'Hide the log' : 'Show the delivery log'}
                        </button>
                        <button type="button" className="button button-secondary" onClick={() => void switchOn(subscription, !subscription.isActive)}>
                          {subscription.isActive ? 'Turn off' : 'Turn on'}
                        </button>
                        <button type="button" className="button button-secondary" onClick={() => void rotate(subscription)}>
                          Rotate the secret
                        </button>
                        {deleting === subscription.id ? (
                          <>
                            <button type="button" className="button button-danger" onClick={() => void remove(subscription)}>
                              Delete {label} for good
                            </button>
                            <button type="button" className="button button-secondary" onClick={() => setDeleting(null)}>
                              Keep it
                            </button>
                          </>
                        ) : (
                          <button type="button" className="button button-secondary" onClick={() => setDeleting(subscription.id)}>
                            Delete
                          </button>
                        )}
                      </div>
                    ) : null}
                    {logFor === subscription.id ? <DeliveryLog subscriptionId={subscription.id} name={label} canSend={subscription.isActive} onSendAgain={sendAgain} /> : null}
                  </li>
                );
              })}
            </ul>
          )}
          {state.data.subscriptions.some((subscription) => subscription.deliveredHere) ? (
            <SelectField id="webhook-overlap" label="When rotating a secret, the previous one keeps signing for" value={overlap} options={overlapChoices} onChange={setOverlap} />
          ) : null}
          {state.data.canDeliver ? (
            <NewSubscriptionForm
              onMade={(made) => {
                setSecret({ ...made, overlapUntil: null });
                reload();
              }}
            />
          ) : null}
        </>
      )}
    </div>
  );
}
