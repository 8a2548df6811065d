import { useCallback, useEffect } from 'react';
import { useLoad } from '../../../hooks/useLoad';
import type { WebhookSubscriptionView } from '../../../../../shared/ipc/webhook-channels';
import { useKioskCall } from '../../../kiosk-context';
import { subscriptionLabel } from './subscription-label';

/** What needs an admin's eye: subscriptions the app turned off, and those whose deliveries are failing; null when none. */
export function webhookAttention(subscriptions: readonly Pick<WebhookSubscriptionView, 'name' | 'url' | 'isActive' | 'disabledReason' | 'failingSince'>[]): string | null {
  const names = (list: typeof subscriptions) => list.map(subscriptionLabel).join(', ');
  const off = subscriptions.filter((subscription) => !subscription.isActive && subscription.disabledReason);
  const failing = subscriptions.filter((subscription) => subscription.isActive && subscription.failingSince);
  const parts = [off.length > 0 ? `Webhooks turned off by the app: ${names(off)}.` : null, failing.length > 0 ? `Webhook deliveries failing: ${names(failing)}.` : null];
  const text = parts.filter(Boolean).join(' ');
  return text === '' ? null : text;
}

/** How often an open staff home looks again: a receiver can fail for a day while nobody opens Webhooks. */
const LOOK_AGAIN_MS = 5 * 60_000;

/**
 * Admins are told on the staff home, not only in Webhooks, when the app
 * turned a subscription off (410 Gone, or a day of failures; issue 21) or
 * its deliveries are failing: otherwise a hiring system could stop
 * receiving results without anyone noticing.
 */
export function WebhooksAttentionLine({ onOpen }: { onOpen: () => void }) {
  const call = useKioskCall();
  const load = useCallback(() => call('webhooks.list', {}), [call]);
  const { state, reload } = useLoad(load);
  useEffect(() => {
    const timer = setInterval(reload, LOOK_AGAIN_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const words = state.status === 'ready' ? webhookAttention(state.data.subscriptions) : null;
  if (!words) return null;
  return (
    <div className="alert alert-warning webhooks-attention" role="status">
      <p>{words}</p>
      <button type="button" className="button button-secondary" onClick={onOpen}>
        Open Webhooks
      </button>
    </div>
  );
}
