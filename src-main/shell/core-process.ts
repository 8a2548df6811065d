import { createInterface } from 'node:readline';
import { utilityProcess } from 'electron';
import type { CorePort } from '../ipc/core-client';
import type { Logger } from '../logging/logger-types';

/** The name the core has in app.getAppMetrics() and 'child-process-gone' (docs/api/utility-process.md, serviceName). */
export const CORE_SERVICE_NAME = 'Teamified Kiosk core';
/** Longer lines from the core's stdout and stderr are cut: a line is a clue, not a dump. */
const MAX_LINE_CHARS = 2_000;

/**
 * Starts the core (src-main/core-host) in an Electron utility process
 * (docs/api/utility-process.md): a Node process Chromium launches and ends
 * with the app, with a message port to main. Only after 'ready'
 * (utilityProcess.fork refuses before). The core writes its own log
 * (core.log); what it prints (a crash's stack, a native module's complaint)
 * is piped here and goes into main's log.
 */
export function forkCoreProcess(entry: string, logger: Logger): CorePort {
  const child = utilityProcess.fork(entry, [], { serviceName: CORE_SERVICE_NAME, stdio: 'pipe' });
  const log = logger.child({ component: 'core-output' });
  for (const [stream, level] of [
    [child.stdout, 'info'],
    [child.stderr, 'warn'],
  ] as const) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => log[level]('the core printed', { line: line.slice(0, MAX_LINE_CHARS) }));
  }
  return {
    postMessage: (message) => child.postMessage(message),
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void child.once('exit', (code) => listener(code)),
    kill: () => void child.kill(),
  };
}
