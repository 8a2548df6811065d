import { createHmac, randomBytes } from 'node:crypto';

/*
 * Signing as the Standard Webhooks specification (v1.0.0, "Signature
 * scheme" and "Webhook headers") describes it, so a receiver can verify
 * with any of its libraries: HMAC-SHA256 over `{id}.{timestamp}.{body}`,
 * keyed with the secret's bytes, sent as `v1,<base64>`; during a rotation
 * one signature per secret, space-separated.
 */

/** The specification's serialisation of a symmetric secret: `whsec_` and its bytes in base64. */
export const SECRET_PREFIX = 'whsec_';
/** The specification asks for at least 24 random bytes; 32 is HMAC-SHA256's own block of strength. */
const SECRET_BYTES = 32;

export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
}

/** The key bytes of a `whsec_` secret; anything else is refused rather than used as text. */
export function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : null;
  const key = encoded !== null && /^[A-Za-z0-9+/]+={0,2}$/.test(encoded) ? Buffer.from(encoded, 'base64') : null;
  if (!key || key.length < 24 || key.length > 64) throw new Error('A webhook secret is "whsec_" followed by 24 to 64 random bytes in base64.');
  return key;
}

/** One `v1,<base64>` signature. The id and timestamp must hold no "." (the specification's warning): ours are a UUID and digits. */
export function signature(secret: string, id: string, timestampSeconds: number, body: string): string {
  if (id.includes('.') || !Number.isInteger(timestampSeconds)) throw new Error('A webhook id may not contain "." and its timestamp is whole seconds.');
  return `v1,${createHmac('sha256', secretKey(secret)).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}

export interface SignedRequest {
  id: string;
  timestampSeconds: number;
  body: string;
  /** The current secret first; during a rotation's overlap, the previous one too. */
  secrets: readonly string[];
}

/** The headers a delivery carries: the specification's three, and what the body is. */
export function webhookHeaders(request: SignedRequest): Record<string, string> {
  if (request.secrets.length === 0) throw new Error('A webhook is never sent unsigned.');
  return {
    'content-type': 'application/json',
    'webhook-id': request.id,
    'webhook-timestamp': String(request.timestampSeconds),
    'webhook-signature': request.secrets.map((secret) => signature(secret, request.id, request.timestampSeconds, request.body)).join(' '),
  };
}
