import type { App as ElectronApp, WebContents } from 'electron';
import type { Logger } from '../logging/logger-types';
import type { RecordScreenEvent } from '../ipc/core-client';

export interface CrashRecoveryOptions {
  /** Notes the event on the interview going on in that window, if any. */
  recordScreenEvent: RecordScreenEvent;
  logger: Logger;
  /** How long a hung page gets to recover on its own before it is reloaded. */
  unresponsiveGraceMs?: number;
  /** More reloads than this within `reloadWindowMs` means reloading does not help: stop. */
  maxReloads?: number;
  reloadWindowMs?: number;
  now?: () => number;
}

export const UNRESPONSIVE_GRACE_MS = 10_000;
/** A 'render-process-gone' this soon after we ended a hung renderer is that ending, not a new crash. */
const KILL_ECHO_MS = 5_000;

/**
 * A candidate must never be left in front of a dead or frozen screen. When
 * the page's renderer process dies, the page is reloaded (it comes back to
 * the interview, which resumes at the question waiting); when it hangs for
 * longer than a short grace, its process is ended and the page reloaded in
 * a new one, as docs/api/web-contents.md (forcefullyCrashRenderer) advises
 * for 'unresponsive'. Either is noted on the interview, for the recruiter;
 * a crash also becomes an error report for IT (the core's screen-event
 * recorder, src-main/app/screen-events.ts), as many leave no minidump.
 */
export function recoverFromCrashes(contents: WebContents, options: CrashRecoveryOptions): void {
  const { logger, recordScreenEvent } = options;
  const graceMs = options.unresponsiveGraceMs ?? UNRESPONSIVE_GRACE_MS;
  const maxReloads = options.maxReloads ?? 3;
  const reloadWindowMs = options.reloadWindowMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const windowId = String(contents.id);
  const reloads: number[] = [];
  let hangTimer: ReturnType<typeof setTimeout> | null = null;
  /** When we ended a hung renderer ourselves; its 'render-process-gone' may come (or, once reloaded, not). */
  let killedAt: number | null = null;

  const reload = (why: string): void => {
    if (contents.isDestroyed()) return;
    const at = now();
    while (reloads.length > 0 && at - reloads[0]! > reloadWindowMs) reloads.shift();
    if (reloads.length >= maxReloads) {
      // A page that dies again on every load would otherwise reload forever.
      logger.error('the screen keeps failing; not reloading it again', { windowId, why, reloads: reloads.length });
      return;
    }
    reloads.push(at);
    logger.warn('reloading the screen', { windowId, why });
    contents.reload();
  };

  const stopWaiting = (): void => {
    if (hangTimer) clearTimeout(hangTimer);
    hangTimer = null;
  };

  contents.on('render-process-gone', (_event, details) => {
    stopWaiting();
    const ourOwnKill = killedAt !== null && now() - killedAt < KILL_ECHO_MS;
    killedAt = null;
    // We ended it ourselves (below) and have reloaded already.
    if (ourOwnKill) return;
    // 'clean-exit' is a process ending normally (the window closing), not a crash.
    if (details.reason === 'clean-exit') return;
    logger.error('the screen crashed', { windowId, reason: details.reason, exitCode: details.exitCode });
    recordScreenEvent(windowId, 'screen_crashed', { reason: details.reason, exitCode: details.exitCode });
    reload(`renderer ${details.reason}`);
  });

  contents.on('unresponsive', () => {
    if (hangTimer) return;
    logger.warn('the screen stopped responding', { windowId, graceMs });
    hangTimer = setTimeout(() => {
      hangTimer = null;
      if (contents.isDestroyed()) return;
      recordScreenEvent(windowId, 'screen_unresponsive', { waitedMs: graceMs });
      killedAt = now();
      contents.forcefullyCrashRenderer();
      // docs: reload() right after forcefullyCrashRenderer() loads the page in a new process.
      reload(`unresponsive for ${graceMs} ms`);
    }, graceMs);
  });

  contents.on('responsive', () => {
    if (hangTimer) logger.info('the screen responds again', { windowId });
    stopWaiting();
  });

  contents.once('destroyed', stopWaiting);
}

/** GPU, network and other helper processes: nothing to reload, but worth a line in the log (docs/api/app.md 'child-process-gone'). */
export function logChildProcessCrashes(app: Pick<ElectronApp, 'on'>, logger: Logger): void {
  app.on('child-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return;
    logger.error('a helper process ended', { type: details.type, reason: details.reason, exitCode: details.exitCode, name: details.name });
  });
}
