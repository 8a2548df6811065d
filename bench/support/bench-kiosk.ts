import { join } from 'node:path';
import type { InterviewView } from '../../shared/domain/interview';
import type { SettingsPatch } from '../../shared/domain/settings';
import type { ChannelName, ChannelOutput } from '../../shared/ipc/contract';
import { BCRYPT_COST } from '../../shared/domain/account-rules';
import type { App, AppOverrides } from '../../src-main/app/create-app';
import type { Logger } from '../../src-main/logging/logger-types';
import { MemorySecretStore } from '../../src-main/secrets/memory-secret-store';
import { FileSettingsBackend } from '../../src-main/settings/file-settings-backend';
import { SettingsService } from '../../src-main/settings/settings-service';
import { agreeToNotice } from '../../tests/support/consent';
import { buildApp } from '../../tests/support/test-app';

const API_KEY = 'bench-key-not-a-secret';
const PASSWORD = 'Correct-Horse-9';

/**
 * The real app a turn benchmark drives (bench/turn, bench/bank-turn): its
 * settings pointed at the fake provider, unproctored (a turn is measured,
 * not a sitting), the product's bcrypt cost, and the calls a candidate's
 * window makes, with the moment each question's first audio arrives.
 */
export interface BenchKiosk {
  app: App;
  settings: SettingsService;
  /** One channel as a window calls it; throws on a refusal. */
  call<C extends ChannelName>(windowId: string, channel: C, input: unknown): Promise<ChannelOutput<C>>;
  /** A new candidate in a new window, signed up and agreed to the notice, their interview started. */
  startInterview(): Promise<{ windowId: string; view: InterviewView }>;
  /** When the first PCM of this question arrived (performance.now()), waiting up to `timeoutMs`; null if it never did. */
  firstAudioAt(streamId: string, timeoutMs?: number): Promise<number | null>;
}

export function startBenchKiosk(options: { providerUrl: string; dataDir: string; logger: Logger; settings?: SettingsPatch; overrides?: AppOverrides }): BenchKiosk {
  const { dataDir, logger } = options;
  const settings = new SettingsService({ backend: new FileSettingsBackend(join(dataDir, 'settings.json')), machineFilePath: null, logger });
  settings.update({ ...options.settings, provider: { ...options.settings?.provider, baseUrl: options.providerUrl }, interview: { ...options.settings?.interview, requireProctorSitting: false } });
  const app = buildApp({
    dataDir,
    settings,
    secrets: new MemorySecretStore({ 'openai-api-key': API_KEY }),
    logger,
    version: 'bench',
    // The product's cost: a benchmark measures what a kiosk does.
    overrides: { bcryptCost: BCRYPT_COST, ...options.overrides },
  });

  const firstPcmAt = new Map<string, number>();
  app.events.subscribe((_windowId, event, payload) => {
    if (event !== 'interview.audio') return;
    const chunk = payload as { streamId: string; pcmBase64: string };
    if (chunk.pcmBase64.length > 0 && !firstPcmAt.has(chunk.streamId)) firstPcmAt.set(chunk.streamId, performance.now());
  });

  const call = async <C extends ChannelName>(windowId: string, channel: C, input: unknown): Promise<ChannelOutput<C>> => {
    const result = await app.dispatch(channel, input, { windowId, trustedSender: true });
    if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
    return result.data as ChannelOutput<C>;
  };

  let windows = 0;
  return {
    app,
    settings,
    call,
    async startInterview() {
      const windowId = `bench-${++windows}`;
      await call(windowId, 'auth.registerCandidate', { email: `bench${windows}@example.com`, password: PASSWORD, fullName: 'Bench Candidate' });
      await agreeToNotice({ ok: (channel, input) => call(windowId, channel, input) });
      return { windowId, view: await call(windowId, 'interview.start', { roleType: 'react' }) };
    },
    async firstAudioAt(streamId, timeoutMs = 4000) {
      const deadline = performance.now() + timeoutMs;
      while (!firstPcmAt.has(streamId) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
      return firstPcmAt.get(streamId) ?? null;
    },
  };
}
