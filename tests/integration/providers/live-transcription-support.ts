import { defaultSettings, type AppSettings } from '../../../shared/domain/settings';
import { systemClock } from '../../../src-main/common/clock';
import { createLogger } from '../../../src-main/logging/logger';
import { Metering, type AiCallAudit, type UsageStore } from '../../../src-main/providers/ai/metering';
import { OpenAiClientFactory, type OpenAiProviderDeps } from '../../../src-main/providers/ai/openai-client';
import { OpenAiRealtimeTranscriber } from '../../../src-main/providers/ai/openai-realtime-transcription';
import { Resilience } from '../../../src-main/providers/ai/resilience';
import type { NewAiUsage } from '../../../src-main/repositories/ai-usage-repository';
import { MemorySecretStore } from '../../../src-main/secrets/memory-secret-store';
import type { FakeOpenAi } from '../../fixtures/fake-openai/index';

export interface LiveHarness {
  transcriber: OpenAiRealtimeTranscriber;
  /** The same deps, for building the file-upload provider beside it. */
  deps: OpenAiProviderDeps;
  /** Usage rows the real Metering wrote, after a flush. */
  usage(): NewAiUsage[];
  /** The audit entries it wrote with them, in the same order. */
  audits(): AiCallAudit[];
  provider: AppSettings['provider'];
  logLines: string[];
}

/** The real transcriber and metering, pointed at the fake server over loopback; usage lands in memory. */
export function createLiveHarness(server: FakeOpenAi, options: { commitTimeoutMs?: number; model?: string; apiKey?: string | null } = {}): LiveHarness {
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => logLines.push(line) });
  const rows: NewAiUsage[] = [];
  const audits: AiCallAudit[] = [];
  const store: UsageStore = {
    record: (usage, audit) => {
      rows.push(usage);
      if (audit) audits.push(audit);
      return { usage: usage as never, interview: null };
    },
    tokensUsedBy: () => 0,
  };
  const provider = { ...defaultSettings.provider, baseUrl: server.url, liveSttModel: options.model ?? 'gpt-4o-transcribe' };
  const metering = new Metering({ store, prices: () => ({}), interviewTokenBudget: () => 0, logger });
  const resilience = new Resilience({ clock: systemClock, logger });
  const apiKey = options.apiKey === undefined ? 'kiosk-test-key-live' : options.apiKey;
  const deps: OpenAiProviderDeps = {
    settings: () => provider,
    clients: new OpenAiClientFactory(new MemorySecretStore(apiKey === null ? {} : { 'openai-api-key': apiKey }), () => 2000),
    resilience,
    metering,
    clock: systemClock,
    logger,
  };
  return {
    transcriber: new OpenAiRealtimeTranscriber(deps, { commitTimeoutMs: options.commitTimeoutMs ?? 1000 }),
    deps,
    usage: () => {
      metering.flush();
      return rows;
    },
    audits: () => {
      metering.flush();
      return audits;
    },
    provider,
    logLines,
  };
}

/** `ms` of a 16 kHz tone, as the renderer would send it. */
export function tone16k(ms: number, amplitude = 8000): Int16Array {
  const samples = new Int16Array(Math.round(ms * 16));
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(amplitude * Math.sin((2 * Math.PI * 440 * i) / 16_000));
  return samples;
}
