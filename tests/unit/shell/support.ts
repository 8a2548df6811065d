import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SettingsPatch } from '../../../shared/domain/settings';
import type { ChannelName } from '../../../shared/ipc/contract';
import { IPC_INVOKE } from '../../../shared/ipc/api';
import type { Result } from '../../../shared/ipc/result';
import { type App } from '../../../src-main/app/create-app';
import { createLogger } from '../../../src-main/logging/logger';
import type { Logger } from '../../../src-main/logging/logger-types';
import { MemorySecretStore } from '../../../src-main/secrets/memory-secret-store';
import { FileSettingsBackend } from '../../../src-main/settings/file-settings-backend';
import { startShell, type ShellDeps } from '../../../src-main/shell/startup';
import { app, BrowserWindow, electronStandIn, ipcMain, type StandInOptions } from '../../fixtures/electron/index';
import { buildApp } from '../../support/test-app';

/** A logger that keeps its lines, and a way to find one. */
export function memoryLogger(): { logger: Logger; lines: string[]; messages: () => string[] } {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => lines.push(line) });
  return { logger, lines, messages: () => lines.map((line) => (JSON.parse(line) as { msg: string }).msg) };
}

export interface BootOptions extends StandInOptions {
  /** The user's settings file, as an admin would have saved it. Default: kiosk mode. */
  settings?: SettingsPatch;
  env?: NodeJS.ProcessEnv;
  secrets?: ConstructorParameters<typeof MemorySecretStore>[0];
  /** Stop after the synchronous part (before 'ready'). */
  beforeReady?: boolean;
}

export interface BootedShell {
  /** The promise startShell returned. */
  started: Promise<void>;
  /** What was true when startShell's synchronous part returned (module load, before 'ready'). */
  atLoad: { sandboxEnabled: boolean; lockRequests: number; secondInstanceListeners: number; webContentsCreatedListeners: number; appBuilt: boolean };
  kiosk: () => App;
  window: () => BrowserWindow;
  messages: () => string[];
  /** Calls a channel as the window's own page would (through the preload and ipcMain). */
  call(channel: ChannelName, input: unknown): Promise<Result<unknown>>;
}

let cleanups: Array<() => void> = [];

/**
 * The real startShell, against the Electron stand-in, with the real app
 * (createApp on SQLite in the stand-in's userData folder) and the project's
 * migrations and resources (linked where a packaged build keeps them).
 */
export async function bootShell(options: BootOptions = {}): Promise<BootedShell> {
  electronStandIn.reset(options);
  const resourcesPath = mkdtempSync(join(tmpdir(), 'shell-resources-'));
  symlinkSync(join(process.cwd(), 'migrations'), join(resourcesPath, 'migrations'));
  symlinkSync(join(process.cwd(), 'resources'), join(resourcesPath, 'resources'));
  writeFileSync(join(app.getPath('userData'), 'settings.json'), JSON.stringify(options.settings ?? { mode: 'kiosk' }));
  const log = memoryLogger();
  const apps: App[] = [];
  const deps: ShellDeps = {
    bundleDir: join(process.cwd(), 'out', 'main'),
    resourcesPath,
    env: options.env ?? {},
    platform: options.platform ?? 'linux',
    createLogger: () => log.logger,
    openSettingsBackend: () => new FileSettingsBackend(join(app.getPath('userData'), 'settings.json')),
    openSecrets: async () => new MemorySecretStore(options.secrets ?? {}),
    createApp: (appOptions) => {
      const built = buildApp({ ...appOptions, overrides: { bcryptCost: 4, ...appOptions.overrides } });
      // The shell closes it when the last window closes; cleanup closes it otherwise, once.
      const close = built.close.bind(built);
      let closed = false;
      built.close = () => {
        if (!closed) close();
        closed = true;
      };
      apps.push(built);
      return built;
    },
  };
  cleanups.push(() => {
    for (const window of BrowserWindow.getAllWindows()) window.close();
    for (const built of apps) built.close();
    rmSync(resourcesPath, { recursive: true, force: true });
  });

  const started = startShell(deps);
  const atLoad = {
    sandboxEnabled: app.records.sandboxEnabled,
    lockRequests: app.records.singleInstanceLockRequests,
    secondInstanceListeners: app.listenerCount('second-instance'),
    webContentsCreatedListeners: app.listenerCount('web-contents-created'),
    appBuilt: apps.length > 0,
  };
  if (!options.beforeReady) {
    app.becomeReady();
    await started;
  }
  const window = () => {
    const [only] = BrowserWindow.getAllWindows();
    if (!only) throw new Error('no window is open');
    return only;
  };
  return {
    started,
    atLoad,
    kiosk: () => {
      const [built] = apps;
      if (!built) throw new Error('the app was not built');
      return built;
    },
    window,
    messages: log.messages,
    call: (channel, input) => ipcMain.invoke(IPC_INVOKE, window().webContents, window().webContents.mainFrame, channel, input) as Promise<Result<unknown>>,
  };
}

/** Closes what bootShell opened; call in afterEach. */
export function shutDownShell(): void {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
  electronStandIn.dispose();
}

export const APP_PAGE = 'app://kiosk/index.html';
