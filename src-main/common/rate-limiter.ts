import type { Clock } from './clock';

export interface RateLimit {
  /** Calls allowed within any `windowMs`. */
  count: number;
  windowMs: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * At most `count` calls per key in any sliding `windowMs`, in memory (per
 * running app: a restart forgets, which is fine for limits that only stop
 * a page calling in a loop). Keys idle for a whole window are forgotten, so
 * memory stays proportional to the keys active in the last window.
 */
export class RateLimiter {
  private readonly calls = new Map<string, number[]>();
  private sweptAt = 0;

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: Clock,
  ) {}

  /** Counts the call if it is allowed; a refused call is not counted. */
  take(key: string): RateDecision {
    const now = this.clock.now().getTime();
    this.sweep(now);
    const since = now - this.limit.windowMs;
    const recent = (this.calls.get(key) ?? []).filter((at) => at > since);
    if (recent.length >= this.limit.count) {
      this.calls.set(key, recent);
      return { allowed: false, retryAfterMs: Math.max(1, recent[0]! + this.limit.windowMs - now) };
    }
    recent.push(now);
    this.calls.set(key, recent);
    return { allowed: true };
  }

  forget(key: string): void {
    this.calls.delete(key);
  }

  private sweep(now: number): void {
    if (now - this.sweptAt < this.limit.windowMs) return;
    this.sweptAt = now;
    const since = now - this.limit.windowMs;
    for (const [key, times] of this.calls) if (!times.some((at) => at > since)) this.calls.delete(key);
  }
}

/** "in 45 seconds", "in 7 minutes": rounded up, so trying again then works. */
export function retryAfterText(retryAfterMs: number): string {
  if (retryAfterMs <= 60_000) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    return `in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  }
  const minutes = Math.ceil(retryAfterMs / 60_000);
  return `in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}
