import { describe, expect, it } from 'vitest';
import { safeStorageCipher } from '../../../src-main/secrets/secret-cipher';
import { fakeSafeStorage } from './fake-safe-storage';

// The stand-in refuses what Electron's safeStorage refuses (see the rules in fake-safe-storage.ts).
describe('the safeStorage stand-in is as strict as Electron', () => {
  it('round-trips text with the user key, with Chromium’s version prefix', () => {
    const safeStorage = fakeSafeStorage();
    const encrypted = safeStorage.encryptString('sk-fake-0001');
    expect(encrypted.subarray(0, 3).toString()).toBe('v11');
    expect(encrypted.toString('latin1')).not.toContain('sk-fake-0001');
    expect(safeStorage.decryptString(encrypted)).toBe('sk-fake-0001');
  });

  it('cannot be used before the app is ready', () => {
    const safeStorage = fakeSafeStorage({ ready: false });
    expect(safeStorage.isEncryptionAvailable()).toBe(false);
    expect(safeStorage.getSelectedStorageBackend()).toBe('unknown');
    expect(() => safeStorage.encryptString('x')).toThrow('safeStorage cannot be used before app is ready');
    expect(() => safeStorage.decryptString(Buffer.from('v11abc'))).toThrow('before app is ready');
  });

  it('refuses to encrypt or decrypt when encryption is not available', () => {
    const safeStorage = fakeSafeStorage({ available: false });
    expect(safeStorage.isEncryptionAvailable()).toBe(false);
    expect(() => safeStorage.encryptString('x')).toThrow('Encryption is not available.');
    expect(() => safeStorage.decryptString(Buffer.from('v11abc'))).toThrow('Decryption is not available.');
  });

  it('takes only a string to encrypt and only encrypted bytes to decrypt', () => {
    const safeStorage = fakeSafeStorage();
    expect(() => safeStorage.encryptString(42 as never)).toThrow(/conversion failure/);
    expect(() => safeStorage.decryptString('v11abc' as never)).toThrow('Expected the first argument of decryptString() to be a buffer');
    expect(() => safeStorage.decryptString(Buffer.from('plain text'))).toThrow('Ciphertext does not appear to be encrypted.');
  });

  it('cannot decrypt what another key encrypted (a reset keyring)', () => {
    const before = fakeSafeStorage();
    const after = fakeSafeStorage();
    expect(() => after.decryptString(before.encryptString('sk-fake-0001'))).toThrow('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
  });

  it("encrypts 'basic_text' with a key every computer shares", () => {
    const here = fakeSafeStorage({ backend: 'basic_text' });
    const elsewhere = fakeSafeStorage({ backend: 'basic_text' });
    expect(here.isEncryptionAvailable()).toBe(true);
    expect(elsewhere.decryptString(here.encryptString('sk-fake-0001'))).toBe('sk-fake-0001');
  });

  it('has getSelectedStorageBackend on Linux only', () => {
    expect(typeof fakeSafeStorage({ platform: 'linux' }).getSelectedStorageBackend).toBe('function');
    expect(fakeSafeStorage({ platform: 'darwin' }).getSelectedStorageBackend).toBeUndefined();
    expect(fakeSafeStorage({ platform: 'win32' }).getSelectedStorageBackend).toBeUndefined();
  });
});

describe('safeStorageCipher (the adapter the shell hands Electron’s safeStorage to)', () => {
  it('reports the selected backend on Linux', () => {
    const safeStorage = fakeSafeStorage({ platform: 'linux', backend: 'kwallet6' });
    const cipher = safeStorageCipher(safeStorage, { platform: 'linux', isReady: () => true });
    expect(cipher.backend()).toBe('kwallet6');
    expect(cipher.isAvailable()).toBe(true);
  });

  it('never calls the Linux-only function on macOS or Windows', () => {
    const mac = safeStorageCipher(fakeSafeStorage({ platform: 'darwin' }), { platform: 'darwin', isReady: () => true });
    const windows = safeStorageCipher(fakeSafeStorage({ platform: 'win32' }), { platform: 'win32', isReady: () => true });
    expect(mac.backend()).toBe('keychain');
    expect(windows.backend()).toBe('dpapi');
  });

  it("says 'unknown' and unavailable before the app is ready, on every OS", () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const safeStorage = fakeSafeStorage({ platform, ready: true });
      const cipher = safeStorageCipher(safeStorage, { platform, isReady: () => false });
      expect(cipher.backend()).toBe('unknown');
      expect(cipher.isAvailable()).toBe(false);
    }
  });

  it('passes text and bytes through unchanged', () => {
    const safeStorage = fakeSafeStorage();
    const cipher = safeStorageCipher(safeStorage, { platform: 'linux', isReady: () => true });
    expect(safeStorage.decryptString(cipher.encrypt('sk-fake-0002'))).toBe('sk-fake-0002');
    expect(cipher.decrypt(safeStorage.encryptString('sk-fake-0003'))).toBe('sk-fake-0003');
  });
});
