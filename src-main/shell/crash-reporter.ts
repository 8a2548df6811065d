import type { CrashReporter } from 'electron';
import type { Logger } from '../logging/logger-types';

/**
 * Electron's crash reporter (docs/api/crash-reporter.md), for issue 20,
 * point 6: a native crash of the main process, a window or a helper
 * process leaves a minidump in app.getPath('crashDumps'). Nothing is
 * uploaded from here (uploadToServer: false): a minidump is the process's
 * memory and may hold a candidate's words. The core counts the minidumps
 * and reports each crash, without its content (src-main/errors/crash-dumps.ts).
 * Started as early as possible: a renderer created before it is not watched.
 */
export function startCrashReporter(reporter: Pick<CrashReporter, 'start'>, facts: { version: string; logger: Logger }): void {
  try {
    reporter.start({ uploadToServer: false, globalExtra: { appVersion: facts.version } });
  } catch (error) {
    // Without it the app still runs; crashes are then only in the log.
    facts.logger.warn('the crash reporter could not be started', { error });
  }
}
