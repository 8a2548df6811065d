import { app, BrowserWindow, dialog, Menu, session, shell } from 'electron';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppMode } from '../../shared/domain/settings';
import type { App, AppOptions } from '../app/create-app';
import type { Logger } from '../logging/logger-types';
import type { SecretStore } from '../secrets/secret-store';
import type { SettingsBackend } from '../settings/settings-backend';
import { SettingsService } from '../settings/settings-service';
import { appOrigin, type AppOrigin } from './app-origin';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { logChildProcessCrashes, recoverFromCrashes } from './crash-recovery';
import { applyApplicationMenu, devServerUrl, devToolsAllowed } from './dev-only';
import { handleDownloads } from './downloads';
import { environmentChoices } from './environment';
import { connectIpc } from './ipc-bridge';
import { blockKioskShortcuts } from './kiosk-shortcuts';
import { mainWindowOptions } from './main-window';
import { lockDownEveryContents } from './navigation';
import { lockDownPermissions } from './permissions';
import { screenEventRecorder } from './screen-events';
import { claimSingleInstance } from './single-instance';

/** What the shell needs from outside Electron; main.ts passes the real ones, tests their own. */
export interface ShellDeps {
  /** The folder of the built main bundle (out/main): the preload and renderer bundles sit beside it. */
  bundleDir: string;
  /** process.resourcesPath: migrations/ and resources/ of a packaged build are there. */
  resourcesPath: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  createLogger(logsDir: string): Logger;
  openSettingsBackend(): SettingsBackend;
  openSecrets(logger: Logger, dataDir: string): Promise<SecretStore>;
  createApp(options: AppOptions): App;
}

/**
 * Starts the desktop app. Everything Electron requires before 'ready' (the
 * sandbox switch, the data folder, the single-instance lock, the app:
 * scheme) and every listener that must not miss an event ('second-instance',
 * 'web-contents-created') is set up synchronously, when this is called at
 * module load; the slow part (database, keychain) waits for 'ready'.
 */
export async function startShell(deps: ShellDeps): Promise<void> {
  const isPackaged = app.isPackaged;
  // Every renderer sandboxed, whatever a window's webPreferences say; only possible before 'ready'.
  app.enableSandbox();

  const environment = environmentChoices(isPackaged, deps.env, deps.platform);
  // Before the lock: the single-instance lock lives in the userData folder.
  if (environment.dataDir) {
    mkdirSync(environment.dataDir, { recursive: true });
    app.setPath('userData', environment.dataDir);
  }

  let mainWindow: BrowserWindow | null = null;
  if (!claimSingleInstance(app, () => mainWindow)) return;

  const logger = deps.createLogger(app.getPath('logs'));
  for (const name of environment.ignored) logger.warn('environment variable ignored in a packaged build', { name });
  const devServer = devServerUrl(isPackaged, deps.env);
  if (devServer.ignored) logger.warn(devServer.ignored);
  const origin = appOrigin(devServer.url);

  registerAppScheme();
  let kiosk: App | null = null;
  // Until the settings are read, the strictest mode.
  const mode = (): AppMode => kiosk?.services.settings.get().mode ?? 'kiosk';
  lockDownEveryContents(app, { isAppUrl: origin.isAppUrl, mode, openExternal: (url) => void shell.openExternal(url), logger });
  logChildProcessCrashes(app, logger);

  await app.whenReady();
  applyApplicationMenu(Menu, isPackaged, deps.platform);
  lockDownPermissions(session.defaultSession, origin.isAppUrl, logger);

  try {
    kiosk = await buildApp(deps, environment.machineSettingsPath, isPackaged, logger);
  } catch (error) {
    // Start-up errors (damaged database, failed migration, bad IT settings) are for a person to fix.
    logger.error('start-up failed', { error });
    dialog.showErrorBox('Teamified Kiosk cannot start', error instanceof Error ? error.message : String(error));
    app.exit(1);
    return;
  }
  const started = kiosk;

  handleDownloads(session.defaultSession, {
    mode,
    isStaffWindow: (contentsId) => started.sessions.get(String(contentsId))?.kind === 'staff',
    isAppUrl: origin.isAppUrl,
    downloadsDir: () => app.getPath('downloads'),
    reveal: (path) => shell.showItemInFolder(path),
    logger,
  });
  if (origin.servedByApp) serveRenderer(join(deps.bundleDir, '../renderer'));
  connectIpc(started, origin.isAppUrl);
  mainWindow = openMainWindow(started, { deps, origin, isPackaged, mode, logger });
  app.on('window-all-closed', () => {
    started.close();
    app.quit();
  });
}

async function buildApp(deps: ShellDeps, machineFilePath: string, isPackaged: boolean, logger: Logger): Promise<App> {
  const settings = new SettingsService({ backend: deps.openSettingsBackend(), machineFilePath, logger });
  const dataDir = app.getPath('userData');
  // Packaged: electron-builder's extraResources copies migrations/ and resources/ beside the app (electron-builder.yml).
  const root = isPackaged ? deps.resourcesPath : app.getAppPath();
  return deps.createApp({
    dataDir,
    migrationsDir: join(root, 'migrations', 'sqlite'),
    resourcesDir: join(root, 'resources'),
    settings,
    secrets: await deps.openSecrets(logger, dataDir),
    logger,
    version: app.getVersion(),
  });
}

function openMainWindow(
  kiosk: App,
  context: { deps: ShellDeps; origin: AppOrigin; isPackaged: boolean; mode: () => AppMode; logger: Logger },
): BrowserWindow {
  const { deps, origin, isPackaged, mode, logger } = context;
  const window = new BrowserWindow(
    mainWindowOptions({ isPackaged, kioskMode: mode() === 'kiosk', preloadPath: join(deps.bundleDir, '../preload/index.cjs') }),
  );
  const contents = window.webContents;
  const windowId = String(contents.id);
  const recordScreenEvent = screenEventRecorder(kiosk, logger);
  recoverFromCrashes(contents, { recordScreenEvent, logger });
  blockKioskShortcuts(contents, {
    mode,
    devToolsAllowed: devToolsAllowed(isPackaged),
    onBlocked: (shortcut) => recordScreenEvent(windowId, 'shortcut_attempted', { shortcut }),
  });
  contents.once('destroyed', () => kiosk.sessions.forget(windowId));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(origin.startUrl);
  return window;
}
