import { app } from 'electron';
import electronUpdater from 'electron-updater';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFileSink, createLogger } from '../logging/logger';
import { openSecretStore } from '../secrets/open-secret-store';
import { createShellInstaller } from './auto-update';
import { createSafeStorageCipher } from './safe-storage-cipher';
import { startShell } from './startup';

const bundleDir = fileURLToPath(new URL('.', import.meta.url));

/**
 * The Electron shell's entry point: a locked-down window in front of the
 * app's core, which runs in a utility process (out/main/core.js, built from
 * src-main/core-host beside this bundle). What it does, in order, is in
 * startup.ts; this file only hands it the pieces that need Electron or the
 * real machine. Runs at module load on purpose: several steps must happen
 * before 'ready'.
 */
void startShell({
  bundleDir,
  resourcesPath: process.resourcesPath,
  env: process.env,
  platform: process.platform,
  createLogger: (logsDir) => createLogger({ sink: createFileSink(join(logsDir, 'kiosk.log')) }),
  settingsStore: 'electron-store',
  openSecrets: (logger, dataDir) =>
    openSecretStore({
      prefer: 'keychain',
      logger,
      // safeStorage has its key only after 'ready'; startShell opens secrets after it.
      safeStorage: { cipher: createSafeStorageCipher(), dataDir },
      whenNoneWorks: 'unavailable-store',
    }),
  coreEntry: join(bundleDir, 'core.js'),
  errorEvents: process,
  // electron-updater's autoUpdater is made on first use, when the core first hands over an update.
  updateInstaller: (context) => createShellInstaller({ ...context, updater: electronUpdater.autoUpdater, platform: process.platform, arch: process.arch }),
}).catch((error: unknown) => {
  // Anything startShell did not handle itself; the log may not exist yet, so stderr.
  console.error('Teamified Kiosk failed to start', error);
  app.exit(1);
});
