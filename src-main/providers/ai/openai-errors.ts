import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, OpenAIError } from 'openai';
import { redactString } from '../../logging/redact';
import { ProviderError, serviceName } from './errors';
import type { Deadline } from './resilience';
import { retryAfterMs } from './resilience';
import type { AiEndpoint } from './types';
import { providerHost } from './provider-host';
import { findNetworkError } from '../network/network-errors';

export interface FailureContext {
  endpoint: AiEndpoint;
  deadline: Deadline;
  /** Where the call went (host only is shown), for messages. */
  baseUrl: string;
  /** Scrubbed from anything quoted from the provider. */
  apiKey: string;
  now: Date;
}

const MAX_QUOTED = 300;

/**
 * What the provider said, safe to show: without the key (or anything that
 * looks like a credential) and cut short. Only quoted for 4xx that are the
 * request's fault, where the provider's wording names the bad parameter.
 */
function quote(text: unknown, apiKey: string): string {
  if (typeof text !== 'string' || text.trim() === '') return '';
  let safe = apiKey.length > 0 ? text.split(apiKey).join('[key]') : text;
  // Trailing full stops go: the sentence that quotes it supplies its own.
  safe = redactString(safe).replace(/\s+/g, ' ').trim().replace(/[.\s]+$/, '');
  return safe.length > MAX_QUOTED ? `${safe.slice(0, MAX_QUOTED)}…` : safe;
}


/** Node/undici report a dropped socket as a TypeError ('terminated', 'fetch failed') with a coded cause. */
function isTransportFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_\w+)$/.test(code)) return true;
  return error instanceof TypeError && /terminated|fetch failed|socket|network/i.test(error.message);
}

function isAbort(error: unknown): boolean {
  return error instanceof APIUserAbortError || (error instanceof Error && error.name === 'AbortError');
}

/**
 * Turns whatever the SDK (or the socket under it) threw into a ProviderError.
 * Anything it does not recognise is rethrown unchanged: that is a bug in
 * this code, and dressing it up as a provider failure would hide it.
 */
export function toProviderError(error: unknown, context: FailureContext): ProviderError {
  if (error instanceof ProviderError) return error;
  const { endpoint } = context;
  const service = serviceName(endpoint);
  const ms = context.deadline.ms;
  const seconds = ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;

  // A proxy that refused, or a TLS inspection certificate not trusted here: its own words say what IT must do, and a retry cannot help.
  const refusal = findNetworkError(error);
  if (refusal) return new ProviderError('network', endpoint, refusal.message, { retryable: false });

  if (error instanceof APIConnectionTimeoutError || (context.deadline.timedOut && (isAbort(error) || isTransportFailure(error)))) {
    return new ProviderError(
      'timeout',
      endpoint,
      `${capitalise(service)} did not answer within ${seconds}. Check the network connection and try again; if it keeps happening, the provider may be overloaded.`,
      { retryable: true },
    );
  }
  if (error instanceof APIConnectionError || isTransportFailure(error)) {
    return new ProviderError(
      'network',
      endpoint,
      `${capitalise(service)} at ${providerHost(context.baseUrl, 'the configured address')} could not be reached, or the connection broke off. Check the network connection and the provider address in device settings, then try again.`,
      { retryable: true },
    );
  }
  if (error instanceof APIError && typeof error.status === 'number') return fromStatus(error, context);
  if (error instanceof APIError && isErrorBody(error.error)) return fromStreamEvent(error, error.error, context);
  if (error instanceof SyntaxError || error instanceof OpenAIError) {
    return new ProviderError(
      'malformed_reply',
      endpoint,
      `${capitalise(service)} answered with something that could not be read (not the JSON it should send). Try again; if it persists, check that the provider address points at an OpenAI-compatible API.`,
      { retryable: true },
    );
  }
  throw error;
}

interface ErrorBody {
  message?: unknown;
  type?: unknown;
  code?: unknown;
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && ('type' in value || 'code' in value || 'message' in value);
}

/** Out of credit is also a 429, but no amount of waiting fixes it. */
function quotaExhausted(endpoint: AiEndpoint, reference: string, options: { status: number | null; requestId: string | null }): ProviderError {
  return new ProviderError(
    'quota_exhausted',
    endpoint,
    `The AI provider account has run out of credit (insufficient quota)${reference}. An administrator must add credit or raise the account's spending limit; until then no AI calls can succeed.`,
    { ...options, retryable: false },
  );
}

function rateLimited(endpoint: AiEndpoint, reference: string, options: { status: number | null; requestId: string | null }, wait: number | null, now: Date): ProviderError {
  const until = wait === null ? '' : ` until ${new Date(now.getTime() + wait).toLocaleTimeString('en-GB')} (${Math.ceil(wait / 1000)} s from now)`;
  return new ProviderError(
    'rate_limited',
    endpoint,
    `${capitalise(serviceName(endpoint))} is rate-limiting this account${options.status ? ` (HTTP ${options.status})` : ''}${until}${reference}. Try again then; if it keeps happening, raise the account's rate limits.`,
    { ...options, retryable: true, retryAfterMs: wait },
  );
}

/**
 * An error the provider sent as an event after the stream had started (the
 * SDK throws it as an APIError without a status): sorted by its type and
 * code into the same kinds as an HTTP error, so it is retried, or not, the
 * same way.
 */
function fromStreamEvent(error: APIError, body: ErrorBody, context: FailureContext): ProviderError {
  const { endpoint } = context;
  const options = { status: null, requestId: error.requestID ?? null };
  const reference = error.requestID ? ` (provider request ${error.requestID})` : '';
  const type = typeof body.type === 'string' ? body.type : '';
  const code = typeof body.code === 'string' ? body.code : '';
  if (code === 'insufficient_quota' || type === 'insufficient_quota') return quotaExhausted(endpoint, reference, options);
  if (code === 'rate_limit_exceeded' || type === 'requests' || type === 'tokens') return rateLimited(endpoint, reference, options, null, context.now);
  if (type === 'invalid_request_error') {
    const said = quote(body.message, context.apiKey);
    return new ProviderError(
      'bad_request',
      endpoint,
      `${capitalise(serviceName(endpoint))} stopped its reply with an error about the request${reference}${said ? `: ${said}` : ''}. Check the model names in device settings; retrying the same request will not help.`,
      { ...options, retryable: false },
    );
  }
  return new ProviderError(
    'server_error',
    endpoint,
    `${capitalise(serviceName(endpoint))} failed part-way through its reply${reference}. This is usually temporary: the request is tried again.`,
    { ...options, retryable: true },
  );
}

function fromStatus(error: APIError, context: FailureContext): ProviderError {
  const { endpoint, apiKey } = context;
  const status = error.status as number;
  const service = serviceName(endpoint);
  const options = { status, requestId: error.requestID ?? null };
  const reference = error.requestID ? ` (provider request ${error.requestID})` : '';

  if (status === 429) {
    if (error.code === 'insufficient_quota' || error.type === 'insufficient_quota') return quotaExhausted(endpoint, reference, options);
    return rateLimited(endpoint, reference, options, retryAfterMs(error.headers, context.now), context.now);
  }
  if (status >= 500) {
    return new ProviderError(
      'server_error',
      endpoint,
      `${capitalise(service)} failed on its side (HTTP ${status})${reference}. This is usually temporary: try again in a minute.`,
      { ...options, retryable: true, retryAfterMs: retryAfterMs(error.headers, context.now) },
    );
  }
  if (status === 401) {
    return new ProviderError(
      'unauthorized',
      endpoint,
      `The AI provider refused the API key (HTTP 401)${reference}. An administrator should store a valid key under "OpenAI API key" in device settings.`,
      { ...options, retryable: false },
    );
  }
  if (status === 403) {
    return new ProviderError(
      'unauthorized',
      endpoint,
      `The AI provider refused access (HTTP 403)${reference}: the API key may lack permission for this model, or the provider does not serve this country or region. An administrator should check the key's project and permissions.`,
      { ...options, retryable: false },
    );
  }
  if (status === 400 && (error.code === 'context_length_exceeded' || /context length|context window/i.test(error.message))) {
    return new ProviderError(
      'context_length',
      endpoint,
      `The conversation is longer than the model accepts (HTTP 400, context length exceeded)${reference}.`,
      { ...options, retryable: false },
    );
  }
  const said = quote((error.error as { message?: unknown } | undefined)?.message, apiKey);
  const hint =
    status === 404
      ? error.code === 'model_not_found'
        ? 'Choose a model this account can use in device settings (see the README for the supported models).'
        : 'Check the model names and the provider address in device settings.'
      : 'Check the model names in device settings; retrying the same request will not help.';
  return new ProviderError(
    'bad_request',
    endpoint,
    `${capitalise(service)} rejected the request (HTTP ${status})${reference}${said ? `: ${said}` : ''}. ${hint}`,
    { ...options, retryable: false },
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
