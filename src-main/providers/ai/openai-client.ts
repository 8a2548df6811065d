import OpenAI from 'openai';
import { clearTextHost } from '../../../shared/domain/provider-settings-review';
import type { AppSettings } from '../../../shared/domain/settings';
import type { Clock } from '../../common/clock';
import type { Logger } from '../../logging/logger-types';
import type { SecretStore } from '../../secrets/secret-store';
import type { NetworkAccess } from '../network/network';
import { SecretStoreError } from '../../secrets/secret-store';
import { isProviderError, ProviderError } from './errors';
import type { Metering } from './metering';
import { toProviderError } from './openai-errors';
import type { Deadline, Resilience } from './resilience';
import type { ServiceAvailability } from './service-availability';
import type { AiEndpoint, AiTask } from './types';

export type ProviderSettings = AppSettings['provider'];

export interface CallClient {
  client: OpenAI;
  /** Only so error messages can be scrubbed of it; never logged or returned. */
  apiKey: string;
  baseUrl: string;
  /** How this device connects (proxy, CA bundle); null where no network is given (tests of the SDK alone). */
  network: NetworkAccess | null;
}

interface Cached extends CallClient {
  timeoutMs: number;
}

/**
 * Builds the SDK client a call uses, from the settings and key of that
 * moment: an admin who changes the provider address or stores a new key
 * affects the next call, without a restart. The key is read from the
 * keychain on every call and lives only inside the SDK client.
 *
 * Other providers are a matter of settings: Azure OpenAI's v1 API is
 * `https://<resource>.openai.azure.com/openai/v1/` with deployment names as
 * model names; a local or hosted OpenAI-compatible server is its own /v1
 * address (with any non-empty key if it checks none).
 */
export class OpenAiClientFactory {
  // The last client per endpoint: building one costs more than the rest of the layer's per-call work.
  private readonly cache = new Map<AiEndpoint, Cached>();

  constructor(
    private readonly secrets: SecretStore,
    private readonly timeoutMs: (endpoint: AiEndpoint) => number,
    /** Told when a call cannot even start (no key, an http:// address): the service is not set up. */
    private readonly availability?: Pick<ServiceAvailability, 'failed'>,
    /** The proxy and CA bundle in force (src-main/providers/network); without it, Node's own fetch, direct. */
    private readonly network?: () => Promise<NetworkAccess>,
  ) {}

  async forCall(endpoint: AiEndpoint, settings: ProviderSettings): Promise<CallClient> {
    try {
      return await this.build(endpoint, settings);
    } catch (error) {
      if (isProviderError(error, 'not_configured')) this.availability?.failed(error);
      throw error;
    }
  }

  private async build(endpoint: AiEndpoint, settings: ProviderSettings): Promise<CallClient> {
    const baseUrl = settings.baseUrl;
    // Checked here as well as when settings are saved: IT's machine file is not saved through the admin screen.
    const clear = clearTextHost(baseUrl);
    if (clear) {
      throw new ProviderError(
        'not_configured',
        endpoint,
        `The AI provider address uses http:// to ${clear}, so the API key would travel unencrypted; nothing was sent. An administrator or IT must set an https:// provider base URL in device settings.`,
        { retryable: false },
      );
    }
    const apiKey = await this.readKey(endpoint);
    const timeoutMs = this.timeoutMs(endpoint);
    const network = this.network ? await this.network() : null;
    const cached = this.cache.get(endpoint);
    if (cached && cached.apiKey === apiKey && cached.baseUrl === baseUrl && cached.timeoutMs === timeoutMs && cached.network === network) return cached;

    const client = new OpenAI({
      apiKey,
      baseURL: baseUrl,
      // We own retries (resilience.ts): the SDK's would multiply ours and ignore the breaker.
      maxRetries: 0,
      // The SDK's own limit covers the wait for response headers; our Deadline covers the body too.
      timeout: timeoutMs,
      // Pinned, so OPENAI_ORG_ID / OPENAI_PROJECT_ID / OPENAI_LOG on a device cannot change what is sent or logged
      // (the SDK's debug log would print request bodies: candidates' answers).
      organization: null,
      project: null,
      adminAPIKey: null,
      webhookSecret: null,
      logLevel: 'off',
      // undici's fetch with its own dispatcher, as the SDK asks for a proxy: Node's global fetch takes no dispatcher from another undici.
      ...(network ? { fetch: network.fetch } : {}),
    });
    const built: Cached = { client, apiKey, baseUrl, timeoutMs, network };
    this.cache.set(endpoint, built);
    return built;
  }

  private async readKey(endpoint: AiEndpoint): Promise<string> {
    let key: string | null;
    try {
      key = await this.secrets.get('openai-api-key');
    } catch (error) {
      // SecretStoreError messages are written to be shown and never hold the value.
      const why = error instanceof SecretStoreError ? error.message : 'the keychain did not answer.';
      throw new ProviderError('not_configured', endpoint, `The OpenAI API key could not be read: ${why}`, { retryable: false });
    }
    if (!key) {
      throw new ProviderError(
        'not_configured',
        endpoint,
        'No OpenAI API key is stored on this device. An administrator must store one under "OpenAI API key" in device settings before AI features can run.',
        { retryable: false },
      );
    }
    return key;
  }
}

/** What each OpenAI-backed provider needs; built once, in the composition root. */
export interface OpenAiProviderDeps {
  /** Read per call: settings changed by an admin apply to the next call. */
  settings: () => ProviderSettings;
  clients: OpenAiClientFactory;
  resilience: Resilience;
  metering: Metering;
  clock: Clock;
  logger: Logger;
}

/** The model the settings name for a language-model task. */
export function modelFor(task: AiTask, settings: ProviderSettings): string {
  switch (task) {
    case 'interview':
      return settings.interviewModel;
    case 'resumeParsing':
      return settings.resumeParsingModel;
    case 'scoring':
      return settings.scoringModel;
  }
}

/** How a call's failures become ProviderErrors: with its key to scrub and its address to name. */
export function classifierFor(endpoint: AiEndpoint, call: CallClient, clock: Clock): (error: unknown, deadline: Deadline) => ProviderError {
  return (error, deadline) => toProviderError(error, { endpoint, deadline, baseUrl: call.baseUrl, apiKey: call.apiKey, now: clock.now() });
}
