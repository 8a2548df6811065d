import type { PostOutcome } from '../providers/webhook/webhook-poster';

/** How long an event is retried, and how long an endpoint may fail before it is turned off (issue 21, point 2). */
export const RETRY_WINDOW_MS = 24 * 60 * 60_000;

/**
 * The waits after each failed attempt, after the Standard Webhooks
 * specification's example schedule ("Deliverability and reliability"),
 * cut to the one day: 5 s, 1 min, 5 min, 30 min, 2 h, 5 h, 10 h,
 * then 10 h again while the day lasts.
 */
const WAITS_MS = [5_000, 60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000];

export type AttemptVerdict =
  | { kind: 'delivered' }
  /** Try again after `afterMs`. */
  | { kind: 'retry'; afterMs: number; reason: string }
  /** Given up for this event: the receiver refused it, or the day has passed. */
  | { kind: 'failed'; reason: string }
  /** 410 Gone: the receiver wants nothing more; the subscription is turned off. */
  | { kind: 'gone'; reason: string };

export interface AttemptContext {
  /** 1 for the first attempt. */
  attempt: number;
  /** When the event's first attempt was made. */
  firstAttemptAt: number;
  now: number;
  /** 0 ≤ random < 1, for the jitter. */
  random: number;
}

/**
 * What to do after an attempt, by the specification's status handling:
 * 2xx delivered; 3xx, and 4xx other than 408 and 429, not retried (the
 * same request would be refused again); 410 turns the subscription off;
 * 408, 429, 5xx, timeouts and network errors retried with exponential
 * backoff and ±20% jitter, a Retry-After honoured, for up to a day.
 */
export function verdictFor(outcome: PostOutcome, context: AttemptContext): AttemptVerdict {
  if (outcome.kind === 'refused') return { kind: 'failed', reason: outcome.message };
  if (outcome.kind === 'response') {
    const { status } = outcome;
    if (status >= 200 && status <= 299) return { kind: 'delivered' };
    if (status === 410) return { kind: 'gone', reason: 'The receiver answered 410 Gone: it wants no more webhooks, so this subscription was turned off.' };
    if (status >= 300 && status <= 399) return { kind: 'failed', reason: `The receiver answered ${status} (a redirect), which is not followed: set the subscription to the final address.` };
    if (status >= 400 && status <= 499 && status !== 408 && status !== 429) return { kind: 'failed', reason: `The receiver refused the event with ${status}; it is not sent again unless someone sends it again.` };
  }
  const reason = outcome.kind === 'response' ? `The receiver answered ${outcome.status}.` : outcome.message;
  const left = context.firstAttemptAt + RETRY_WINDOW_MS - context.now;
  if (left <= 0) return { kind: 'failed', reason: `${reason} Tried for a day; given up.` };
  const wait = WAITS_MS[Math.min(context.attempt, WAITS_MS.length) - 1] ?? (WAITS_MS.at(-1) as number);
  const jittered = Math.round(wait * (0.8 + 0.4 * context.random));
  const asked = outcome.kind === 'response' ? outcome.retryAfterMs : null;
  // A Retry-After longer than our wait is honoured; one beyond the day's end ends the tries at the day's end.
  const afterMs = Math.min(Math.max(jittered, asked ?? 0), left);
  return { kind: 'retry', afterMs, reason };
}
