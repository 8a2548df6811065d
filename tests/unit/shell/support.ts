import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { build } from 'esbuild';
import { expect, vi } from 'vitest';
import type { SettingsPatch } from '../../../shared/domain/settings';
import type { ChannelName } from '../../../shared/ipc/contract';
import { IPC_INVOKE } from '../../../shared/ipc/api';
import type { Result } from '../../../shared/ipc/result';
import { CORE_SOURCE_ENTRY } from '../../../src-main/ipc/node-core-port';
import { createLogger } from '../../../src-main/logging/logger';
import type { Logger } from '../../../src-main/logging/logger-types';
import { MemorySecretStore } from '../../../src-main/secrets/memory-secret-store';
import { startShell, type ShellDeps } from '../../../src-main/shell/startup';
import { app, BrowserWindow, electronStandIn, ipcMain, StandInUtilityProcess, type StandInOptions } from '../../fixtures/electron/index';

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
  /** The shell's update installer (electron-updater in the app); default none. */
  updateInstaller?: ShellDeps['updateInstaller'];
}

export interface BootedShell {
  /** The promise startShell returned. */
  started: Promise<void>;
  /** Stands for `process` where main hears its unhandled errors ('uncaughtExceptionMonitor'). */
  errorEvents: EventEmitter;
  /** What was true when startShell's synchronous part returned (module load, before 'ready'). */
  atLoad: { sandboxEnabled: boolean; lockRequests: number; secondInstanceListeners: number; webContentsCreatedListeners: number; coreStarted: boolean };
  /** The core's utility process now running (a real child process); throws when there is none. */
  core: () => StandInUtilityProcess;
  /** Main's store: the core asks it for secrets. */
  secrets: MemorySecretStore;
  window: () => BrowserWindow;
  /** Main's log (kiosk.log in the app). */
  messages: () => string[];
  /** The core's own log (core.log in the logs folder), message by message. */
  coreMessages: () => string[];
  /** Calls a channel as the window's own page would (through the preload and ipcMain). */
  call(channel: ChannelName, input: unknown): Promise<Result<unknown>>;
}

let cleanups: Array<() => void> = [];

let coreBundle: Promise<string> | null = null;

/**
 * The core's script as these tests run it: src-main/core-host bundled with
 * esbuild, packages left external, as electron-vite builds out/main/core.js
 * (with the resume worker beside it, as there). Built once per test file and
 * cached by content under node_modules/.cache (so its packages resolve); a
 * core then starts in about half the time tsx needs to load the sources.
 */
export function coreScript(): Promise<string> {
  coreBundle ??= bundleCore();
  return coreBundle;
}

async function bundleCore(): Promise<string> {
  const staging = join(process.cwd(), 'node_modules', '.cache', 'teamified-kiosk', 'core-staging');
  const built = await build({
    entryPoints: { core: CORE_SOURCE_ENTRY, 'resume-extraction-worker': join(process.cwd(), 'src-main', 'resumes', 'extraction', 'extraction-worker.ts') },
    bundle: true,
    splitting: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node22',
    outdir: staging,
    write: false,
    logLevel: 'silent',
  });
  const hash = createHash('sha256');
  for (const file of built.outputFiles) hash.update(relative(staging, file.path)).update(file.contents);
  const folder = join(dirname(staging), `core-${hash.digest('hex').slice(0, 16)}`);
  if (!existsSync(folder)) {
    // Written aside, then renamed into place: test files run in parallel processes, and none may start a half-written core.
    const temporary = `${folder}.${process.pid}.tmp`;
    for (const file of built.outputFiles) {
      const target = join(temporary, relative(staging, file.path));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.contents);
    }
    try {
      renameSync(temporary, folder);
    } catch {
      // Another test file put the same bundle there first.
      rmSync(temporary, { recursive: true, force: true });
    }
  }
  return join(folder, 'core.js');
}

/**
 * The real startShell, against the Electron stand-in, with the real core in
 * a real child process (the stand-in's utilityProcess.fork runs the bundled
 * core, coreScript()): createApp on SQLite in the stand-in's userData folder,
 * the project's migrations and resources (linked where a packaged build
 * keeps them), bcrypt at cost 4.
 */
export async function bootShell(options: BootOptions = {}): Promise<BootedShell> {
  const coreEntry = await coreScript();
  electronStandIn.reset(options);
  const resourcesPath = mkdtempSync(join(tmpdir(), 'shell-resources-'));
  symlinkSync(join(process.cwd(), 'migrations'), join(resourcesPath, 'migrations'));
  symlinkSync(join(process.cwd(), 'resources'), join(resourcesPath, 'resources'));
  writeFileSync(join(app.getPath('userData'), 'settings.json'), JSON.stringify(options.settings ?? { mode: 'kiosk' }));
  const log = memoryLogger();
  const secrets = new MemorySecretStore(options.secrets ?? {});
  const errorEvents = new EventEmitter();
  const deps: ShellDeps = {
    bundleDir: join(process.cwd(), 'out', 'main'),
    resourcesPath,
    env: options.env ?? {},
    platform: options.platform ?? 'linux',
    createLogger: () => log.logger,
    settingsStore: 'json-file',
    openSecrets: async () => secrets,
    coreEntry,
    errorEvents,
    coreOverrides: { bcryptCost: 4 },
    // No policy: a machine's own /etc/teamified-kiosk/policy.json never changes what a test sees.
    policyFilePath: null,
    ...(options.updateInstaller ? { updateInstaller: options.updateInstaller } : {}),
  };
  cleanups.push(() => rmSync(resourcesPath, { recursive: true, force: true }));

  const started = startShell(deps);
  const atLoad = {
    sandboxEnabled: app.records.sandboxEnabled,
    lockRequests: app.records.singleInstanceLockRequests,
    secondInstanceListeners: app.listenerCount('second-instance'),
    webContentsCreatedListeners: app.listenerCount('web-contents-created'),
    coreStarted: StandInUtilityProcess.all().length > 0,
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
    errorEvents,
    atLoad,
    core: () => {
      const [running] = StandInUtilityProcess.all();
      if (!running) throw new Error('no core is running');
      return running;
    },
    secrets,
    window,
    messages: log.messages,
    coreMessages: () => logMessages(join(app.getPath('logs'), 'core.log')),
    call: (channel, input) => ipcMain.invoke(IPC_INVOKE, window().webContents, window().webContents.mainFrame, channel, input) as Promise<Result<unknown>>,
  };
}

function logMessages(path: string): string[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { msg: string }).msg);
}

/**
 * Ends what bootShell started; call in afterEach. As a user would: anyone
 * signed in signs out (a kiosk refuses to close over a candidate's
 * session), the windows close, the shell closes its core and quits. A core
 * still running after that (a shell that never opened a window) is ended,
 * and the shell's reaction to that runs now, not in the next test.
 */
export async function shutDownShell(): Promise<void> {
  const windows = BrowserWindow.getAllWindows();
  for (const window of windows) {
    if (window.isDestroyed()) continue;
    await ipcMain.invoke(IPC_INVOKE, window.webContents, window.webContents.mainFrame, 'auth.signOut', {}).catch(() => undefined);
  }
  for (const window of windows) window.close();
  if (windows.length > 0) await vi.waitFor(() => expect(app.records.quitCalls).toBeGreaterThan(0), { timeout: 10_000 });
  await electronStandIn.endProcesses();
  await new Promise((resolve) => setImmediate(resolve));
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
  electronStandIn.dispose();
}

export const APP_PAGE = 'app://kiosk/index.html';
