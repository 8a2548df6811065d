import { vi } from 'vitest';
import { createCoreClient, type CoreClientOptions } from '../../../src-main/ipc/core-client';
import type { CorePort } from '../../../src-main/ipc/core-connection';
import type { CoreInit, ToCore } from '../../../src-main/ipc/core-protocol';
import { createLogger } from '../../../src-main/logging/logger';
import { MemorySecretStore } from '../../../src-main/secrets/memory-secret-store';
import type { SecretStore } from '../../../src-main/secrets/secret-store';

export const validInit: CoreInit = {
  dataDir: '/data',
  migrationsDir: '/app/migrations/sqlite',
  resourcesDir: '/app/resources',
  logsDir: '/data/logs',
  settings: { store: 'json-file', dir: '/data', machineFilePath: null, policyFilePath: null },
  version: '1.2.3',
  secrets: { backend: 'memory (not persisted)', problem: null },
};

/**
 * A core process as main sees it, driven by the test: what main posted is
 * kept (cloned, as a real port would), and the test answers as the core
 * would (send) or ends it (exit). kill() ends it unless told to hang.
 */
export class FakeCorePort implements CorePort {
  readonly posted: ToCore[] = [];
  kills = 0;
  /** A core that ignores being killed (for the close timeout). */
  hangs = false;
  /** Every post throws, as a closed channel or an uncloneable value would. */
  refusesPosts = false;
  private readonly messageListeners: Array<(message: unknown) => void> = [];
  private readonly exitListeners: Array<(code: number | null) => void> = [];
  private ended = false;

  postMessage(message: ToCore): void {
    if (this.refusesPosts) throw new DOMException('could not be cloned', 'DataCloneError');
    this.posted.push(structuredClone(message));
  }

  onMessage(listener: (message: unknown) => void): void {
    this.messageListeners.push(listener);
  }

  onExit(listener: (code: number | null) => void): void {
    this.exitListeners.push(listener);
  }

  kill(): void {
    this.kills += 1;
    if (!this.hangs) this.exit(0);
  }

  // ---------------------------------------------------------------- drivers

  send(message: unknown): void {
    for (const listener of this.messageListeners) listener(structuredClone(message));
  }

  exit(code: number | null): void {
    if (this.ended) return;
    this.ended = true;
    for (const listener of this.exitListeners) listener(code);
  }

  of<T extends ToCore['type']>(type: T): Array<Extract<ToCore, { type: T }>> {
    return this.posted.filter((message): message is Extract<ToCore, { type: T }> => message.type === type);
  }

  lastCallId(): number {
    const call = this.of('call').at(-1);
    if (!call) throw new Error('nothing was called');
    return call.id;
  }
}

/** A spawn() for createCoreClient that hands out fake ports and keeps them. */
export function fakeSpawner(): { spawn: () => FakeCorePort; ports: FakeCorePort[]; latest: () => FakeCorePort } {
  const ports: FakeCorePort[] = [];
  return {
    spawn: () => {
      const port = new FakeCorePort();
      ports.push(port);
      return port;
    },
    ports,
    latest: () => {
      const port = ports.at(-1);
      if (!port) throw new Error('nothing was spawned');
      return port;
    },
  };
}

/** Lets queued promise callbacks run. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export const caller = { windowId: '7', trustedSender: true };
export const API_KEY = 'sk-test-client-0123456789';

/** main's CoreClient over fake ports, with a clock the test moves and the shell's callbacks recorded. */
export function harness(options: Partial<CoreClientOptions> & { secrets?: SecretStore } = {}) {
  const spawner = fakeSpawner();
  const lines: string[] = [];
  let time = 1_000_000;
  const onRestarted = vi.fn();
  const onGaveUp = vi.fn();
  const core = createCoreClient({
    spawn: spawner.spawn,
    init: validInit,
    secrets: new MemorySecretStore({ 'openai-api-key': API_KEY }),
    logger: createLogger({ level: 'debug', sink: (line) => lines.push(line) }),
    onRestarted,
    onGaveUp,
    now: () => time,
    closeTimeoutMs: 50,
    ...options,
  });
  const messages = () => lines.map((line) => (JSON.parse(line) as { msg: string }).msg);
  return { core, spawner, lines, messages, onRestarted, onGaveUp, advance: (ms: number) => (time += ms) };
}

/** Starts the client and answers as a core that is ready. */
export async function started(h: Harness, mode: 'kiosk' | 'recruiter' = 'kiosk'): Promise<void> {
  const starting = h.core.start();
  h.spawner.latest().send({ type: 'ready', mode });
  await starting;
}

/** The core behind the latest port dies; a new one is spawned, and (unless told not to) becomes ready. */
export async function crashAndRestart(h: Harness, ready = true): Promise<void> {
  h.spawner.latest().exit(139);
  await settle();
  if (ready) h.spawner.latest().send({ type: 'ready', mode: 'kiosk' });
  await settle();
}

export type Harness = ReturnType<typeof harness>;
