import { describe, expect, it } from 'vitest';
import { publicKeyText, signAttestation, verifyAttestation } from '../../../src-main/configuration/attestation-message';
import { DeviceSigningKey } from '../../../src-main/configuration/signing-key';
import { createLogger } from '../../../src-main/logging/logger';
import { MemorySecretStore } from '../../../src-main/secrets/memory-secret-store';

function setUp(initial: ConstructorParameters<typeof MemorySecretStore>[0] = {}) {
  const lines: string[] = [];
  const secrets = new MemorySecretStore(initial);
  return { lines, secrets, key: new DeviceSigningKey(secrets, createLogger({ level: 'debug', sink: (line) => lines.push(line) })) };
}

const fields = { challenge: 'c'.repeat(64), deviceId: 'd', interviewId: 'i', configurationKey: 'a'.repeat(64) };

describe('device signing key', () => {
  it('is made once, kept in the secret store, and the same after the app starts again', async () => {
    const { secrets, key, lines } = setUp();
    const [first, second] = await Promise.all([key.get(), key.get()]);
    expect(second.publicKey).toBe(first.publicKey);
    const stored = await secrets.get('sync-signing-key');
    expect(stored).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const again = await new DeviceSigningKey(secrets, createLogger({ level: 'debug', sink: () => undefined })).get();
    expect(again.publicKey).toBe(first.publicKey);
    expect(verifyAttestation(first.publicKey, signAttestation(again.privateKey, fields), fields)).toBe(true);
    // The private half never reaches the log.
    expect(lines.join('\n')).not.toContain(stored!);
  });

  it('replaces a damaged stored key, saying IT must reset the device key', async () => {
    const { secrets, key, lines } = setUp({ 'sync-signing-key': 'not a key' });
    const made = await key.get();
    expect(await secrets.get('sync-signing-key')).not.toBe('not a key');
    expect(publicKeyText(made.privateKey)).toBe(made.publicKey);
    expect(lines.some((line) => line.includes('reset-device-key'))).toBe(true);
  });
});
