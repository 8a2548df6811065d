import type { webhookChannels } from '../../../shared/ipc/webhook-channels';
import { deliveryView, subscriptionView } from '../../webhooks/webhook-views';
import type { AppServices } from '../app-services';
import type { HandlerMap } from '../handler-types';

export function webhookHandlers({ webhooks, logger }: AppServices): Pick<HandlerMap, keyof typeof webhookChannels> {
  const view = (record: Parameters<typeof subscriptionView>[0]) => subscriptionView(record, webhooks.deviceId);
  return {
    'webhooks.list': () => {
      const allowed = webhooks.canDeliver();
      return { canDeliver: allowed.ok, whyNot: allowed.ok ? null : allowed.why, subscriptions: webhooks.subscriptions.list().map(view) };
    },
    'webhooks.create': async (input, context) => {
      const made = await webhooks.subscriptions.create(input, context.user?.id ?? null);
      // The secret goes to this admin's window once; it is never logged.
      logger.info('webhook subscription made', { by: context.user?.id, subscriptionId: made.subscription.id });
      return { subscription: view(made.subscription), secret: made.secret };
    },
    'webhooks.update': ({ id, ...changes }) => view(webhooks.subscriptions.update(id, changes)),
    'webhooks.rotateSecret': async ({ id, overlapHours }) => {
      const rotated = await webhooks.subscriptions.rotate(id, overlapHours);
      return { subscription: view(rotated.subscription), secret: rotated.secret };
    },
    'webhooks.delete': ({ id }) => {
      webhooks.subscriptions.remove(id);
      return { deleted: true as const };
    },
    'webhooks.sendTest': ({ id }, context) => ({ deliveryId: webhooks.subscriptions.sendTest(id, context.user?.id ?? null) }),
    'webhooks.log': ({ id, limit }) => ({ deliveries: webhooks.repository.log(id, limit ?? 50).map(deliveryView) }),
    'webhooks.sendAgain': ({ deliveryId }, context) => ({ deliveryId: webhooks.subscriptions.sendAgain(deliveryId, context.user?.id ?? null) }),
  };
}
