import type { FromCore } from '../ipc/core-protocol';
import { serveCore, type HostPort } from './serve-core';

/**
 * The core's entry point: the app's services (SQLite, sync, the interview's
 * AI calls and audio, PDF reports) in a process of their own, so that
 * Electron's main process keeps its event loop for windows, input and the
 * app: protocol. What it does is in serve-core.ts; this file only finds its
 * channel to main:
 *
 *   - in the app, Electron's utility process: `process.parentPort`
 *     (src-main/shell/core-process.ts forks out/main/core.js with
 *     utilityProcess.fork);
 *   - under plain Node, a child forked with an IPC channel and
 *     `serialization: 'advanced'`: `process.send` / `process.on('message')`.
 *     Tests and benchmarks start it that way, from the sources:
 *     `fork('src-main/core-host/core-main.ts', [], { serialization: 'advanced', execArgv: ['--import', 'tsx'] })`,
 *     or forkCore() in src-main/ipc/node-core-port.ts.
 *
 * Nothing here imports Electron: in a utility process `electron` offers
 * little, and under Node importing it would try to download its binary.
 */

/** The part of Electron's ParentPort (docs/api/parent-port.md) the core uses. */
interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

/** After its last message, how long the core waits for main to end it before it exits by itself. */
const EXIT_GRACE_MS = 1_000;

function hostPort(): HostPort {
  // Typed by Electron as always there; under Node it is absent, so it is read as maybe-missing.
  const parentPort = Reflect.get(process, 'parentPort') as ParentPort | undefined;
  if (parentPort) {
    return {
      postMessage: (message: FromCore) => parentPort.postMessage(message),
      // Messages sent before this listener are queued by Electron (docs/api/parent-port.md).
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
    };
  }
  const send = process.send?.bind(process);
  if (send) {
    return {
      postMessage: (message: FromCore) => {
        // After main has gone, nobody is listening; with a callback, Node reports a failed send there, not as a crash.
        if (process.connected) send(message, undefined, undefined, () => {});
      },
      onMessage: (listener) => process.on('message', listener),
      onDisconnect: (listener) => process.once('disconnect', listener),
    };
  }
  throw new Error('The core must be started by the app (Electron utilityProcess.fork) or with child_process.fork (an IPC channel).');
}

serveCore({
  port: hostPort(),
  exit(code) {
    // Main ends the process once it reads 'closed' or 'start-failed' (both written after the log is closed).
    // This is for when it does not: an exit now could cut off the message still on its way.
    process.exitCode = code;
    setTimeout(() => process.exit(code), EXIT_GRACE_MS);
  },
});
