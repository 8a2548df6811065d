import type { Logger } from '../../logging/logger-types';
import type { PolicyReading, PolicySource } from './policy-source';

/**
 * How often the policy is read again while the app runs. Group Policy itself
 * refreshes every 90 minutes or so and an MDM pushes when it likes, so a
 * minute is quick enough for IT and costs one registry query or file read.
 */
export const DEFAULT_POLICY_POLL_MS = 60_000;
/** A burst of file events (an editor's write, rename, chmod) becomes one read. */
const SETTLE_MS = 100;

/**
 * Reads the policy again on a timer, and soon after the source says it may
 * have changed. One read at a time; a read that throws (it should not: the
 * sources answer 'unreadable') is logged and the next one tries again.
 */
export class PolicyWatcher {
  private timer: NodeJS.Timeout | null = null;
  private settle: NodeJS.Timeout | null = null;
  private recheck: { timer: NodeJS.Timeout; at: number } | null = null;
  private stopWatch: (() => void) | null = null;
  private reading = false;
  private again = false;
  private stopped = false;

  constructor(
    private readonly source: PolicySource,
    private readonly onReading: (reading: PolicyReading) => void,
    private readonly logger: Logger,
    private readonly pollMs = DEFAULT_POLICY_POLL_MS,
  ) {}

  start(): void {
    // unref: a forgotten watcher must not keep a test or a CLI command alive.
    this.timer = setInterval(() => void this.readNow(), this.pollMs);
    this.timer.unref();
    this.stopWatch = this.source.watch?.(() => this.soon()) ?? null;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.settle) clearTimeout(this.settle);
    if (this.recheck) clearTimeout(this.recheck.timer);
    this.stopWatch?.();
  }

  /** One more read `ms` from now, besides the poll (to confirm that a setting is gone); the earliest asked for wins. */
  readIn(ms: number): void {
    const at = Date.now() + ms;
    if (this.stopped || (this.recheck && this.recheck.at <= at)) return;
    if (this.recheck) clearTimeout(this.recheck.timer);
    const timer = setTimeout(() => {
      this.recheck = null;
      void this.readNow();
    }, ms);
    timer.unref();
    this.recheck = { timer, at };
  }

  private soon(): void {
    if (this.settle || this.stopped) return;
    this.settle = setTimeout(() => {
      this.settle = null;
      void this.readNow();
    }, SETTLE_MS);
    this.settle.unref();
  }

  private async readNow(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = true;
    try {
      const reading = await this.source.read();
      if (!this.stopped) this.onReading(reading);
    } catch (error) {
      this.logger.error('policy read failed', { location: this.source.location, error });
    } finally {
      this.reading = false;
    }
    // A change seen during a read may have come after the read looked.
    if (this.again && !this.stopped) {
      this.again = false;
      await this.readNow();
    }
  }
}
