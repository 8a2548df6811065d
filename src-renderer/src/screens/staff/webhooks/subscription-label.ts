import type { WebhookSubscriptionView } from '../../../../../shared/ipc/webhook-channels';

/** How the screens name a subscription: its name, or its address when it was given none. */
export function subscriptionLabel(subscription: Pick<WebhookSubscriptionView, 'name' | 'url'>): string {
  return subscription.name || subscription.url;
}
