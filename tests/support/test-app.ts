import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SettingsPatch } from '../../shared/domain/settings';
import type { ChannelName, ChannelOutput } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';
import { createApp, type App, type AppOptions } from '../../src-main/app/create-app';
import type { Clock } from '../../src-main/common/clock';
import { createLogger } from '../../src-main/logging/logger';
import { MemorySecretStore } from '../../src-main/secrets/memory-secret-store';
import { FileSettingsBackend } from '../../src-main/settings/file-settings-backend';
import { SettingsService } from '../../src-main/settings/settings-service';
import { quietKioskWatch } from './quiet-kiosk';
import { turnSittingsOff } from './unproctored';

export const migrationsDir = join(import.meta.dirname, '..', '..', 'migrations', 'sqlite');
export const resourcesDir = join(import.meta.dirname, '..', '..', 'resources');

export interface TestApp {
  app: App;
  dataDir: string;
  /** Every JSON log line the app wrote. */
  logLines: string[];
  close(): void;
}

export class FakeClock implements Clock {
  constructor(private current = new Date('2026-11-25T09:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** What a test or benchmark must say to build an app; everything else has the project's defaults. */
export type AppInit = Pick<AppOptions, 'dataDir' | 'settings'> & Partial<Omit<AppOptions, 'dataDir' | 'settings'>>;

/**
 * Every app a test or benchmark runs is built here: the real composition
 * root, with the project's migrations and resources, an in-memory keychain
 * and a silent logger unless given, bcrypt's cost lowered to 4 (suites
 * hash many passwords) unless `overrides.bcryptCost` says otherwise, and a
 * kiosk watch that sees a clean kiosk (quiet-kiosk.ts) unless told what to see.
 */
export function buildApp(init: AppInit): App {
  return createApp({
    migrationsDir,
    resourcesDir,
    secrets: new MemorySecretStore(),
    logger: createLogger({ level: 'error', sink: () => {} }),
    version: '0.0.0-test',
    ...init,
    overrides: { bcryptCost: 4, kioskWatch: quietKioskWatch, ...init.overrides },
  });
}

/**
 * The real app on a real SQLite file in a fresh temp folder; only bcrypt's
 * cost is lowered (4) so suites that hash many passwords stay fast. Unless
 * `proctored`, candidates start interviews without a proctor's sitting.
 */
export function createTestApp(options: { machineSettings?: SettingsPatch; clock?: Clock; bcryptCost?: number; dataDir?: string; proctored?: boolean } = {}): TestApp {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kiosk-test-'));
  if (!options.proctored && !options.dataDir) turnSittingsOff(dataDir);
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => logLines.push(line) });
  let machineFilePath: string | null = null;
  if (options.machineSettings) {
    machineFilePath = join(dataDir, 'machine-settings.json');
    writeFileSync(machineFilePath, JSON.stringify(options.machineSettings));
  }
  const settings = new SettingsService({ backend: new FileSettingsBackend(join(dataDir, 'settings.json')), machineFilePath, logger });
  const app = buildApp({
    dataDir,
    settings,
    logger,
    overrides: { ...(options.bcryptCost ? { bcryptCost: options.bcryptCost } : {}), ...(options.clock ? { clock: options.clock } : {}) },
  });
  return {
    app,
    dataDir,
    logLines,
    close() {
      app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A caller as the app's own window would be. */
export const ownWindow = (windowId = 'window-1') => ({ windowId, trustedSender: true });

export const strongPassword = 'Correct-Horse-9';

/** Calling main as one of the app's own windows, and reading its database, the way every test harness does. */
export interface AppCalls {
  call<C extends ChannelName>(channel: C, input: unknown, windowId?: string): Promise<Result<ChannelOutput<C>>>;
  /** The call's data; fails the test with the error when it did not succeed. */
  ok<C extends ChannelName>(channel: C, input: unknown, windowId?: string): Promise<ChannelOutput<C>>;
  /** Rows straight from SQLite. */
  rows<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[];
}

export function appCalls(app: () => App, defaultWindow: string): AppCalls {
  const call: AppCalls['call'] = (channel, input, windowId = defaultWindow) => app().dispatch(channel, input, ownWindow(windowId)) as never;
  return {
    call,
    async ok(channel, input, windowId = defaultWindow) {
      const result = await call(channel, input, windowId);
      if (!result.ok) throw new Error(`${channel} failed: ${result.error.code}: ${result.error.message}`);
      return result.data;
    },
    rows: (sql, ...params) => app().database.sqlite.prepare(sql).all(...params) as never,
  };
}
