import { fork, type ChildProcess, type StdioOptions } from 'node:child_process';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { CorePort } from './core-connection';

/**
 * The core under plain Node, for tests and benchmarks (there is no Electron
 * binary where they run). The Electron app forks it with utilityProcess
 * instead (src-main/shell/core-process.ts); the core finds its port either way
 * (src-main/core-host/core-main.ts).
 *
 *   import { createCoreClient } from '../src-main/ipc/core-client';
 *   import { CORE_SOURCE_ENTRY, forkCore } from '../src-main/ipc/node-core-port';
 *   const client = createCoreClient({ spawn: () => forkCore(CORE_SOURCE_ENTRY).port, init, secrets, logger });
 *   await client.start();
 *
 * which is `node --import tsx src-main/core-host/core-main.ts` with an IPC
 * channel using `serialization: 'advanced'` (structured clone, as Electron's
 * port: Uint8Array and ArrayBuffer cross as they are).
 */

/** The core's entry in the sources (run with tsx); a build has it at out/main/core.js. */
export const CORE_SOURCE_ENTRY = fileURLToPath(new URL('../core-host/core-main.ts', import.meta.url));

export interface ForkCoreOptions {
  /** Default: stdout and stderr inherited (the core writes its log to core.log; these carry only what crashes print). */
  stdio?: StdioOptions;
  env?: NodeJS.ProcessEnv;
}

export function forkCore(entry: string, options: ForkCoreOptions = {}): { port: CorePort; child: ChildProcess } {
  const child = fork(entry, [], {
    serialization: 'advanced',
    // A TypeScript entry runs through tsx, as `npm run cli` does.
    execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : [],
    stdio: options.stdio ?? ['ignore', 'inherit', 'inherit', 'ipc'],
    ...(options.env ? { env: options.env } : {}),
  });
  return { port: childProcessPort(child), child };
}

/** A forked Node process (with an IPC channel) as a CorePort. */
export function childProcessPort(child: ChildProcess): CorePort {
  return {
    postMessage(message) {
      if (!child.connected) throw new Error('the core’s channel is closed');
      // With a callback, a failed send is reported there instead of as an 'error' event nobody handles.
      child.send(message, (error) => void error);
    },
    onMessage(listener) {
      child.on('message', listener);
    },
    onExit(listener) {
      // 'close', not 'exit': it comes after the IPC channel has delivered everything the process sent.
      child.once('close', (code, signal) => listener(code ?? (signal ? 128 + constants.signals[signal] : null)));
    },
    kill() {
      child.kill();
    },
  };
}
