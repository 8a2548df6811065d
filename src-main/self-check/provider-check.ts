import { PING, PING_MAX_TOKENS } from '../providers/ai/ping';
import { providerHost } from '../providers/ai/provider-host';
import { ProviderError, type ProviderErrorKind } from '../providers/ai/errors';
import type { LanguageModel } from '../providers/ai/types';
import { clip, spanWords, type CheckResult } from './check-result';

/** What one reachability call found. */
export type ProbeOutcome =
  | { ok: true; latencyMs: number }
  | { ok: false; latencyMs: number; kind: ProviderErrorKind | 'internal'; status: number | null; message: string };

/** Where the call goes, for the detail line: the provider's host and the model asked. */
export interface ProviderTarget {
  host: string;
  model: string;
}

export interface ProviderProbe {
  target(): ProviderTarget;
  /** One small authenticated call; never rejects. */
  probe(): Promise<ProbeOutcome>;
}

/** Long enough for a slow network's first TLS handshake, short enough that a person waits for it. */
export const PROVIDER_TIMEOUT_MS = 10_000;

/**
 * The first call `npm run cli -- provider check` makes (src-main/cli/provider-check:
 * its "chat" row), made the same way: through the app's own language model,
 * so the key, the provider address, the http:// refusal and the error
 * wording are the app's, and the same ping (src-main/providers/ai/ping.ts).
 * The call is metered like any other (a few tokens).
 */
export function languageModelProbe(options: {
  languageModel: LanguageModel;
  target: () => ProviderTarget;
  timeoutMs?: number;
  now?: () => number;
}): ProviderProbe {
  const timeoutMs = options.timeoutMs ?? PROVIDER_TIMEOUT_MS;
  const now = options.now ?? (() => performance.now());
  return {
    target: options.target,
    async probe() {
      const started = now();
      const took = () => Math.round(now() - started);
      try {
        await options.languageModel.chat({ task: 'interview', messages: PING, maxTokens: PING_MAX_TOKENS, signal: AbortSignal.timeout(timeoutMs) });
        return { ok: true, latencyMs: took() };
      } catch (error) {
        if (error instanceof ProviderError) return { ok: false, latencyMs: took(), kind: error.kind, status: error.status, message: error.message };
        if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
          return { ok: false, latencyMs: took(), kind: 'timeout', status: null, message: `The AI provider did not answer within ${spanWords(timeoutMs)}.` };
        }
        return { ok: false, latencyMs: took(), kind: 'internal', status: null, message: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}

/** Over this, candidates notice the wait between their answer and the next question. */
export const SLOW_PROVIDER_MS = 3000;

const LABEL = 'AI provider';

/** What to do for each way the call can fail, for IT. */
function fixFor(kind: Extract<ProbeOutcome, { ok: false }>['kind'], host: string): string {
  switch (kind) {
    case 'not_configured':
      return 'An administrator stores the OpenAI API key (and, if needed, an https:// provider address) under Device settings.';
    case 'unauthorized':
      return 'The key was refused: an administrator stores a valid OpenAI API key under Device settings → Stored secrets, and checks that the account may use the interview model.';
    case 'quota_exhausted':
      return 'The provider account has no credit left: whoever owns it adds credit or raises its limit.';
    case 'rate_limited':
      return 'The account is at its rate limit: wait a minute and check again; if it keeps happening, ask for higher limits.';
    case 'bad_request':
      return 'The provider did not accept the request: check the model names and the provider address in Device settings.';
    case 'network':
    case 'timeout':
    case 'circuit_open':
      return `Check this computer’s network connection, and that its firewall or proxy lets it reach ${host} over HTTPS (port 443).`;
    case 'server_error':
    case 'malformed_reply':
      return 'The provider itself is having trouble: check its status page and run this check again in a few minutes.';
    default:
      return 'Run this check again; if it keeps failing, run “npm run cli -- provider check” on this computer for every kind of call, and send IT its output.';
  }
}

/**
 * Reachable with the key accepted, quickly: ok. Reachable but slow, or at
 * its rate limit for the moment: warn. Anything else fails: without the
 * provider there is no spoken interview.
 */
export async function checkProvider(source: ProviderProbe): Promise<CheckResult> {
  const { host, model } = source.target();
  const outcome = await source.probe();
  const where = `${host} (model ${model})`;
  if (outcome.ok) {
    if (outcome.latencyMs > SLOW_PROVIDER_MS) {
      return {
        id: 'provider',
        label: LABEL,
        status: 'warn',
        detail: `${where} answered, but took ${outcome.latencyMs} ms: candidates would wait between questions.`,
        fix: 'Check this computer’s network (Wi-Fi signal, a busy connection, a slow proxy); a wired connection helps.',
      };
    }
    return { id: 'provider', label: LABEL, status: 'ok', detail: `${where} answered in ${outcome.latencyMs} ms; the key was accepted.`, fix: null };
  }
  const status = outcome.status === null ? '' : ` (HTTP ${outcome.status})`;
  return {
    id: 'provider',
    label: LABEL,
    status: outcome.kind === 'rate_limited' ? 'warn' : 'fail',
    detail: clip(`${where} did not answer as it should${status}: ${outcome.message}`),
    fix: fixFor(outcome.kind, host),
  };
}

/** The host a provider address names, or the address itself when it names none: what the check's lines show. */
export function hostOf(baseUrl: string): string {
  return providerHost(baseUrl, baseUrl);
}
