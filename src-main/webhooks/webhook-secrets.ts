import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { SecretStore } from '../secrets/secret-store';
import { SECRET_PREFIX } from '../providers/webhook/webhook-signature';

const KEY_NAME = 'webhook-signing-key';

/** A subscription's key is missing or damaged on this device: its secrets cannot be made again. */
export class WebhookKeyMissingError extends Error {}

/**
 * Each subscription's signing secret, kept out of every database (issue 21,
 * point 1): derived on its delivering device from one random key in that
 * device's keychain, the subscription's id and the secret's generation
 * (HMAC-SHA256), so the keychain holds one small entry however many
 * subscriptions there are, a rotation is a new generation, and the
 * previous generation's secret can still sign during the overlap.
 * SQLite and the hosted database keep only its fingerprint.
 */
export class WebhookSecrets {
  constructor(private readonly secrets: Pick<SecretStore, 'get' | 'set'>) {}

  /** For a new subscription: makes the device's key the first time. */
  async forNewSubscription(subscriptionId: string): Promise<string> {
    let key = await this.key();
    if (key === null) {
      key = randomBytes(32);
      await this.secrets.set(KEY_NAME, key.toString('base64'));
    }
    return derive(key, subscriptionId, 1);
  }

  /**
   * The secret of one generation. Never makes a key: a new one would sign
   * with secrets no receiver holds, so a lost key is said, and the admin
   * rotates (a new generation from a new key) instead.
   */
  async secret(subscriptionId: string, generation: number): Promise<string> {
    const key = await this.key();
    if (key === null) {
      throw new WebhookKeyMissingError(
        'This device’s keychain no longer holds the webhook signing key, so it cannot sign for this subscription. Rotate the secret (Webhooks → Rotate secret) and give the receiver the new one.',
      );
    }
    return derive(key, subscriptionId, generation);
  }

  /** After a lost key: a fresh key, for the rotation that replaces every secret made from the old one. */
  async replaceKeyIfMissing(): Promise<void> {
    if ((await this.key()) === null) await this.secrets.set(KEY_NAME, randomBytes(32).toString('base64'));
  }

  private async key(): Promise<Buffer | null> {
    const stored = await this.secrets.get(KEY_NAME);
    if (stored === null) return null;
    const key = Buffer.from(stored, 'base64');
    return key.length === 32 ? key : null;
  }
}

function derive(key: Buffer, subscriptionId: string, generation: number): string {
  return `${SECRET_PREFIX}${createHmac('sha256', key).update(`teamified-webhook-secret:${subscriptionId}:${generation}`).digest('base64')}`;
}

/** What is stored instead of the secret: enough for an admin to tell two secrets apart, nothing to sign with. */
export function secretFingerprint(secret: string): string {
  return `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
}
