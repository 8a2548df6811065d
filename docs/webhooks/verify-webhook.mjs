// Verifying a Teamified Kiosk webhook (Standard Webhooks v1 signatures),
// with nothing but Node's crypto. Give it the raw body exactly as received:
// parsing the JSON and serialising it again changes the bytes signed.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Older (or later) than this is refused, so a captured request cannot be replayed. */
const TOLERANCE_SECONDS = 5 * 60;

/**
 * Returns the event when the request is genuine and fresh; throws otherwise.
 * `headers` is the request's headers with lower-case names; `secret` is the
 * `whsec_…` value the app showed when the subscription was made.
 * Keep the event ids you have processed: a retried event has the same id.
 */
export function verifyWebhook(secret, headers, rawBody, nowSeconds = Math.floor(Date.now() / 1000)) {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures) throw new Error('not a signed webhook: a webhook- header is missing');
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > TOLERANCE_SECONDS) {
    throw new Error('the webhook timestamp is more than five minutes away: refused as a possible replay');
  }
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${rawBody}`).digest();
  // During a secret rotation the header carries one signature per secret.
  const matches = signatures.split(' ').some((entry) => {
    const [version, value] = entry.split(',');
    const given = Buffer.from(value ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) throw new Error('the webhook signature does not match: refused');
  return JSON.parse(rawBody);
}
