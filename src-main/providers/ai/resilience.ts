import type { Clock } from '../../common/clock';
import type { Logger } from '../../logging/logger-types';
import { ProviderError, serviceName } from './errors';
import type { AiEndpoint } from './types';
import { realSleep, type Sleep } from '../../common/clock';
import type { ServiceAvailability } from './service-availability';

/*
 * Why not cockatiel, which the project installed for this: each of its three
 * policies misses something the specification or the tests need.
 *  - RetryPolicy waits with a private setTimeout: the wait can be neither
 *    injected (tests check the exact schedule over real HTTP, without
 *    sleeping 7 s) nor cut short by the caller's AbortSignal (it only looks
 *    at the signal after the wait).
 *  - CircuitBreakerPolicy lets one trial call through when half-open; the
 *    specification wants three. It also reads Date.now(), not our Clock.
 *  - TimeoutPolicy arms one timer per execute(); a streamed reply needs the
 *    timer re-armed on every chunk, or a long, healthy stream would be cut.
 * So the three are written here, small and each unit-tested.
 */

/** Per-attempt time limits from the specification. */
export const DEFAULT_TIMEOUTS_MS: Readonly<Record<AiEndpoint, number>> = {
  transcription: 30_000,
  speech: 20_000,
  chat: 45_000,
};

// ------------------------------------------------------------------ retries

/*
 * The specification says "retry 429/500/503 with exponential backoff and
 * jitter (1 s, 2 s + up to 0.5 s, 4 s + up to 1 s; at most 3 attempts;
 * honour Retry-After)". Three waits are listed, so "3 attempts" is read as
 * three *retries*: the first call, then up to three more, waiting before
 * each 1 s, 2 s + U(0, 0.5 s) and 4 s + U(0, 1 s). A wait the provider asks
 * for replaces the computed wait when it is longer (it knows its own limits
 * better than our schedule does). Retried: 429 (but not insufficient_quota),
 * 500 and 503 as specified, and the gateway failures that mean the same
 * thing (502, 504, Cloudflare's 520–524: the request never reached, or
 * never came back from, a healthy server), an error event in the middle of
 * a stream, timeouts and broken connections. Never retried: 400, 401, 403,
 * 404 and the rest of 4xx (the same request fails the same way), nor 501
 * and 505, which no retry changes.
 */
export const MAX_RETRIES = 3;
const BASE_WAIT_MS = [1000, 2000, 4000] as const;
const JITTER_MS = [0, 500, 1000] as const;

/** 5xx answers that a retry can cure. */
const RETRIED_STATUSES = new Set([500, 502, 503, 504, 520, 521, 522, 523, 524]);

/** A wait longer than this is not waited for: the call fails at once, saying until when. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

/** The computed wait before retry number `retry` (1-based). `random` returns [0, 1). */
export function backoffMs(retry: number, random: () => number = Math.random): number {
  const index = Math.min(Math.max(retry, 1), BASE_WAIT_MS.length) - 1;
  return BASE_WAIT_MS[index]! + random() * JITTER_MS[index]!;
}

/**
 * What a provider asked us to wait, in ms: OpenAI's `retry-after-ms`, else
 * the standard `retry-after` as seconds or an HTTP date, else (OpenAI's 429s
 * often carry nothing else) the `x-ratelimit-reset-*` of the limit that ran
 * out. Null when absent or unreadable.
 */
export function retryAfterMs(headers: Pick<Headers, 'get'> | null | undefined, now: Date): number | null {
  if (!headers) return null;
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  return parseRetryAfter(headers.get('retry-after'), now) ?? rateLimitResetMs(headers);
}

/** A standard Retry-After header (RFC 9110, 10.2.3: seconds or an HTTP date), in ms; null when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now: Date): number | null {
  const value = header?.trim();
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Number.parseFloat(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now.getTime());
}

/**
 * OpenAI's rate-limit headers: `x-ratelimit-reset-requests` / `-tokens`
 * say when each limit refills ("1s", "6m0s", "20ms"). The limit whose
 * `x-ratelimit-remaining-*` is 0 is the one that refused us; when that is
 * not clear, the later reset is the safe one to wait for.
 */
function rateLimitResetMs(headers: Pick<Headers, 'get'>): number | null {
  const limits = (['requests', 'tokens'] as const).map((limit) => ({
    resetMs: parseResetDuration(headers.get(`x-ratelimit-reset-${limit}`)),
    exhausted: headers.get(`x-ratelimit-remaining-${limit}`)?.trim() === '0',
  }));
  const known = limits.filter((limit) => limit.resetMs !== null);
  if (known.length === 0) return null;
  const exhausted = known.filter((limit) => limit.exhausted);
  const candidates = exhausted.length === 1 ? exhausted : known;
  return Math.max(...candidates.map((limit) => limit.resetMs!));
}

/** "1h2m3.5s", "6m0s", "20ms", "1.5s" → milliseconds; null when it is not such a duration. */
export function parseResetDuration(text: string | null | undefined): number | null {
  const value = text?.trim();
  if (!value || !/^(\d+(\.\d+)?(ms|h|m|s))+$/.test(value)) return null;
  const unitMs: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  for (const [, amount, , unit] of value.matchAll(/(\d+(\.\d+)?)(ms|h|m|s)/g)) total += Number.parseFloat(amount!) * unitMs[unit!]!;
  return total;
}

/** Whether this layer retries the failure itself (see the schedule above). */
export function isRetriedHere(error: ProviderError): boolean {
  switch (error.kind) {
    case 'rate_limited':
      return error.retryable;
    case 'server_error':
      // No status: an error event in the middle of a stream, which the service sends for its own failures.
      return error.status === null || RETRIED_STATUSES.has(error.status);
    case 'timeout':
    case 'network':
      return true;
    default:
      return false;
  }
}

export interface RetryInfo {
  /** 1 for the first retry. */
  retry: number;
  waitMs: number;
  error: ProviderError;
}

export interface RetryOptions {
  sleep: Sleep;
  random: () => number;
  maxRetryAfterMs: number;
  signal?: AbortSignal;
  onRetry?: (info: RetryInfo) => void;
}

/** Runs `attempt` (0-based number) until it succeeds or fails in a way not worth retrying. */
export async function withRetries<T>(attempt: (attemptNumber: number) => Promise<T>, options: RetryOptions): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await attempt(retry);
    } catch (error) {
      if (!(error instanceof ProviderError) || !isRetriedHere(error) || retry >= MAX_RETRIES) throw error;
      const asked = error.retryAfterMs;
      if (asked !== null && asked > options.maxRetryAfterMs) throw error;
      const waitMs = Math.max(backoffMs(retry + 1, options.random), asked ?? 0);
      options.onRetry?.({ retry: retry + 1, waitMs, error });
      await options.sleep(waitMs, options.signal);
    }
  }
}

// ------------------------------------------------------------------ circuit breaker

export type BreakerState = 'closed' | 'open' | 'halfOpen';

export interface BreakerSettings {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long it stays open before letting trial calls through. */
  openMs: number;
  /** Trial calls let through when half-open; all must succeed to close it. */
  halfOpenTrials: number;
}

export const DEFAULT_BREAKER: Readonly<BreakerSettings> = { failureThreshold: 5, openMs: 60_000, halfOpenTrials: 3 };

export type Admission = { admitted: true; permit: number } | { admitted: false; retryInMs: number };

/**
 * Closed: calls pass; `failureThreshold` failures in a row open it.
 * Open: calls are refused at once for `openMs`; then it is half-open.
 * Half-open: up to `halfOpenTrials` calls pass (more are refused); one
 * failure opens it again, `halfOpenTrials` successes close it.
 * A permit remembers which period admitted the call, so a slow call from an
 * earlier period cannot close (or re-open) the circuit after it changed.
 */
export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private period = 0;
  private consecutiveFailures = 0;
  private openedAt = 0;
  private trialsAdmitted = 0;
  private trialSuccesses = 0;

  constructor(
    private readonly clock: Clock,
    private readonly settings: BreakerSettings = DEFAULT_BREAKER,
  ) {}

  get state(): BreakerState {
    if (this.current === 'open' && this.clock.now().getTime() - this.openedAt >= this.settings.openMs) {
      this.enter('halfOpen');
    }
    return this.current;
  }

  admit(): Admission {
    switch (this.state) {
      case 'closed':
        return { admitted: true, permit: this.period };
      case 'open':
        return { admitted: false, retryInMs: Math.max(0, this.openedAt + this.settings.openMs - this.clock.now().getTime()) };
      case 'halfOpen':
        if (this.trialsAdmitted >= this.settings.halfOpenTrials) return { admitted: false, retryInMs: 0 };
        this.trialsAdmitted++;
        return { admitted: true, permit: this.period };
    }
  }

  succeeded(permit: number): void {
    if (permit !== this.period) return;
    if (this.current === 'closed') this.consecutiveFailures = 0;
    else if (this.current === 'halfOpen' && ++this.trialSuccesses >= this.settings.halfOpenTrials) this.enter('closed');
  }

  failed(permit: number): void {
    if (permit !== this.period) return;
    if (this.current === 'halfOpen') this.enter('open');
    else if (this.current === 'closed' && ++this.consecutiveFailures >= this.settings.failureThreshold) this.enter('open');
  }

  private enter(state: BreakerState): void {
    this.current = state;
    this.period++;
    this.consecutiveFailures = 0;
    this.trialsAdmitted = 0;
    this.trialSuccesses = 0;
    if (state === 'open') this.openedAt = this.clock.now().getTime();
  }
}

// ------------------------------------------------------------------ timeouts

/**
 * One attempt's time limit, as an AbortSignal for the SDK. Streams pause it
 * while the consumer holds a chunk and restart it before waiting for the
 * next, so it limits each wait for the provider rather than the whole
 * (possibly long, healthy) stream. Aborts too when the caller's signal does.
 */
export class Deadline {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onParentAbort: () => void;
  timedOut = false;

  constructor(
    readonly ms: number,
    private readonly parent?: AbortSignal,
  ) {
    this.onParentAbort = () => this.abort(parent?.reason);
    if (parent?.aborted) this.abort(parent.reason);
    else parent?.addEventListener('abort', this.onParentAbort, { once: true });
    this.restart();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Re-arms the full limit from now. */
  restart(): void {
    this.pause();
    if (this.controller.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.abort(new Error(`timed out after ${this.ms} ms`));
    }, this.ms);
  }

  pause(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Ends the request (e.g. the consumer stopped reading); not a timeout. */
  abort(reason?: unknown): void {
    this.pause();
    if (!this.controller.signal.aborted) this.controller.abort(reason);
  }

  dispose(): void {
    this.pause();
    this.parent?.removeEventListener('abort', this.onParentAbort);
  }
}

// ------------------------------------------------------------------ all three together

export interface ResilienceOptions {
  clock: Clock;
  logger: Logger;
  sleep?: Sleep;
  random?: () => number;
  timeoutsMs?: Partial<Record<AiEndpoint, number>>;
  breaker?: Partial<BreakerSettings>;
  maxRetryAfterMs?: number;
  /** Told each call's final outcome, after its retries: what proctors and staff are shown about the service. */
  availability?: Pick<ServiceAvailability, 'succeeded' | 'failed'>;
}

export interface AttemptOptions {
  signal?: AbortSignal;
  /** Turns whatever an attempt threw into a ProviderError (given whether its deadline fired). */
  classify: (error: unknown, deadline: Deadline) => ProviderError;
  /** For streams: a successful attempt keeps its deadline running; the caller disposes it. */
  keepDeadline?: boolean;
}

/**
 * Retries around a per-endpoint circuit breaker around a per-attempt
 * deadline: each HTTP attempt counts for the breaker (so five failed
 * attempts open it, whether from one call or several), and a circuit that
 * opens mid-way stops the retries at once.
 */
export class Resilience {
  private readonly breakers = new Map<AiEndpoint, CircuitBreaker>();
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly timeouts: Record<AiEndpoint, number>;
  private readonly breakerSettings: BreakerSettings;
  private readonly maxRetryAfterMs: number;

  constructor(private readonly options: ResilienceOptions) {
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    this.timeouts = { ...DEFAULT_TIMEOUTS_MS, ...options.timeoutsMs };
    this.breakerSettings = { ...DEFAULT_BREAKER, ...options.breaker };
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  }

  timeoutMs(endpoint: AiEndpoint): number {
    return this.timeouts[endpoint];
  }

  breaker(endpoint: AiEndpoint): CircuitBreaker {
    let breaker = this.breakers.get(endpoint);
    if (!breaker) {
      breaker = new CircuitBreaker(this.options.clock, this.breakerSettings);
      this.breakers.set(endpoint, breaker);
    }
    return breaker;
  }

  async run<T>(endpoint: AiEndpoint, options: AttemptOptions, attempt: (deadline: Deadline) => Promise<T>): Promise<T> {
    const breaker = this.breaker(endpoint);
    const availability = this.options.availability;
    try {
      const value = await this.attempts(endpoint, breaker, options, attempt);
      availability?.succeeded(endpoint);
      return value;
    } catch (error) {
      // A caller that gave up says nothing about the service.
      if (error instanceof ProviderError && !options.signal?.aborted) availability?.failed(error);
      throw error;
    }
  }

  private attempts<T>(endpoint: AiEndpoint, breaker: CircuitBreaker, options: AttemptOptions, attempt: (deadline: Deadline) => Promise<T>): Promise<T> {
    return withRetries(
      async () => {
        options.signal?.throwIfAborted();
        const admission = breaker.admit();
        if (!admission.admitted) throw circuitOpen(endpoint, admission.retryInMs, this.breakerSettings);
        const deadline = new Deadline(this.timeouts[endpoint], options.signal);
        try {
          const value = await attempt(deadline);
          breaker.succeeded(admission.permit);
          if (!options.keepDeadline) deadline.dispose();
          return value;
        } catch (error) {
          deadline.dispose();
          // The caller gave up: not the provider's failure, and not a ProviderError.
          if (options.signal?.aborted) throw options.signal.reason;
          const failure = options.classify(error, deadline);
          // A 4xx means the endpoint is up and answering; only transient failures count against it.
          if (failure.retryable) breaker.failed(admission.permit);
          else breaker.succeeded(admission.permit);
          throw failure;
        }
      },
      {
        sleep: this.sleep,
        random: this.random,
        maxRetryAfterMs: this.maxRetryAfterMs,
        signal: options.signal,
        onRetry: ({ retry, waitMs, error }) =>
          this.options.logger.warn('ai call failed, retrying', { endpoint, retry, waitMs: Math.round(waitMs), kind: error.kind, status: error.status }),
      },
    );
  }
}

function circuitOpen(endpoint: AiEndpoint, retryInMs: number, settings: BreakerSettings): ProviderError {
  const when = retryInMs > 0 ? `in about ${Math.ceil(retryInMs / 1000)} s` : 'in a few seconds';
  return new ProviderError(
    'circuit_open',
    endpoint,
    `Calls to ${serviceName(endpoint)} are paused after ${settings.failureThreshold} failures in a row, so the provider can recover. Try again ${when}; if it keeps failing, check the provider's status page and the network.`,
    { retryable: true, retryAfterMs: retryInMs },
  );
}
