import { join } from 'node:path';
import type { Clock } from '../common/clock';
import { CrashDumpWatch } from '../errors/crash-dumps';
import type { ErrorReport } from '../errors/error-report';
import { FileErrorReports } from '../errors/error-store';
import { RendererErrors } from '../errors/renderer-errors';
import { ErrorUpload, type ErrorUploadDeps, type PostEnvelope } from '../errors/upload/error-upload';
import type { Logger } from '../logging/logger-types';
import type { SettingsService } from '../settings/settings-service';

/** How often the crash reporter's folder is looked at for a new minidump (a window's or a helper's crash while the app runs). */
const CRASH_CHECK_MS = 5 * 60_000;

export interface ErrorReportingOptions {
  dataDir: string;
  /** app.getPath('crashDumps'), from the shell; absent in the browser host and tests that have no crash reporter. */
  crashDumpsDir?: string;
  settings: SettingsService;
  version: string;
  clock: Clock;
  logger: Logger;
  /** The network layer's fetch (proxy and IT's CA), or a test's. */
  post: PostEnvelope;
  /** Tests: a short interval and backoff. */
  upload?: Pick<ErrorUploadDeps, 'intervalMs' | 'backoffBaseMs' | 'backoffMaxMs'>;
}

export interface ErrorReporting {
  /** The `errors.report` channel's service. */
  rendererErrors: RendererErrors;
  /** Looks for crashes and starts the background upload. */
  start(): void;
  close(): void;
}

/**
 * Errors IT can see (issue 20, point 6), put together: a window's reports
 * and new minidumps are kept in the device's error file (the same one the
 * core's and main's unhandled errors go to, and the fleet report counts),
 * and sent on to IT's collector when errors.collectorDsn is set. A new
 * report, or a changed DSN, wakes the upload.
 */
export function createErrorReporting(options: ErrorReportingOptions): ErrorReporting {
  const { clock, version } = options;
  const reports = new FileErrorReports(join(options.dataDir, 'errors'), {
    onWriteFailure: (error) => options.logger.warn('an error report could not be kept', { error }),
    onDropped: (count) => options.logger.warn('the error file was full: reports not yet sent were dropped; the fleet report counts them', { count }),
  });
  const upload = new ErrorUpload({
    ...options.upload,
    reports,
    dsn: () => options.settings.get().errors.collectorDsn,
    appVersion: version,
    post: options.post,
    clock,
    logger: options.logger,
  });
  const keep = {
    add(report: ErrorReport): void {
      reports.add(report);
      upload.wake();
    },
  };
  const rendererErrors = new RendererErrors({ reports: keep, appVersion: version, mode: () => options.settings.get().mode, clock });
  const crashes = options.crashDumpsDir
    ? new CrashDumpWatch({
        folder: options.crashDumpsDir,
        seenFile: join(options.dataDir, 'errors', 'minidumps-seen.json'),
        reports: { add: keep.add, list: (since) => reports.list(since) },
        appVersion: version,
        clock,
        onSeenWriteFailure: (error) => options.logger.warn('the list of minidumps already reported could not be saved', { error }),
      })
    : null;
  let crashTimer: ReturnType<typeof setInterval> | null = null;
  let unwatch = (): void => {};

  const checkCrashes = (): void => {
    try {
      const kept = crashes?.check() ?? 0;
      if (kept > 0) options.logger.warn('the crash reporter left minidumps: a process of the app crashed', { crashes: kept });
    } catch (error) {
      options.logger.warn('the crash reporter’s folder could not be read', { error });
    }
  };

  return {
    rendererErrors,
    start() {
      checkCrashes();
      if (crashes) {
        crashTimer = setInterval(checkCrashes, CRASH_CHECK_MS);
        crashTimer.unref();
      }
      upload.start();
      unwatch = options.settings.onChange(() => upload.wake());
    },
    close() {
      if (crashTimer) clearInterval(crashTimer);
      unwatch();
      void upload.stop();
    },
  };
}
