import { useCallback } from 'react';
import type { WebhookDeliveryView } from '../../../../../shared/ipc/webhook-channels';
import { useLoad } from '../../../hooks/useLoad';
import { useKioskCall } from '../../../kiosk-context';

const statusWords: Record<WebhookDeliveryView['status'], string> = { pending: 'Waiting to retry', delivered: 'Delivered', failed: 'Failed' };

function tryWords(attempt: WebhookDeliveryView['tries'][number]): string {
  const answer = attempt.statusCode !== null ? `answered ${attempt.statusCode}` : 'no answer';
  return `Try ${attempt.attempt} at ${attempt.attemptedAt}: ${answer} in ${attempt.latencyMs} ms${attempt.error ? `. ${attempt.error}` : '.'}`;
}

/** A subscription's newest deliveries, each with its tries and the receiver's first words, and "Send again". */
export function DeliveryLog({ subscriptionId, name, canSend, onSendAgain }: { subscriptionId: string; name: string; canSend: boolean; onSendAgain: (deliveryId: string) => Promise<void> }) {
  const call = useKioskCall();
  const load = useCallback(() => call('webhooks.log', { id: subscriptionId }), [call, subscriptionId]);
  const { state, reload, reloading } = useLoad(load);
  const headingId = `webhook-log-${subscriptionId}`;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h3 id={headingId}>Delivery log: {name}</h3>
      <button type="button" className="button button-secondary" onClick={reload} disabled={reloading}>
        {reloading ? 'Refreshing…' : 'Refresh the log'}
      </button>
      {state.status === 'loading' ? (
        <p role="status">Loading the log…</p>
      ) : state.status === 'error' ? (
        <p role="alert" className="alert alert-error">
          Could not load the log: {state.message}
        </p>
      ) : state.data.deliveries.length === 0 ? (
        <p>Nothing sent yet. Send a test event to see the receiver answer.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">Deliveries to {name}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Tries</th>
                <th scope="col">Receiver’s reply</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {state.data.deliveries.map((delivery) => (
                <tr key={delivery.id}>
                  <th scope="row">
                    <code>{delivery.eventType ?? 'erased event'}</code>
                    <br />
                    <small>
                      {delivery.createdAt}
                      {delivery.byAdmin ? ', sent by an admin' : ''}
                    </small>
                  </th>
                  <td>
                    {statusWords[delivery.status]}
                    {delivery.status === 'pending' && delivery.nextAttemptAt ? ` (next try ${delivery.nextAttemptAt})` : ''}
                    {delivery.lastError ? <p className="hint">{delivery.lastError}</p> : null}
                  </td>
                  <td>
                    <ul className="plain-list">
                      {delivery.tries.map((attempt) => (
                        <li key={attempt.attempt}>{tryWords(attempt)}</li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    <code className="reply-snippet">{delivery.tries.at(-1)?.reply || '—'}</code>
                  </td>
                  <td>
                    {canSend && delivery.status !== 'pending' ? (
                      <button type="button" className="button button-secondary" onClick={() => void onSendAgain(delivery.id).then(reload)}>
                        Send again
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
