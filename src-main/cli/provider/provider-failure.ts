import { ProviderError } from '../../providers/ai/errors';

/** A failed call as the command line reports it. */
export interface ProviderFailure {
  /** The ProviderError's kind, or 'internal' for anything else. */
  kind: string;
  /** The HTTP status, when the provider answered. */
  status: number | null;
  /** What happened and what to change; the provider layer writes it to be shown and never puts the key in it. */
  message: string;
}

export function failureOf(error: unknown): ProviderFailure {
  if (error instanceof ProviderError) return { kind: error.kind, status: error.status, message: error.message };
  return { kind: 'internal', status: null, message: error instanceof Error ? error.message : String(error) };
}

/** "bad_request, HTTP 400" */
export function describeKind(failure: ProviderFailure): string {
  return failure.status === null ? failure.kind : `${failure.kind}, HTTP ${failure.status}`;
}
