import { modelFor, type ProviderSettings } from '../../providers/ai/openai-client';
import type { AiEndpoint, AiTask } from '../../providers/ai/types';
import type { CliAi } from '../provider/cli-ai';
import { failureOf, type ProviderFailure } from '../provider/provider-failure';
import { callCost } from './call-cost';
import type { ProviderCall } from './provider-calls';

/** What metering recorded for a call: tokens for chat, audio seconds for speech-to-text, characters for speech. */
export interface CallUsage {
  promptTokens: number;
  completionTokens: number;
  audioSeconds: number | null;
  characters: number | null;
}

export interface CallResult {
  name: string;
  endpoint: AiEndpoint;
  task: AiTask;
  model: string;
  ok: boolean;
  /** Wall time of the whole call, retries and reading a stream to its end included. */
  latencyMs: number;
  retries: number;
  /** Null when nothing was metered. */
  usage: CallUsage | null;
  /** US dollars; null when the model's price is unknown or nothing was metered. */
  costUsd: number | null;
  error: ProviderFailure | null;
}

/** The model the app's settings pick for a call. */
export function modelOf(call: Pick<ProviderCall, 'endpoint' | 'task'>, provider: ProviderSettings): string {
  if (call.endpoint === 'transcription') return provider.sttModel;
  if (call.endpoint === 'speech') return provider.ttsModel;
  return modelFor(call.task, provider);
}

/**
 * Makes the calls one after another, never side by side: an account with
 * tight rate limits should not fail the check because of the check.
 * `onResult` hears each result as it comes, so a person sees progress.
 */
export async function runCalls(
  calls: readonly ProviderCall[],
  cli: CliAi,
  provider: ProviderSettings,
  onResult: (result: CallResult) => void = () => {},
): Promise<CallResult[]> {
  const results: CallResult[] = [];
  for (const call of calls) {
    cli.takeUsage();
    cli.takeRetries();
    const started = performance.now();
    let error: ProviderFailure | null = null;
    try {
      await call.run(cli.ai);
    } catch (caught) {
      error = failureOf(caught);
    }
    const latencyMs = Math.round(performance.now() - started);
    const rows = cli.takeUsage();
    const result: CallResult = {
      name: call.name,
      endpoint: call.endpoint,
      task: call.task,
      model: modelOf(call, provider),
      ok: error === null,
      latencyMs,
      retries: cli.takeRetries(),
      usage: rows.length === 0 ? null : sumUsage(rows),
      costUsd: rows.length === 0 ? null : callCost(rows),
      error,
    };
    results.push(result);
    onResult(result);
  }
  return results;
}

function sumUsage(rows: readonly CallUsage[]): CallUsage {
  const add = (a: number | null, b: number | null) => (a === null && b === null ? null : (a ?? 0) + (b ?? 0));
  return rows.reduce<CallUsage>(
    (sum, row) => ({
      promptTokens: sum.promptTokens + row.promptTokens,
      completionTokens: sum.completionTokens + row.completionTokens,
      audioSeconds: add(sum.audioSeconds, row.audioSeconds),
      characters: add(sum.characters, row.characters),
    }),
    { promptTokens: 0, completionTokens: 0, audioSeconds: null, characters: null },
  );
}
