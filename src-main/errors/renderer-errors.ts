import type { ErrorReportInput } from '../../shared/ipc/error-channels';
import type { Clock } from '../common/clock';
import { RateLimiter, type RateLimit } from '../common/rate-limiter';
import type { ErrorReports } from './error-report';
import { redactedReport } from './redact-error';

/**
 * Why a window's renderer process ended, as Electron names it
 * (docs/api/structures/render-process-gone-details.md); 'clean-exit' is a
 * window closing, not a crash, and is never reported.
 */
export const rendererGoneReasons = ['abnormal-exit', 'killed', 'crashed', 'oom', 'launch-failed', 'integrity-failure', 'memory-eviction'] as const;

/** A page that fails in a loop sends the same error again and again: a few tell IT as much as thousands. */
export const PER_WINDOW_LIMIT: RateLimit = { count: 10, windowMs: 60_000 };
/** However many windows (or reloads, which get new ones in the browser host) report, the file stays small. */
export const ALL_WINDOWS_LIMIT: RateLimit = { count: 60, windowMs: 60 * 60_000 };

export interface RendererErrorsDeps {
  reports: Pick<ErrorReports, 'add'>;
  appVersion: string;
  /** The device mode, kept as context: a kiosk's errors and a laptop's are told apart. */
  mode: () => string;
  clock: Clock;
}

/**
 * A window's unhandled error, from the `errors.report` channel: rate
 * limited per window and overall, redacted, kept with the app version and
 * the caller's role (never who they are).
 */
export class RendererErrors {
  private readonly perWindow: RateLimiter;
  private readonly overall: RateLimiter;

  constructor(private readonly deps: RendererErrorsDeps) {
    this.perWindow = new RateLimiter(PER_WINDOW_LIMIT, deps.clock);
    this.overall = new RateLimiter(ALL_WINDOWS_LIMIT, deps.clock);
  }

  report(input: ErrorReportInput, caller: { windowId: string; role: string | null }): { recorded: boolean } {
    if (!this.perWindow.take(caller.windowId).allowed) return { recorded: false };
    if (!this.overall.take('all').allowed) return { recorded: false };
    const report = redactedReport(
      { source: 'renderer', kind: input.kind === 'unhandledrejection' ? 'unhandled-rejection' : 'uncaught', errorClass: input.errorClass, message: input.message, stack: input.stack },
      { appVersion: this.deps.appVersion, at: this.deps.clock.now(), context: { mode: this.deps.mode(), role: caller.role ?? 'signed-out' } },
    );
    this.deps.reports.add(report);
    return { recorded: true };
  }

  /**
   * A window's renderer process ended without a clean exit (the shell's
   * 'render-process-gone'). Many such ends leave no minidump (killed, out
   * of memory, a failed launch), so this is how they are counted at all:
   * the reason and exit code, never the page. Taken within the same limits
   * as a window's own reports; the shell stops reloading a page that keeps
   * dying anyway.
   */
  crashed(details: { reason?: unknown; exitCode?: unknown }, caller: { windowId: string; role: string | null }): { recorded: boolean } {
    if (details.reason === 'clean-exit') return { recorded: false };
    if (!this.perWindow.take(caller.windowId).allowed) return { recorded: false };
    if (!this.overall.take('all').allowed) return { recorded: false };
    const reason = (rendererGoneReasons as readonly unknown[]).includes(details.reason) ? (details.reason as string) : 'other';
    const exitCode = typeof details.exitCode === 'number' && Number.isInteger(details.exitCode) ? details.exitCode : null;
    const report = redactedReport(
      { source: 'renderer', kind: 'crash', errorClass: 'RendererGone', message: 'A window’s renderer process ended; the window was reloaded.' },
      {
        appVersion: this.deps.appVersion,
        at: this.deps.clock.now(),
        context: { mode: this.deps.mode(), role: caller.role ?? 'signed-out', reason, ...(exitCode === null ? {} : { exitCode }) },
      },
    );
    this.deps.reports.add(report);
    return { recorded: true };
  }
}
