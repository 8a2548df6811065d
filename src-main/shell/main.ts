import { app } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../app/create-app';
import { createFileSink, createLogger } from '../logging/logger';
import { openSecretStore } from '../secrets/open-secret-store';
import { ElectronSettingsBackend } from './electron-settings-backend';
import { createSafeStorageCipher } from './safe-storage-cipher';
import { startShell } from './startup';

/**
 * The Electron shell's entry point: the same app the browser host builds,
 * in a locked-down window. What it does, in order, is in startup.ts; this
 * file only hands it the pieces that need Electron or the real machine.
 * Runs at module load on purpose: several steps must happen before 'ready'.
 */
void startShell({
  bundleDir: fileURLToPath(new URL('.', import.meta.url)),
  resourcesPath: process.resourcesPath,
  env: process.env,
  platform: process.platform,
  createLogger: (logsDir) => createLogger({ sink: createFileSink(join(logsDir, 'kiosk.log')) }),
  openSettingsBackend: () => new ElectronSettingsBackend(),
  openSecrets: (logger, dataDir) =>
    openSecretStore({
      prefer: 'keychain',
      logger,
      // safeStorage has its key only after 'ready'; startShell opens secrets after it.
      safeStorage: { cipher: createSafeStorageCipher(), dataDir },
      whenNoneWorks: 'unavailable-store',
    }),
  createApp,
}).catch((error: unknown) => {
  // Anything startShell did not handle itself; the log may not exist yet, so stderr.
  console.error('Teamified Kiosk failed to start', error);
  app.exit(1);
});
