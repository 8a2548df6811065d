import type { AiServiceCheck, AiServiceReason, AiServiceStatus } from '../../shared/domain/ai-service';
import type { Logger } from '../logging/logger-types';

/** The part of the provider layer's availability tracker this needs (src-main/providers/ai/service-availability.ts). */
export interface AvailabilitySource {
  snapshot(): { available: boolean; since: string | null; reason: AiServiceReason | null };
  onChange(listener: () => void): () => void;
}

/** One small call to the service, never rejecting (the self-check's provider probe). */
export type Ping = () => Promise<{ ok: true } | { ok: false; message: string }>;

export interface AiServiceStatusDeps {
  availability: AvailabilitySource;
  /** Interviews with answers queued (or being) transcribed: the jobs repository's count. */
  waitingInterviews: () => number;
  ping: Ping;
  /** Tells one window the status changed (the IPC event `aiService.changed`). */
  notify: (windowId: string, status: AiServiceStatus) => void;
  logger: Logger;
  /** How often the waiting count is read again for the watching windows; jobs start and finish without telling us. */
  recountMs?: number;
}

const DEFAULT_RECOUNT_MS = 15_000;

/**
 * What proctors and staff are told about the AI service (issue 19, point 4):
 * whether it answers, since when it has not and why, and how many interviews
 * wait for their answers to be transcribed. Pushed to every window that asked,
 * when the service comes or goes and when the count changes.
 */
export class AiServiceStatusReporter {
  /** Windows that asked; a closed one is simply not delivered to by its transport. */
  private readonly watchers = new Set<string>();
  private readonly unsubscribe: () => void;
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastSent: string | null = null;
  private checking: Promise<AiServiceCheck> | null = null;
  private closed = false;

  constructor(private readonly deps: AiServiceStatusDeps) {
    this.unsubscribe = deps.availability.onChange(() => this.emitIfChanged());
  }

  status(): AiServiceStatus {
    const { available, since, reason } = this.deps.availability.snapshot();
    return { available, since, reason, waitingInterviews: this.deps.waitingInterviews() };
  }

  /** This window gets `aiService.changed` from now on. */
  watch(windowId: string): void {
    this.watchers.add(windowId);
    if (this.timer === undefined && !this.closed) {
      this.timer = setInterval(() => this.emitIfChanged(), this.deps.recountMs ?? DEFAULT_RECOUNT_MS);
      this.timer.unref?.();
    }
  }

  /**
   * The admin's "Check again" after adding credit or fixing the network: one
   * small call, whose outcome the tracker records like any other (a success
   * ends the outage). Two clicks share one call.
   */
  async checkAgain(): Promise<{ status: AiServiceStatus; check: AiServiceCheck }> {
    this.checking ??= this.deps
      .ping()
      .then((outcome): AiServiceCheck => (outcome.ok ? { ok: true, message: null } : { ok: false, message: outcome.message }))
      .finally(() => {
        this.checking = null;
      });
    const check = await this.checking;
    this.deps.logger.info('ai service checked again', { ok: check.ok });
    return { status: this.status(), check };
  }

  close(): void {
    this.closed = true;
    this.unsubscribe();
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private emitIfChanged(): void {
    if (this.closed || this.watchers.size === 0) return;
    let status: AiServiceStatus;
    try {
      status = this.status();
    } catch (error) {
      // The app closing its database under a finishing call: nothing to tell.
      this.deps.logger.warn('ai service status could not be read', { error: error instanceof Error ? error.message : String(error) });
      return;
    }
    const serialised = JSON.stringify(status);
    if (serialised === this.lastSent) return;
    this.lastSent = serialised;
    for (const windowId of this.watchers) this.deps.notify(windowId, status);
  }
}
