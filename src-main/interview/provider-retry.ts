import type { Logger } from '../logging/logger-types';
import { isProviderError, type ProviderError, type ProviderErrorKind } from '../providers/ai/errors';

/*
 * The interview never waits for the AI service with the candidate watching
 * (issue 19): the provider layer has already made the specification's
 * retries (and its breaker may be open), so an outage goes straight back to
 * the caller, which has its way on without the service: a question from the
 * bank, a transcription or judgement queued for later. What is tried again
 * here is only a reply that came back unusable, which is usually a one-off.
 */

/** A garbled or cut-off reply. */
const TRY_AGAIN = new Set<ProviderErrorKind>(['malformed_reply', 'schema_mismatch', 'truncated']);
const MAX_ATTEMPTS = 3;

/**
 * An error event in the middle of a streamed reply: the service was there a
 * moment ago, and a reply already begun cannot be retried by the provider
 * layer (its first words were out), so it is tried again here like a
 * garbled reply before anything falls back.
 */
function brokeMidStream(error: ProviderError): boolean {
  return error.kind === 'server_error' && error.status === null;
}

export interface RetryOptions {
  logger: Logger;
  /** Names the step in the log. */
  step: string;
  signal?: AbortSignal;
}

/** Runs `attempt`, up to three times while its replies come back unusable; anything else is thrown at once. */
export async function retryUnusableReplies<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempts = 1; ; attempts++) {
    options.signal?.throwIfAborted();
    try {
      return await attempt();
    } catch (error) {
      if (options.signal?.aborted) throw error;
      if (!isProviderError(error) || !(TRY_AGAIN.has(error.kind) || brokeMidStream(error)) || attempts >= MAX_ATTEMPTS) throw error;
      options.logger.warn('interview step got an unusable reply; trying again', { step: options.step, kind: error.kind });
    }
  }
}
