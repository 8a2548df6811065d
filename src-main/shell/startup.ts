import { app, BrowserWindow, clipboard, crashReporter, dialog, Menu, powerSaveBlocker, screen, session, shell } from 'electron';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AppMode } from '../../shared/domain/settings';
import { createCoreClient, type CoreClient, type CoreClientOptions } from '../ipc/core-client';
import type { CoreInit, CoreOverrides } from '../ipc/core-protocol';
import type { Logger } from '../logging/logger-types';
import type { SecretStore } from '../secrets/secret-store';
import type { UpdateInstaller } from '../updates/installer-port';
import type { ShellUpdateContext } from './auto-update';
import { appOrigin, type AppOrigin } from './app-origin';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { forkCoreProcess } from './core-process';
import { logChildProcessCrashes, recoverFromCrashes } from './crash-recovery';
import { startCrashReporter } from './crash-reporter';
import { captureUnhandledErrors, type ErrorEvents } from '../errors/capture-unhandled';
import { FileErrorReports } from '../errors/error-store';
import { applyApplicationMenu, devServerUrl, devToolsAllowed } from './dev-only';
import { handleDownloads } from './downloads';
import { environmentChoices } from './environment';
import { connectIpc } from './ipc-bridge';
import { lockDownKioskWindow, SittingGuards, watchDisplays } from './kiosk-lockdown';
import { blockKioskShortcuts } from './kiosk-shortcuts';
import { mainWindowOptions } from './main-window';
import { lockDownEveryContents } from './navigation';
import { lockDownPermissions } from './permissions';
import { reportShellFacts } from './shell-facts';
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
  /** How the core keeps the user's settings.json: electron-store in the app; the same file as plain JSON in tests. */
  settingsStore: CoreInit['settings']['store'];
  /** The secret store stays in main (safeStorage exists only here); the core asks it for each secret. */
  openSecrets(logger: Logger, dataDir: string): Promise<SecretStore>;
  /** The core's entry script: out/main/core.js beside this bundle; tests give the TypeScript source. */
  coreEntry: string;
  /** Where this process's own unhandled errors are heard: `process` in the app; tests pass an emitter of their own. */
  errorEvents?: ErrorEvents;
  /**
   * Installs the updates the core verified (issue 20, point 3): electron-updater
   * in the app (auto-update.ts), a recording one in tests. Made when the core
   * first asks, with a way to answer it and to see who is signed in; without
   * it, the request is logged and nothing is installed.
   */
  updateInstaller?: (context: ShellUpdateContext) => UpdateInstaller;
  /** IT's central policy: absent in the app (the OS's own: registry, managed preferences, /etc); tests give null (none) or a file. */
  policyFilePath?: string | null;
  /** Test knobs for the core (AppOverrides that can cross a process boundary); the app passes none. */
  coreOverrides?: CoreOverrides;
}

/** Said to whoever started a kiosk with --no-sandbox (IT, usually while fixing a GPU or Linux user-namespace problem). */
export const NO_SANDBOX_AT_KIOSK =
  'It was started with --no-sandbox, which turns off the protection between the interview screen and this computer. Start it without --no-sandbox. If it only starts with it, that is a problem with this computer to fix (on Linux, unprivileged user namespaces or the chrome-sandbox permissions); a recruiter laptop may run this way, a kiosk may not.';

/**
 * Starts the desktop app. Everything Electron requires before 'ready' (the
 * sandbox switch, the data folder, the single-instance lock, the app:
 * scheme) and every listener that must not miss an event ('second-instance',
 * 'web-contents-created') is set up synchronously, when this is called at
 * module load; the slow part (keychain, then the core with the database)
 * waits for 'ready'. The app's services run in the core, a utility process
 * (src-main/core-host), so this process keeps its event loop for windows,
 * input and the app: protocol; it asks the core over a port (CoreClient).
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
  // Before any window: a renderer created before it is not watched (issue 20, point 6).
  startCrashReporter(crashReporter, { version: app.getVersion(), logger });
  // This process's unhandled errors go with the core's, in the data folder's error file (issue 20, point 6).
  if (deps.errorEvents) captureUnhandledErrors(deps.errorEvents, { reports: new FileErrorReports(join(app.getPath('userData'), 'errors')), source: 'main', appVersion: app.getVersion() });
  for (const name of environment.ignored) logger.warn('environment variable ignored in a packaged build', { name });
  const devServer = devServerUrl(isPackaged, deps.env);
  if (devServer.ignored) logger.warn(devServer.ignored);
  const origin = appOrigin(devServer.url);

  registerAppScheme();
  let core: CoreClient | null = null;
  // Until the core has read the settings, the strictest mode.
  const mode = (): AppMode => core?.mode() ?? 'kiosk';
  lockDownEveryContents(app, { isAppUrl: origin.isAppUrl, mode, openExternal: (url) => void shell.openExternal(url), logger });
  logChildProcessCrashes(app, logger);

  await app.whenReady();
  applyApplicationMenu(Menu, isPackaged, deps.platform);
  lockDownPermissions(session.defaultSession, origin.isAppUrl, logger);

  try {
    core = await startCore(deps, environment.machineSettingsPath, isPackaged, logger);
  } catch (error) {
    // Start-up errors (damaged database, failed migration, bad IT settings) are for a person to fix.
    logger.error('start-up failed', { error });
    dialog.showErrorBox('Teamified Kiosk cannot start', error instanceof Error ? error.message : String(error));
    app.exit(1);
    return;
  }
  const started = core;
  if (started.mode() === 'kiosk' && app.commandLine.hasSwitch('no-sandbox')) {
    // Every renderer would run without the OS sandbox: a candidate's page could reach this computer. Not at a kiosk.
    logger.error('refusing to run as a kiosk: started with --no-sandbox');
    dialog.showErrorBox('Teamified Kiosk will not run as a kiosk like this', NO_SANDBOX_AT_KIOSK);
    await started.close().catch(() => undefined);
    app.exit(1);
    return;
  }

  handleDownloads(session.defaultSession, {
    mode,
    isStaffWindow: (contentsId) => started.isStaffWindow(String(contentsId)),
    isAppUrl: origin.isAppUrl,
    downloadsDir: () => app.getPath('downloads'),
    reveal: (path) => shell.showItemInFolder(path),
    logger,
  });
  if (origin.servedByApp) serveRenderer(join(deps.bundleDir, '../renderer'));
  connectIpc(started, origin.isAppUrl);
  mainWindow = openMainWindow(started, { deps, origin, isPackaged, mode, logger });
  watchDisplays(screen, {
    mode,
    candidateWindows: () => started.candidateWindows(),
    onDisplayAdded: (windowId, details) => started.recordScreenEvent(windowId, 'display_added', details),
  });
  // For the self-check: what only the shell knows (a kiosk never gets this far with --no-sandbox).
  reportShellFacts(started, {
    screen,
    platform: deps.platform,
    sandboxed: !app.commandLine.hasSwitch('no-sandbox'),
    kioskWindow: mainWindow.isKiosk(),
    logger,
  });
  quitAfterClosingCore(started, logger);
}

/** The secret store, then the core, which builds the app (database, migrations, settings) and says when it is ready. */
async function startCore(deps: ShellDeps, machineSettingsPath: string, isPackaged: boolean, logger: Logger): Promise<CoreClient> {
  const dataDir = app.getPath('userData');
  const secrets = await deps.openSecrets(logger, dataDir);
  // Packaged: electron-builder's extraResources copies migrations/ and resources/ beside the app (electron-builder.yml).
  const root = isPackaged ? deps.resourcesPath : app.getAppPath();
  const init: CoreInit = {
    dataDir,
    migrationsDir: join(root, 'migrations', 'sqlite'),
    resourcesDir: join(root, 'resources'),
    logsDir: app.getPath('logs'),
    crashDumpsDir: app.getPath('crashDumps'),
    settings: {
      store: deps.settingsStore,
      dir: dataDir,
      machineFilePath: resolve(machineSettingsPath),
      ...(deps.policyFilePath !== undefined ? { policyFilePath: deps.policyFilePath } : {}),
    },
    version: app.getVersion(),
    secrets: { backend: secrets.backend, problem: secrets.problem ?? null },
    ...(deps.coreOverrides ? { overrides: deps.coreOverrides } : {}),
  };
  // What holds while a candidate is signed in at a kiosk (read once the core is there to say).
  let guards: SittingGuards | null = null;
  let installer: UpdateInstaller | null = null;
  const core: CoreClient = createCoreClient({
    onSessionsChanged: () => guards?.update(),
    ...(deps.updateInstaller
      ? {
          onUpdate: handToInstaller(
            () =>
              (installer ??= deps.updateInstaller!({
                logger: logger.child({ component: 'updates' }),
                report: (report) => core.reportUpdate(report),
                candidateWindows: () => core.candidateWindows(),
              })),
          ),
        }
      : {}),
    spawn: () => forkCoreProcess(deps.coreEntry, logger),
    init,
    secrets,
    logger,
    // Sessions died with the old core: each page goes back to sign-in, and an interview resumes from there.
    onRestarted: () => {
      for (const window of BrowserWindow.getAllWindows()) if (!window.isDestroyed()) window.webContents.reload();
    },
    onGaveUp: (message) => {
      dialog.showErrorBox('Teamified Kiosk stopped', message);
      app.exit(1);
    },
  });
  guards = new SittingGuards({
    powerSaveBlocker,
    clipboard,
    windows: () => BrowserWindow.getAllWindows(),
    topmost: deps.platform !== 'darwin',
    wanted: () => core.mode() === 'kiosk' && core.candidateWindows().length > 0,
  });
  await core.start();
  return core;
}

/** The core's word on a verified update, carried out by the shell's installer. */
function handToInstaller(installer: () => UpdateInstaller): NonNullable<CoreClientOptions['onUpdate']> {
  return (action, update) => {
    if (action === 'prepare') installer().prepare(update);
    else if (action === 'install-now') installer().installNow(update);
    else installer().installOnQuit(update);
  };
}

/**
 * The core closes its database before the app ends: after the last window
 * (window-all-closed), or when something else quits the app (Cmd+Q, the OS
 * logging out), by holding 'will-quit' until it has (docs/api/app.md).
 */
function quitAfterClosingCore(core: CoreClient, logger: Logger): void {
  let closed = false;
  const closeThenQuit = (): void =>
    void core
      .close()
      .catch((error: unknown) => logger.error('the core did not close cleanly', { error }))
      .then(() => {
        closed = true;
        app.quit();
      });
  app.on('window-all-closed', closeThenQuit);
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closeThenQuit();
  });
}

function openMainWindow(
  core: CoreClient,
  context: { deps: ShellDeps; origin: AppOrigin; isPackaged: boolean; mode: () => AppMode; logger: Logger },
): BrowserWindow {
  const { deps, origin, isPackaged, mode, logger } = context;
  const window = new BrowserWindow(
    mainWindowOptions({ isPackaged, kioskMode: mode() === 'kiosk', preloadPath: join(deps.bundleDir, '../preload/index.cjs'), platform: deps.platform }),
  );
  const contents = window.webContents;
  const windowId = String(contents.id);
  const recordScreenEvent = core.recordScreenEvent;
  recoverFromCrashes(contents, { recordScreenEvent, logger });
  blockKioskShortcuts(contents, {
    mode,
    devToolsAllowed: devToolsAllowed(isPackaged),
    onBlocked: (shortcut) => recordScreenEvent(windowId, 'shortcut_attempted', { shortcut }),
  });
  lockDownKioskWindow(window, {
    mode,
    candidateSignedIn: () => core.candidateWindows().includes(windowId),
    onCloseRefused: () => recordScreenEvent(windowId, 'shortcut_attempted', { shortcut: 'close' }),
  });
  contents.once('destroyed', () => core.forgetWindow(windowId));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(origin.startUrl);
  return window;
}
