import type { ErrorReport, ErrorReports, ErrorSource } from './error-report';
import { redactedReport, thrownParts } from './redact-error';

/** The part of `process` this needs; tests pass an EventEmitter. */
export interface ErrorEvents {
  on(event: 'uncaughtExceptionMonitor', listener: (error: unknown, origin: string) => void): unknown;
  off(event: 'uncaughtExceptionMonitor', listener: (error: unknown, origin: string) => void): unknown;
}

export interface CaptureOptions {
  reports: Pick<ErrorReports, 'add'>;
  source: Extract<ErrorSource, 'core' | 'main'>;
  appVersion: string;
  context?: ErrorReport['context'];
  now?: () => Date;
}

/**
 * Keeps every error that escapes the process (issue 20, point 6), redacted,
 * before the process ends. 'uncaughtExceptionMonitor' observes without
 * changing what Node does next (the process still ends as it would), and
 * with Node's default unhandled-rejections mode ('throw') it also sees an
 * unhandled rejection, with origin 'unhandledRejection'. Returns how to stop.
 */
export function captureUnhandledErrors(events: ErrorEvents, options: CaptureOptions): () => void {
  const now = options.now ?? (() => new Date());
  const listener = (error: unknown, origin: string): void => {
    try {
      const kind = origin === 'unhandledRejection' ? 'unhandled-rejection' : 'uncaught';
      options.reports.add(redactedReport({ source: options.source, kind, ...thrownParts(error) }, { appVersion: options.appVersion, at: now(), context: options.context }));
    } catch {
      // Nothing may stop the process's own handling of the error.
    }
  };
  events.on('uncaughtExceptionMonitor', listener);
  return () => events.off('uncaughtExceptionMonitor', listener);
}
