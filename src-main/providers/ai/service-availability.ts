import type { AiServiceReason } from '../../../shared/domain/ai-service';
import type { Clock } from '../../common/clock';
import type { Logger } from '../../logging/logger-types';
import type { ProviderError, ProviderErrorKind } from './errors';
import type { AiEndpoint } from './types';

/** The order endpoints are listed in. */
const ENDPOINTS: readonly AiEndpoint[] = ['chat', 'transcription', 'speech'];

export interface AvailabilitySnapshot {
  available: boolean;
  /** The first failure of the outage still going on (the earliest, when several endpoints fail). */
  since: string | null;
  /** The most pressing reason among the failing endpoints (see REASON_ORDER). */
  reason: AiServiceReason | null;
  /** The endpoints failing now, in the order chat, transcription, speech. */
  endpoints: AiEndpoint[];
}

export type AvailabilityListener = (snapshot: AvailabilitySnapshot) => void;

/**
 * Which final failures mean the service cannot be used, and why. The rest
 * (a bad request, a refusal, a reply too long, the interview's budget) are
 * about one request: the service itself answered, so they change nothing.
 */
function reasonFor(kind: ProviderErrorKind): AiServiceReason | null {
  switch (kind) {
    case 'network':
      return 'offline';
    case 'timeout':
    case 'server_error':
    case 'rate_limited':
    case 'circuit_open':
      return 'outage';
    case 'quota_exhausted':
      return 'quota_exhausted';
    case 'unauthorized':
    case 'not_configured':
      return 'not_configured';
    default:
      return null;
  }
}

/** What a person must act on first: a key, then credit, then the network, then waiting. */
const REASON_ORDER: readonly AiServiceReason[] = ['not_configured', 'quota_exhausted', 'offline', 'outage'];

/*
 * The device's network, the account's credit and its key are the same for
 * every endpoint, so one success anywhere proves them good again; an outage
 * can be one endpoint's (speech-to-text failing while chat answers), so only
 * that endpoint's own success ends it.
 */
const SHARED_REASONS: ReadonlySet<AiServiceReason> = new Set(['offline', 'quota_exhausted', 'not_configured']);

interface Outage {
  since: string;
  reason: AiServiceReason;
}

/**
 * Whether the AI service can be used, from the final outcome of every call
 * (Resilience.run, after its retries; the client factory for a missing key).
 * One instance per app, shared by all providers, so proctors and staff see
 * one answer however many features call the service.
 */
export class ServiceAvailability {
  private readonly outages = new Map<AiEndpoint, Outage>();
  private readonly listeners = new Set<AvailabilityListener>();
  private last: string;

  constructor(
    private readonly clock: Clock,
    private readonly logger?: Logger,
  ) {
    this.last = JSON.stringify(this.snapshot());
  }

  succeeded(endpoint: AiEndpoint): void {
    this.outages.delete(endpoint);
    for (const [other, outage] of this.outages) if (SHARED_REASONS.has(outage.reason)) this.outages.delete(other);
    this.changed();
  }

  failed(error: Pick<ProviderError, 'kind' | 'endpoint'>): void {
    const reason = reasonFor(error.kind);
    if (reason === null) return;
    const current = this.outages.get(error.endpoint);
    // An open breaker is the consequence of failures already recorded; it says nothing new about their cause.
    const keep = current && error.kind === 'circuit_open';
    this.outages.set(error.endpoint, { since: current?.since ?? this.clock.now().toISOString(), reason: keep ? current.reason : reason });
    this.changed();
  }

  snapshot(): AvailabilitySnapshot {
    const endpoints = ENDPOINTS.filter((endpoint) => this.outages.has(endpoint));
    if (endpoints.length === 0) return { available: true, since: null, reason: null, endpoints };
    const outages = endpoints.map((endpoint) => this.outages.get(endpoint)!);
    const since = outages.map((outage) => outage.since).sort()[0]!;
    const reason = REASON_ORDER.find((candidate) => outages.some((outage) => outage.reason === candidate))!;
    return { available: false, since, reason, endpoints };
  }

  /** Called with the new snapshot whenever it changes; returns the unsubscribe. */
  onChange(listener: AvailabilityListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    const snapshot = this.snapshot();
    const serialised = JSON.stringify(snapshot);
    if (serialised === this.last) return;
    this.last = serialised;
    if (snapshot.available) this.logger?.info('ai service available again');
    else this.logger?.warn('ai service unavailable', { since: snapshot.since, reason: snapshot.reason, endpoints: snapshot.endpoints });
    // Listeners run inside an AI call's completion: one that throws must not turn a good answer into a failure.
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch (error) {
        this.logger?.error('ai service availability listener failed', { error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
}
