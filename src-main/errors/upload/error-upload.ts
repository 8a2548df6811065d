import { parseCollectorDsn } from '../../../shared/domain/collector-dsn';
import type { Clock } from '../../common/clock';
import type { Logger } from '../../logging/logger-types';
import type { ErrorReport, ErrorReports } from '../error-report';
import { sentryAuthHeader, sentryEnvelope } from './envelope';

/** How often kept reports are looked at, when nothing new wakes the upload sooner. */
export const UPLOAD_INTERVAL_MS = 5 * 60_000;
/** Reports older than this are kept on the device but no longer sent: a collector wants news, not history. */
export const UPLOAD_WINDOW_MS = 14 * 24 * 60 * 60_000;
/** Reports sent in one go; the rest wait for the next round. */
export const UPLOAD_BATCH = 50;
const REQUEST_TIMEOUT_MS = 15_000;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 60 * 60_000;

/** The part of fetch this uses: the network layer's (proxy and IT's CA applied) in the app. */
export type PostEnvelope = (url: string, init: { method: 'POST'; headers: Record<string, string>; body: string; signal: AbortSignal }) => Promise<{ status: number; headers: { get(name: string): string | null } }>;

export interface ErrorUploadDeps {
  reports: Pick<ErrorReports, 'list' | 'markSent'>;
  /** The collector DSN in force (settings `errors.collectorDsn`); empty: nothing is sent. */
  dsn: () => string;
  appVersion: string;
  post: PostEnvelope;
  clock: Clock;
  logger: Logger;
  intervalMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

export type UploadOutcome =
  | { state: 'off' }
  | { state: 'sent'; sent: number; left: number }
  | { state: 'failed'; sent: number; why: string; retryInMs: number };

/**
 * Sends the kept error reports to IT's Sentry-compatible collector, in the
 * background: every few minutes and soon after a new report, one envelope
 * per report (POST <collector>/api/<project>/envelope/). What the collector
 * accepts is marked sent and never sent again; a failure (the network, a
 * 5xx, a 429) leaves the rest for a later round, after a growing wait (a
 * 429's Retry-After when it gives one). A report the collector refuses as
 * such (400, 413) is skipped until the app restarts, so one bad report
 * cannot hold up the others. Nothing here ever throws into the app.
 */
export class ErrorUpload {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<UploadOutcome> | null = null;
  private stopped = true;
  private failures = 0;
  private readonly refused = new Set<string>();

  constructor(private readonly deps: ErrorUploadDeps) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** A new report was kept, or the DSN changed: look soon. */
  wake(): void {
    if (!this.stopped && this.failures === 0) this.schedule(1_000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** One round now (the timer's, or a test's); a round already under way is joined, not doubled. */
  runOnce(): Promise<UploadOutcome> {
    this.running ??= this.round().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runOnce().then((outcome) => this.schedule(outcome.state === 'failed' ? outcome.retryInMs : (this.deps.intervalMs ?? UPLOAD_INTERVAL_MS)));
    }, delayMs);
    this.timer.unref?.();
  }

  private async round(): Promise<UploadOutcome> {
    const dsn = parseCollectorDsn(this.deps.dsn());
    if (!dsn) return { state: 'off' };
    const now = this.deps.clock.now();
    const waiting = this.deps.reports.list(new Date(now.getTime() - UPLOAD_WINDOW_MS)).filter((report) => report.sentAt === null && !this.refused.has(report.id));
    let sent = 0;
    for (const report of waiting.slice(0, UPLOAD_BATCH)) {
      const outcome = await this.send(report, dsn);
      if (outcome === 'sent') {
        this.deps.reports.markSent([report.id], this.deps.clock.now());
        sent += 1;
      } else if (outcome !== 'refused') {
        return this.failed(sent, outcome.why, outcome.retryAfterMs);
      }
    }
    this.failures = 0;
    return { state: 'sent', sent, left: Math.max(0, waiting.length - UPLOAD_BATCH) };
  }

  private async send(report: ErrorReport, dsn: NonNullable<ReturnType<typeof parseCollectorDsn>>): Promise<'sent' | 'refused' | { why: string; retryAfterMs?: number }> {
    let status: number;
    let retryAfter: string | null = null;
    try {
      const response = await this.deps.post(dsn.envelopeUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-sentry-envelope', 'x-sentry-auth': sentryAuthHeader(dsn, this.deps.appVersion) },
        body: sentryEnvelope(report, dsn, this.deps.clock.now()),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
    } catch (error) {
      return { why: `the collector could not be reached (${error instanceof Error ? error.name : 'error'})` };
    }
    if (status >= 200 && status < 300) return 'sent';
    if (status === 400 || status === 413) {
      this.refused.add(report.id);
      this.deps.logger.warn('the error collector refused a report; it stays on this device', { status, reportId: report.id });
      return 'refused';
    }
    const seconds = retryAfter !== null && /^\d{1,6}$/.test(retryAfter.trim()) ? Number(retryAfter) : undefined;
    const why = status === 401 || status === 403 ? `the collector refused the DSN's key (HTTP ${status}): check errors.collectorDsn` : `the collector answered HTTP ${status}`;
    return { why, ...(seconds !== undefined ? { retryAfterMs: seconds * 1000 } : {}) };
  }

  private failed(sent: number, why: string, retryAfterMs?: number): UploadOutcome {
    this.failures += 1;
    const base = this.deps.backoffBaseMs ?? BACKOFF_BASE_MS;
    const backoff = Math.min(this.deps.backoffMaxMs ?? BACKOFF_MAX_MS, base * 2 ** (this.failures - 1));
    const retryInMs = Math.max(backoff, retryAfterMs ?? 0);
    // The DSN is never logged: its host and key are IT's business, and the log may travel.
    this.deps.logger.warn('error reports could not be sent to the collector; trying again later', { why, sent, retryInMs });
    return { state: 'failed', sent, why, retryInMs };
  }
}
