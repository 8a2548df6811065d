import { app, safeStorage } from 'electron';
import { safeStorageCipher, type SecretCipher } from '../secrets/secret-cipher';

/**
 * Electron's safeStorage for the secret store. Only glue: what to ask
 * safeStorage and when is decided (and tested) in src-main/secrets/secret-cipher.ts.
 * Use it after app.whenReady(): before that safeStorage has no key.
 */
export function createSafeStorageCipher(): SecretCipher {
  return safeStorageCipher(safeStorage, { platform: process.platform, isReady: () => app.isReady() });
}
