import { app, BrowserWindow, dialog } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type App } from '../app/create-app';
import { createFileSink, createLogger } from '../logging/logger';
import { openSecretStore } from '../secrets/open-secret-store';
import { defaultMachineSettingsPath, SettingsService } from '../settings/settings-service';
import { ElectronSettingsBackend } from './electron-settings-backend';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './app-protocol';
import { connectIpc } from './ipc-bridge';
import { lockDownContents, lockDownSession } from './window-security';

/**
 * The Electron shell: the only code that touches Electron. It builds the
 * same app the browser host builds, then gives it a sandboxed window.
 */
const here = fileURLToPath(new URL('.', import.meta.url));
/** Set by `electron-vite dev`: the renderer then comes from Vite's dev server. */
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const appOrigin = devServerUrl ? new URL(devServerUrl).origin : APP_ORIGIN;

function isAppUrl(url: string): boolean {
  try {
    // Not URL.origin: Node's URL reports "null" as the origin of schemes it does not know, such as app:.
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}` === appOrigin;
  } catch {
    return false;
  }
}

registerAppScheme();

// Lets IT (and the Electron end-to-end test) keep the data somewhere other than the user profile.
if (process.env.TEAMIFIED_DATA_DIR) app.setPath('userData', process.env.TEAMIFIED_DATA_DIR);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void start();
}

async function start(): Promise<void> {
  await app.whenReady();
  const logger = createLogger({ sink: createFileSink(join(app.getPath('logs'), 'kiosk.log')) });
  let kiosk: App;
  try {
    const settings = new SettingsService({
      backend: new ElectronSettingsBackend(),
      machineFilePath: defaultMachineSettingsPath(process.platform),
      logger,
    });
    kiosk = createApp({
      dataDir: app.getPath('userData'),
      migrationsDir: app.isPackaged ? join(process.resourcesPath, 'migrations', 'sqlite') : join(app.getAppPath(), 'migrations', 'sqlite'),
      // Packaged: electron-builder's extraResources copies resources/ beside the app (see electron-builder.yml).
      resourcesDir: app.isPackaged ? join(process.resourcesPath, 'resources') : join(app.getAppPath(), 'resources'),
      settings,
      secrets: await openSecretStore({ prefer: 'keychain', logger }),
      logger,
      version: app.getVersion(),
    });
  } catch (error) {
    // Start-up errors (damaged database, failed migration, bad IT settings, no keychain) are for a person to fix.
    logger.error('start-up failed', { error });
    dialog.showErrorBox('Teamified Kiosk cannot start', error instanceof Error ? error.message : String(error));
    app.exit(1);
    return;
  }

  if (!devServerUrl) serveRenderer(join(here, '../renderer'));
  lockDownSession(isAppUrl);
  connectIpc(kiosk, isAppUrl);
  const window = createWindow(kiosk);
  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => {
    kiosk.close();
    app.quit();
  });
}

function createWindow(kiosk: App): BrowserWindow {
  const kioskMode = kiosk.services.settings.get().mode === 'kiosk';
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    show: false,
    fullscreen: kioskMode && app.isPackaged,
    title: 'Teamified Kiosk',
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  lockDownContents(window.webContents, isAppUrl);
  const windowId = String(window.webContents.id);
  window.webContents.once('destroyed', () => kiosk.sessions.forget(windowId));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
  return window;
}
