import { describe, expect, it } from 'vitest';
import { webhookAttention } from '../../../src-renderer/src/screens/staff/webhooks/WebhooksAttentionLine';

const subscription = (name: string, state: { isActive: boolean; disabledReason?: string | null; failingSince?: string | null }) => ({
  name,
  url: `https://${name.toLowerCase()}.example.com/hook`,
  isActive: state.isActive,
  disabledReason: state.disabledReason ?? null,
  failingSince: state.failingSince ?? null,
});

describe('the staff home’s webhook line', () => {
  it('names subscriptions the app turned off and those failing, and says nothing when all is well', () => {
    expect(webhookAttention([subscription('Greenhouse', { isActive: true })])).toBeNull();
    // Turned off by an admin is their choice, not news.
    expect(webhookAttention([subscription('Lever', { isActive: false })])).toBeNull();
    expect(
      webhookAttention([
        subscription('Greenhouse', { isActive: false, disabledReason: 'The receiver answered 410 Gone.' }),
        subscription('Lever', { isActive: true, failingSince: '2027-01-15T08:00:00.000Z' }),
        subscription('Workable', { isActive: true }),
      ]),
    ).toBe('Webhooks turned off by the app: Greenhouse. Webhook deliveries failing: Lever.');
  });
});
