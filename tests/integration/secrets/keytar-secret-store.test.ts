import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src-main/logging/logger';
import { openSecretStore } from '../../../src-main/secrets/open-secret-store';
import { SecretStoreError, type SecretStore } from '../../../src-main/secrets/secret-store';

/**
 * The real OS keychain through keytar. On headless Linux run it as
 *   scripts/with-keyring.sh npx vitest run tests/integration/secrets
 * Without a reachable keychain it is skipped, with the reason printed.
 */

// Its own service name, so the test can never read or overwrite a developer's real key.
const service = `Teamified Kiosk test ${randomBytes(4).toString('hex')}`;
const secret = `sk-integration-${randomBytes(12).toString('hex')}`;
const logLines: string[] = [];
const logger = createLogger({ level: 'debug', sink: (line) => logLines.push(line) });

let store: SecretStore | null = null;
let unavailableBecause = '';
try {
  store = await openSecretStore({ prefer: 'keychain', logger, service, probeTimeoutMs: 5_000 });
} catch (error) {
  if (!(error instanceof SecretStoreError)) throw error;
  unavailableBecause = error.message;
}
const noKeychain = store === null;
if (noKeychain) {
  console.warn(`keytar integration test skipped: no Secret Service (gnome-keyring) on this machine; run under scripts/with-keyring.sh. (${unavailableBecause})`);
}

describe('KeytarSecretStore against the OS keychain', () => {
  afterAll(async () => {
    await store?.delete('openai-api-key').catch(() => false);
  });

  it.skipIf(noKeychain)('stores, reads, replaces and deletes a secret', async () => {
    const keychain = store as SecretStore;
    expect(keychain.backend).toMatch(/via keytar$/);
    expect(await keychain.get('openai-api-key')).toBeNull();
    await keychain.set('openai-api-key', secret);
    expect(await keychain.get('openai-api-key')).toBe(secret);
    await keychain.set('openai-api-key', `${secret}-2`);
    expect(await keychain.get('openai-api-key')).toBe(`${secret}-2`);
    expect(await keychain.delete('openai-api-key')).toBe(true);
    expect(await keychain.get('openai-api-key')).toBeNull();
    expect(await keychain.delete('openai-api-key')).toBe(false);
  });

  it.skipIf(noKeychain)('never puts the secret value in an error message or the log', async () => {
    const keychain = store as SecretStore;
    const tooLong = `${secret}${'x'.repeat(4096)}`;
    const error = await keychain.set('openai-api-key', tooLong).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SecretStoreError);
    expect((error as Error).message).not.toContain(secret);
    const badName = await keychain.set('not-a-secret' as never, secret).catch((caught: unknown) => caught);
    expect(badName).toBeInstanceOf(SecretStoreError);
    expect((badName as Error).message).not.toContain(secret);
    logger.error('secret store failure', { error, badName });
    expect(logLines.join('\n')).not.toContain(secret);
  });
});
