import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SettingsPatch } from '../../../shared/domain/settings';
import type { AppOptions } from '../../../src-main/app/create-app';
import type { HostPort } from '../../../src-main/core-host/serve-core';
import { serveCore } from '../../../src-main/core-host/serve-core';
import { createCoreClient, type CoreClient, type CoreClientOptions, type CorePort } from '../../../src-main/ipc/core-client';
import type { CoreInit } from '../../../src-main/ipc/core-protocol';
import { createLogger } from '../../../src-main/logging/logger';
import type { SecretStore } from '../../../src-main/secrets/secret-store';
import { MemorySecretStore } from '../../../src-main/secrets/memory-secret-store';
import { buildApp, migrationsDir, resourcesDir } from '../../support/test-app';

/**
 * The core served in this process (so coverage sees it), over a pair of
 * linked ports that behave as a process boundary does: every message is
 * cloned (structured clone, as Electron's port and Node's 'advanced' IPC
 * do) and arrives on a later turn, in order; once the "process" has ended
 * nothing more crosses. Main's side is the real CoreClient.
 */
export interface LinkedCore {
  client: CoreClient;
  /** Main's store, which the core asks. */
  secrets: SecretStore;
  init: CoreInit;
  dataDir: string;
  /** Exit codes the core asked for. */
  exits: number[];
  /** How often main killed the "process". */
  kills: () => number;
  /** Messages straight to the core, past the client (malformed ones, or at the wrong time), arriving together. */
  sendRaw(...messages: unknown[]): void;
  /** Messages the core sent, as main received them. */
  received: unknown[];
  /** Main's side of Node's IPC channel closes (main died). */
  disconnect(): void;
  /** The core's own log, message by message. */
  coreMessages(): string[];
  /** What the core logged before init named its log file. */
  earlyMessages: string[];
  /** What serveCore handed createApp (the update installer it made, among others); null before init. */
  appOptions(): AppOptions | null;
  cleanup(): Promise<void>;
}

export interface LinkedCoreOptions {
  machineSettings?: SettingsPatch;
  userSettings?: SettingsPatch;
  secrets?: SecretStore;
  /** Changes to the init main sends. */
  init?: (init: CoreInit) => CoreInit;
  /** Main's side of the core's update requests (the shell's installer). */
  onUpdate?: CoreClientOptions['onUpdate'];
}

export function linkedCore(options: LinkedCoreOptions = {}): LinkedCore {
  const dataDir = mkdtempSync(join(tmpdir(), 'core-host-'));
  const machineFilePath = join(dataDir, 'machine-settings.json');
  if (options.machineSettings) writeFileSync(machineFilePath, JSON.stringify(options.machineSettings));
  if (options.userSettings) writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(options.userSettings));
  const toCore: Array<(message: unknown) => void> = [];
  const toMain: Array<(message: unknown) => void> = [];
  const exitListeners: Array<(code: number | null) => void> = [];
  const disconnectListeners: Array<() => void> = [];
  const received: unknown[] = [];
  const exits: number[] = [];
  let kills = 0;
  let ended = false;
  const cross = (listeners: Array<(message: unknown) => void>, message: unknown) => {
    const copy = structuredClone(message);
    setImmediate(() => {
      for (const listener of listeners) listener(copy);
    });
  };
  const end = (code: number | null) => {
    if (ended) return;
    ended = true;
    // After what the process sent before it ended, as Node's 'close' and Electron's 'exit' come.
    setImmediate(() => exitListeners.forEach((listener) => listener(code)));
  };
  const mainSide: CorePort = {
    postMessage(message) {
      if (ended) throw new Error('the core’s channel is closed');
      cross(toCore, message);
    },
    onMessage: (listener) => void toMain.push(listener),
    onExit: (listener) => void exitListeners.push(listener),
    kill() {
      kills += 1;
      end(null);
    },
  };
  const coreSide: HostPort = {
    postMessage(message) {
      if (!ended) cross(toMain, message);
    },
    onMessage: (listener) => void toCore.push(listener),
    onDisconnect: (listener) => void disconnectListeners.push(listener),
  };
  toMain.push((message) => received.push(message));
  const earlyMessages: string[] = [];
  let appOptions: AppOptions | null = null;
  serveCore({
    port: coreSide,
    exit: (code) => {
      exits.push(code);
      end(code);
    },
    logger: createLogger({ sink: (line) => earlyMessages.push((JSON.parse(line) as { msg: string }).msg) }),
    // Every test app is built by buildApp (tests/README.md); it adds nothing the init does not already say.
    createApp: (options) => buildApp((appOptions = options)),
  });
  const init: CoreInit = {
    dataDir,
    migrationsDir,
    resourcesDir,
    logsDir: join(dataDir, 'logs'),
    // No policy: a machine's own /etc/teamified-kiosk/policy.json never changes what a test sees.
    settings: { store: 'json-file', dir: dataDir, machineFilePath, policyFilePath: null },
    version: '9.9.9-core',
    secrets: { backend: 'memory (not persisted)', problem: null },
    overrides: { bcryptCost: 4, sync: { intervalMs: 3_600_000, watchMs: 3_600_000 } },
  };
  const secrets = options.secrets ?? new MemorySecretStore();
  const finalInit = options.init ? options.init(init) : init;
  const client = createCoreClient({
    spawn: () => mainSide,
    init: finalInit,
    secrets,
    logger: createLogger({ sink: () => {} }),
    closeTimeoutMs: 2_000,
    ...(options.onUpdate ? { onUpdate: options.onUpdate } : {}),
  });
  const logFile = join(dataDir, 'logs', 'core.log');
  return {
    client,
    secrets,
    init: finalInit,
    dataDir,
    exits,
    kills: () => kills,
    sendRaw: (...messages) => {
      const copies = messages.map((message) => structuredClone(message));
      setImmediate(() => copies.forEach((copy) => toCore.forEach((listener) => listener(copy))));
    },
    received,
    disconnect: () => disconnectListeners.forEach((listener) => listener()),
    coreMessages: () =>
      existsSync(logFile)
        ? readFileSync(logFile, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => (JSON.parse(line) as { msg: string }).msg)
        : [],
    earlyMessages,
    appOptions: () => appOptions,
    async cleanup() {
      await client.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
