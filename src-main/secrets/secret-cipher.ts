/**
 * Encryption with a key the operating system keeps for this user: what
 * Electron's safeStorage offers. The store that uses it
 * (safe-storage-secret-store.ts) sees only this interface, so it runs and is
 * tested under plain Node; src-main/shell/safe-storage-cipher.ts hands it the
 * real safeStorage.
 */
export interface SecretCipher {
  /** False before Electron is ready, or when the OS gives no key. */
  isAvailable(): boolean;
  /**
   * Where the key lives. On Linux, safeStorage's selected backend:
   * 'gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6', or 'basic_text'
   * (no keyring: a fixed password, not encryption) or 'unknown' (asked
   * before the app was ready). 'keychain' on macOS, 'dpapi' on Windows.
   */
  backend(): string;
  /** Throws when encryption fails. */
  encrypt(text: string): Buffer;
  /** Throws when the bytes were not encrypted with this user's key. */
  decrypt(bytes: Buffer): string;
}

/**
 * The part of Electron's `safeStorage` this app calls, as documented in
 * electron/electron docs/api/safe-storage.md. The synchronous calls, though
 * Electron 45's typings mark them deprecated in favour of encryptStringAsync
 * and friends: only the synchronous encryptor has getSelectedStorageBackend()
 * to tell real encryption from Linux's 'basic_text', while the asynchronous
 * API has no way to say when it uses its "fallback provider" (no secret
 * service). Moving to it later changes this file and the shell's glue only.
 */
export interface ElectronSafeStorage {
  /** Linux: true once the app is ready and a key is available (also true for 'basic_text'). macOS: Keychain reachable. Windows: app ready. */
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only. */
  getSelectedStorageBackend(): string;
}

export interface SafeStorageCipherOptions {
  platform: NodeJS.Platform;
  /** Electron's app.isReady(): safeStorage gives no key before the 'ready' event. */
  isReady: () => boolean;
}

/**
 * safeStorage as a SecretCipher. Kept here, not in the shell, so its few
 * decisions (which call is Linux-only, what "not ready" means) are tested.
 */
export function safeStorageCipher(safeStorage: ElectronSafeStorage, options: SafeStorageCipherOptions): SecretCipher {
  return {
    isAvailable: () => options.isReady() && safeStorage.isEncryptionAvailable(),
    backend() {
      // The docs give 'unknown' for a call before 'ready' on Linux; the same answer on every OS keeps the refusal in one place.
      if (!options.isReady()) return 'unknown';
      switch (options.platform) {
        case 'linux':
          return safeStorage.getSelectedStorageBackend();
        case 'darwin':
          return 'keychain';
        case 'win32':
          return 'dpapi';
        default:
          return 'unknown';
      }
    },
    encrypt: (text) => safeStorage.encryptString(text),
    decrypt: (bytes) => safeStorage.decryptString(bytes),
  };
}
