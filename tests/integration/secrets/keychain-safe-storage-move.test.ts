import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { secretNames, type SecretName } from '../../../shared/domain/settings';
import { createLogger } from '../../../src-main/logging/logger';
import { KeytarSecretStore } from '../../../src-main/secrets/keytar-secret-store';
import { openSecretStore, type OpenSecretStoreOptions } from '../../../src-main/secrets/open-secret-store';
import { SAFE_STORAGE_FILE_NAME, SafeStorageSecretStore } from '../../../src-main/secrets/safe-storage-secret-store';
import { SecretStoreError } from '../../../src-main/secrets/secret-store';
import { fakeCipher } from '../../unit/secrets/fake-safe-storage';
import { tempDataDir } from '../../unit/secrets/support';

/**
 * Secrets moving between the real OS keychain (through keytar) and the
 * safeStorage file, both ways. safeStorage is the stand-in (no Electron
 * here); the keychain is real. On headless Linux run it as
 *   sh scripts/with-keyring.sh npx vitest run tests/integration/secrets
 * Without a reachable keychain it is skipped, with the reason printed.
 */

// Its own service name, so the test never reads or overwrites a developer's real keys.
const service = `Teamified Kiosk move test ${randomBytes(4).toString('hex')}`;
const values = Object.fromEntries(secretNames.map((name) => [name, `${name}-${randomBytes(8).toString('hex')}`])) as Record<SecretName, string>;
const logLines: string[] = [];
const logger = createLogger({ level: 'debug', sink: (line) => logLines.push(line) });

let keychain: KeytarSecretStore | null = null;
let unavailableBecause = '';
try {
  keychain = await KeytarSecretStore.open({ service });
  await keychain.probe(5_000);
} catch (error) {
  if (!(error instanceof SecretStoreError)) throw error;
  keychain = null;
  unavailableBecause = error.message;
}
const noKeychain = keychain === null;
if (noKeychain) {
  console.warn(`keychain ↔ safeStorage move test skipped: no Secret Service on this machine; run under scripts/with-keyring.sh. (${unavailableBecause})`);
}

describe('moving secrets between the real OS keychain and safeStorage', () => {
  const data = tempDataDir();
  const file = join(data.dir, SAFE_STORAGE_FILE_NAME);
  const { cipher } = fakeCipher();
  const options = (prefer: OpenSecretStoreOptions['prefer']): OpenSecretStoreOptions => ({
    prefer,
    logger,
    service,
    safeStorage: { cipher, dataDir: data.dir },
    whenNoneWorks: 'unavailable-store',
  });

  afterAll(async () => {
    for (const name of secretNames) await keychain?.delete(name).catch(() => false);
    data.remove();
  });

  it.skipIf(noKeychain)('moves every secret into safeStorage and back into the keychain, without loss', async () => {
    const real = keychain as KeytarSecretStore;
    for (const name of secretNames) await real.set(name, values[name]);

    const safe = await openSecretStore(options('safe-storage'));
    expect(safe).toBeInstanceOf(SafeStorageSecretStore);
    for (const name of secretNames) {
      expect(await safe.get(name)).toBe(values[name]);
      expect(await real.get(name)).toBeNull();
    }

    const back = await openSecretStore(options('keychain'));
    expect(back.backend).toBe('Secret Service via keytar');
    for (const name of secretNames) expect(await real.get(name)).toBe(values[name]);
    expect(SafeStorageSecretStore.holdsSecrets(file)).toBe(false);

    const log = logLines.join('\n');
    expect(log.match(/"msg":"secret moved"/g)).toHaveLength(2 * secretNames.length);
    for (const value of Object.values(values)) expect(log).not.toContain(value);
  });
});
