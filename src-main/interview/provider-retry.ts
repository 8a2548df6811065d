import type { Logger } from '../logging/logger-types';
import { isProviderError, type ProviderError, type ProviderErrorKind } from '../providers/ai/errors';
import type { Sleep } from '../common/clock';

/**
 * Failures that pass by themselves: the provider layer has already retried
 * these (and its breaker may have opened), so here the turn waits longer
 * and tries again, for as long as it takes, because the candidate's answer
 * is saved and the interview can only go on once the provider is back.
 */
const WAIT_IT_OUT = new Set<ProviderErrorKind>(['circuit_open', 'timeout', 'rate_limited', 'server_error', 'network']);
/** A garbled or cut-off reply is usually a one-off; a few more tries, then it is reported. */
const TRY_AGAIN = new Set<ProviderErrorKind>(['malformed_reply', 'schema_mismatch', 'truncated']);
const MAX_GARBLED_ATTEMPTS = 3;
const WAITS_MS = [1000, 2000, 5000, 10_000, 15_000] as const;

export const PROVIDER_WAIT_MESSAGE =
  'The AI interviewer is not available at the moment. Your answers are saved; please wait, and the interview will carry on by itself as soon as it is back.';

/**
 * An error event in the middle of a streamed reply: the service was there a
 * moment ago, and a reply already begun cannot be retried by the provider
 * layer (its first words were out), so it is tried again here like a
 * garbled reply before anything falls back.
 */
function brokeMidStream(error: ProviderError): boolean {
  return error.kind === 'server_error' && error.status === null;
}

export function isTransientOutage(error: unknown): boolean {
  return isProviderError(error) && WAIT_IT_OUT.has(error.kind);
}

/** Nobody at the kiosk can fix these by waiting or answering again; staff must (a key, an address, the account's credit). */
export function isConfigurationProblem(error: unknown): error is ProviderError {
  return isProviderError(error, 'unauthorized') || isProviderError(error, 'not_configured') || isProviderError(error, 'quota_exhausted');
}

export interface RetryReporter {
  /** The provider is unavailable and the step will be tried again in `retryInMs`. */
  waiting(retryInMs: number): void;
  /** It worked again after waiting. */
  recovered(): void;
}

export interface UntilAvailableOptions {
  sleep: Sleep;
  logger: Logger;
  /** Names the step in the log. */
  step: string;
  signal?: AbortSignal;
  reporter?: RetryReporter;
  /**
   * 'throw': an outage is the caller's to handle at once, because it has a
   * way on without the service (issue 19: a bank question, a transcription
   * or judgement queued for later); only garbled replies are tried again.
   * Default 'wait'.
   */
  onOutage?: 'wait' | 'throw';
}

/** Runs `attempt` until it succeeds or fails in a way that waiting cannot fix. */
export async function untilAvailable<T>(attempt: () => Promise<T>, options: UntilAvailableOptions): Promise<T> {
  let outages = 0;
  let garbled = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      const value = await attempt();
      if (outages > 0) options.reporter?.recovered();
      return value;
    } catch (error) {
      if (options.signal?.aborted) throw error;
      if (isProviderError(error) && (TRY_AGAIN.has(error.kind) || brokeMidStream(error)) && ++garbled < MAX_GARBLED_ATTEMPTS) {
        options.logger.warn('interview step got an unusable reply; trying again', { step: options.step, kind: error.kind });
        continue;
      }
      if (!isTransientOutage(error) || !isProviderError(error) || options.onOutage === 'throw') throw error;
      const waitMs = Math.max(WAITS_MS[Math.min(outages, WAITS_MS.length - 1)]!, error.retryAfterMs ?? 0);
      outages++;
      options.logger.warn('interview step waiting for the AI provider', { step: options.step, kind: error.kind, waitMs, outages });
      options.reporter?.waiting(waitMs);
      await options.sleep(waitMs, options.signal);
    }
  }
}
