/**
 * One device as a process of its own, for tests that kill it outright
 * (SIGKILL: no shutdown code runs) in the middle of a sync. It opens the app
 * on the data folder it is given (sync configured by the machine settings
 * file there, the device password from the environment), registers
 * candidates and syncs, over and over, until it is killed.
 *
 *   node --import tsx tests/support/sync-device-process.ts DATA_DIR PREFIX
 */
import { join } from 'node:path';
import { createLogger } from '../../src-main/logging/logger';
import { MemorySecretStore } from '../../src-main/secrets/memory-secret-store';
import { FileSettingsBackend } from '../../src-main/settings/file-settings-backend';
import { SettingsService } from '../../src-main/settings/settings-service';
import { buildApp, strongPassword } from './test-app';

const [dataDir, prefix] = process.argv.slice(2);
const password = process.env['SYNC_DEVICE_PASSWORD'];
if (!dataDir || !prefix || !password) throw new Error('usage: sync-device-process.ts DATA_DIR PREFIX (SYNC_DEVICE_PASSWORD in the environment)');

const logger = createLogger({ level: 'warn', sink: () => undefined });
const settings = new SettingsService({ backend: new FileSettingsBackend(join(dataDir, 'settings.json')), machineFilePath: join(dataDir, 'machine-settings.json'), logger });
const app = buildApp({
  dataDir,
  settings,
  secrets: new MemorySecretStore({ 'sync-device-credential': password }),
  logger,
  overrides: { sync: { intervalMs: 3_600_000, watchMs: 3_600_000 } },
});

async function main(): Promise<void> {
  for (let round = 1; ; round++) {
    for (let n = 1; n <= 3; n++) {
      const windowId = `kiosk-${round}-${n}`;
      const email = `${prefix}-${process.pid}-${round}-${n}@example.com`;
      const result = await app.dispatch('auth.registerCandidate', { email, password: strongPassword, fullName: 'Killed Midway' }, { windowId, trustedSender: true });
      if (!result.ok) throw new Error(result.error.message);
      await app.dispatch('auth.signOut', {}, { windowId, trustedSender: true });
    }
    process.stdout.write(`syncing ${round}\n`);
    const status = await app.services.sync.syncNow();
    process.stdout.write(`synced ${round} ${status.state}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
