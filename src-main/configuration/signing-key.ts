import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { Logger } from '../logging/logger-types';
import type { SecretStore } from '../secrets/secret-store';
import { privateKeyFromText, publicKeyText } from './attestation-message';

const SECRET = 'sync-signing-key';

export interface DeviceKey {
  privateKey: KeyObject;
  /** SPKI DER, base64: what the hosted database registers. */
  publicKey: string;
}

/**
 * This device's Ed25519 key for its proof of configuration, made the first
 * time it is needed and kept in the secret store (PKCS#8 DER, base64) like
 * the sync credential. The private half stays in this process: it is never
 * logged, never returned over IPC.
 */
export class DeviceSigningKey {
  private loading: Promise<DeviceKey> | null = null;

  constructor(
    private readonly secrets: SecretStore,
    private readonly logger: Logger,
  ) {}

  get(): Promise<DeviceKey> {
    // One key even when two callers ask at once; a failure (keychain locked) is asked again next time.
    this.loading ??= this.load().catch((error: unknown) => {
      this.loading = null;
      throw error;
    });
    return this.loading;
  }

  private async load(): Promise<DeviceKey> {
    const stored = await this.secrets.get(SECRET);
    if (stored !== null) {
      try {
        const privateKey = privateKeyFromText(stored);
        return { privateKey, publicKey: publicKeyText(privateKey) };
      } catch {
        // A damaged entry cannot sign; a new key can, once IT allows it (the hosted database refuses a second key until then).
        this.logger.warn('the signing key in the secret store is damaged; making a new one (IT must reset this device key: hosted-db reset-device-key)');
      }
    }
    const { privateKey } = generateKeyPairSync('ed25519');
    await this.secrets.set(SECRET, privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'));
    this.logger.info('made this device signing key for its proof of configuration');
    return { privateKey, publicKey: publicKeyText(privateKey) };
  }
}
