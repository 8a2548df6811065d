import type { AiEndpoint } from './types';

export type ProviderErrorKind =
  /** 429: too many requests or tokens for the account's limits. */
  | 'rate_limited'
  /** 429 insufficient_quota: the account is out of credit; waiting does not fix it. */
  | 'quota_exhausted'
  /** 5xx (or an error event mid-stream): the provider failed. */
  | 'server_error'
  /** No (complete) answer within the endpoint's time limit. */
  | 'timeout'
  /** The endpoint failed repeatedly; calls are paused without reaching it. */
  | 'circuit_open'
  /** 401/403: the key is wrong, revoked, or not allowed this model or region. */
  | 'unauthorized'
  /** 400/404/422: the request itself is wrong (a model name, a parameter). */
  | 'bad_request'
  /** The conversation does not fit the model, even trimmed. */
  | 'context_length'
  /** A structured reply did not match its schema, twice. */
  | 'schema_mismatch'
  /** The model declined (a refusal, or the content filter stopped the reply): the same request will be declined again. */
  | 'refused'
  /** The reply stopped at its length limit before it was complete, so it was not used. */
  | 'truncated'
  /** The input is over the endpoint's size limit; nothing was sent. */
  | 'too_large'
  /** The interview has used its token budget; nothing was sent. */
  | 'budget_exceeded'
  /** The provider could not be reached, or the connection broke. */
  | 'network'
  /** The provider answered with something that could not be read. */
  | 'malformed_reply'
  /** No API key is stored (or the keychain could not give it). */
  | 'not_configured';

export interface ProviderErrorOptions {
  /** Whether trying the same call again later can succeed. */
  retryable: boolean;
  /** The HTTP status, when the provider answered. */
  status?: number | null;
  /** The provider's request id, for its support team. */
  requestId?: string | null;
  /** How long the provider asked us to wait, when it said. */
  retryAfterMs?: number | null;
}

/**
 * Every failure of the AI provider layer reaches callers as this. The
 * message says what happened and what to do and is safe to log and to show:
 * it is always written here from the status, the kind and our own settings,
 * never copied from the SDK error (a 401 body quotes part of the key), and
 * carries no `cause` for the same reason.
 */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly retryable: boolean;
  readonly status: number | null;
  readonly requestId: string | null;
  readonly retryAfterMs: number | null;

  constructor(
    readonly kind: ProviderErrorKind,
    readonly endpoint: AiEndpoint,
    message: string,
    options: ProviderErrorOptions,
  ) {
    super(message);
    this.retryable = options.retryable;
    this.status = options.status ?? null;
    this.requestId = options.requestId ?? null;
    this.retryAfterMs = options.retryAfterMs ?? null;
  }
}

export function isProviderError(error: unknown, kind?: ProviderErrorKind): error is ProviderError {
  return error instanceof ProviderError && (kind === undefined || error.kind === kind);
}

const endpointNames: Record<AiEndpoint, string> = {
  chat: 'language model',
  transcription: 'speech-to-text',
  speech: 'text-to-speech',
};

/** "the AI provider's speech-to-text service", for messages. */
export function serviceName(endpoint: AiEndpoint): string {
  return `the AI provider's ${endpointNames[endpoint]} service`;
}

/**
 * The service cannot be used now, for a reason that passes or that staff fix
 * (an outage, no network, no credit, no key), as against a request it will
 * always refuse. Work that has a way on without the service (issue 19: the
 * question bank, transcription and judging later, scoring later) takes it.
 */
export function meansServiceUnavailable(error: unknown): error is ProviderError {
  return error instanceof ProviderError && SERVICE_UNAVAILABLE_KINDS.has(error.kind);
}

const SERVICE_UNAVAILABLE_KINDS = new Set<ProviderErrorKind>(['circuit_open', 'timeout', 'rate_limited', 'server_error', 'network', 'quota_exhausted', 'unauthorized', 'not_configured']);
