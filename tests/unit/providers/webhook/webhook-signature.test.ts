import { describe, expect, it } from 'vitest';
import { newWebhookSecret, secretKey, signature, webhookHeaders } from '../../../../src-main/providers/webhook/webhook-signature';
// The README's verification example for receivers, run as a receiver would.
import { verifyWebhook } from '../../../../docs/webhooks/verify-webhook.mjs';

const now = 1_800_000_000;
const body = JSON.stringify({ id: 'c0ffee00-0000-4000-8000-000000000001', type: 'decision.recorded', timestamp: '2027-01-15T08:00:00.000Z', data: { decision: 'advance' } });

describe('signing webhooks (Standard Webhooks v1)', () => {
  it('matches the specification’s published test vector', () => {
    // From the specification's JavaScript library's own tests ("sign function works").
    expect(signature('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('makes 32-byte whsec_ secrets, and refuses anything else as a key', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(secretKey(secret)).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
    for (const bad of ['', 'plain text secret', 'whsec_', 'whsec_c2hvcnQ=', `whsec_${Buffer.alloc(65).toString('base64')}`, 'whsec_not base64!']) {
      expect(() => secretKey(bad), bad).toThrow('24 to 64 random bytes');
    }
  });

  it('is verified by the README’s example, which refuses a tampered body, another secret and an old or future timestamp', () => {
    const secret = newWebhookSecret();
    const headers = webhookHeaders({ id: 'evt_1', timestampSeconds: now, body, secrets: [secret] });
    expect(headers).toMatchObject({ 'content-type': 'application/json', 'webhook-id': 'evt_1', 'webhook-timestamp': String(now) });
    expect(verifyWebhook(secret, headers, body, now + 30)).toMatchObject({ type: 'decision.recorded' });

    expect(() => verifyWebhook(secret, headers, body.replace('advance', 'reject'), now)).toThrow('does not match');
    expect(() => verifyWebhook(newWebhookSecret(), headers, body, now)).toThrow('does not match');
    expect(() => verifyWebhook(secret, headers, body, now + 301)).toThrow('possible replay');
    expect(() => verifyWebhook(secret, headers, body, now - 301)).toThrow('possible replay');
    expect(() => verifyWebhook(secret, { ...headers, 'webhook-id': 'evt_2' }, body, now)).toThrow('does not match');
    expect(() => verifyWebhook(secret, { ...headers, 'webhook-timestamp': String(now + 1) }, body, now)).toThrow('does not match');
    const { 'webhook-signature': _dropped, ...unsigned } = headers;
    expect(() => verifyWebhook(secret, unsigned, body, now)).toThrow('header is missing');
  });

  it('signs with both secrets during a rotation, so a receiver holding either accepts', () => {
    const [current, previous] = [newWebhookSecret(), newWebhookSecret()];
    const headers = webhookHeaders({ id: 'evt_1', timestampSeconds: now, body, secrets: [current, previous] });
    expect(headers['webhook-signature']?.split(' ')).toHaveLength(2);
    expect(verifyWebhook(current, headers, body, now)).toMatchObject({ type: 'decision.recorded' });
    expect(verifyWebhook(previous, headers, body, now)).toMatchObject({ type: 'decision.recorded' });
    expect(() => webhookHeaders({ id: 'evt_1', timestampSeconds: now, body, secrets: [] })).toThrow('never sent unsigned');
    expect(() => signature(current, 'evt.1', now, body)).toThrow('may not contain');
  });
});
