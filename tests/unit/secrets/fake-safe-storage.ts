import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { safeStorageCipher, type ElectronSafeStorage, type SecretCipher } from '../../../src-main/secrets/secret-cipher';

/**
 * A stand-in for Electron's `safeStorage`, as strict as the real one. Each
 * rule follows electron/electron's shell/browser/api/electron_api_safe_storage.cc
 * and docs/api/safe-storage.md, and fake-safe-storage.test.ts shows the
 * stand-in refusing what the real one refuses:
 *
 * - before the app is ready, isEncryptionAvailable() is false,
 *   getSelectedStorageBackend() is 'unknown', and encryptString/decryptString
 *   throw "safeStorage cannot be used before app is ready";
 * - when encryption is not available, both throw;
 * - encryptString takes a string only; decryptString a Buffer only, refuses
 *   bytes without Chromium's 'v10'/'v11' prefix, and fails on bytes
 *   encrypted with another key;
 * - getSelectedStorageBackend exists on Linux only (it is not even defined
 *   elsewhere);
 * - 'basic_text' encrypts with one fixed key, the same on every computer
 *   (Chromium's hard-coded v10 password), which is why the app refuses it.
 */
export interface FakeSafeStorage extends ElectronSafeStorage {
  /** Whether Electron's app has emitted 'ready'. */
  ready: boolean;
  /** Whether the OS gives a key (the keyring is reachable). */
  available: boolean;
  /** What getSelectedStorageBackend() answers once ready (Linux). */
  backend: string;
  /** This user's key; another value stands for a keyring that was reset. */
  key: Buffer;
  /** How many times anything was asked of it. */
  calls: number;
}

export interface FakeSafeStorageOptions {
  platform?: NodeJS.Platform;
  backend?: string;
  available?: boolean;
  ready?: boolean;
  key?: Buffer;
}

/** Stands for Chromium's fixed basic_text password: identical for everyone. */
const BASIC_TEXT_KEY = createHash('sha256').update('peanuts').digest();

export function fakeSafeStorage(options: FakeSafeStorageOptions = {}): FakeSafeStorage {
  const platform = options.platform ?? 'linux';
  const notReady = () => new Error('safeStorage cannot be used before app is ready');
  const fake: FakeSafeStorage = {
    ready: options.ready ?? true,
    available: options.available ?? true,
    backend: options.backend ?? (platform === 'linux' ? 'gnome_libsecret' : 'os'),
    key: options.key ?? randomBytes(32),
    calls: 0,
    isEncryptionAvailable() {
      fake.calls++;
      return fake.ready && fake.available;
    },
    encryptString(plainText: string): Buffer {
      fake.calls++;
      if (!fake.ready) throw notReady();
      if (!fake.available) throw new Error('Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.');
      if (typeof plainText !== 'string') throw new TypeError('Error processing argument at index 0, conversion failure from ' + typeof plainText);
      const basic = fake.backend === 'basic_text';
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', basic ? BASIC_TEXT_KEY : fake.key, iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from(basic ? 'v10' : 'v11'), iv, cipher.getAuthTag(), body]);
    },
    decryptString(encrypted: Buffer): string {
      fake.calls++;
      if (!fake.ready) throw notReady();
      if (!fake.available) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString. Decryption is not available.');
      if (!Buffer.isBuffer(encrypted)) throw new Error('Expected the first argument of decryptString() to be a buffer');
      if (encrypted.length === 0) return '';
      const prefix = encrypted.subarray(0, 3).toString('latin1');
      if (prefix !== 'v10' && prefix !== 'v11') {
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString. Ciphertext does not appear to be encrypted.');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', prefix === 'v10' ? BASIC_TEXT_KEY : fake.key, encrypted.subarray(3, 15));
        decipher.setAuthTag(encrypted.subarray(15, 31));
        return Buffer.concat([decipher.update(encrypted.subarray(31)), decipher.final()]).toString('utf8');
      } catch {
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      }
    },
    getSelectedStorageBackend() {
      fake.calls++;
      return fake.ready ? fake.backend : 'unknown';
    },
  };
  if (platform !== 'linux') {
    // Electron defines it only in Linux builds.
    delete (fake as Partial<FakeSafeStorage>).getSelectedStorageBackend;
  }
  return fake;
}

/** The fake behind the same adapter the shell uses (src-main/shell/safe-storage-cipher.ts). */
export function fakeCipher(options: FakeSafeStorageOptions = {}): { cipher: SecretCipher; safeStorage: FakeSafeStorage } {
  const safeStorage = fakeSafeStorage(options);
  const cipher = safeStorageCipher(safeStorage, { platform: options.platform ?? 'linux', isReady: () => safeStorage.ready });
  return { cipher, safeStorage };
}
