import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAiProviders } from '../../app/create-app';
import type { AiProviders } from '../../ipc/app-services';
import { systemClock } from '../../common/clock';
import type { UsageStore } from '../../providers/ai/metering';
import { Network } from '../../providers/network/network';
import { realSleep, type Sleep } from '../../common/clock';
import type { NewAiUsage, RecordedUsage } from '../../repositories/ai-usage-repository';
import type { ProviderSetup } from './provider-setup';

/** The longest wait between retries the command line makes; see openCliAi. */
export const MAX_RETRY_WAIT_MS = 2000;

/** The AI providers as the app builds them, for one command run. */
export interface CliAi {
  ai: AiProviders;
  /** The usage rows metering recorded since the last call (none are written anywhere else). */
  takeUsage(): NewAiUsage[];
  /** Retries made since the last call. */
  takeRetries(): number;
  /** Removes the scratch folder (the speech cache). */
  close(): Promise<void>;
}

/** Keeps usage in memory: a check run by support must not add rows to the device's database. */
class MemoryUsageStore implements UsageStore {
  readonly rows: NewAiUsage[] = [];

  record(usage: NewAiUsage): RecordedUsage {
    this.rows.push(usage);
    return { usage: { ...usage, id: String(this.rows.length), createdAt: systemClock.now().toISOString() }, interview: null };
  }

  tokensUsedBy(): number {
    // The command line names no interview, so no token budget applies.
    return 0;
  }
}

/**
 * The app's own provider classes, built by the app's own composition
 * (createAiProviders), so a command sends exactly the requests the app
 * sends, with its timeouts, retry rules, circuit breakers and the
 * device's proxy and CA bundle. Two things differ: usage stays in memory,
 * and the speech cache is a fresh folder under the system's temp folder (it
 * is created only when speech is written), so speech is really requested
 * and the device's cache is left alone.
 */
export function openCliAi(setup: ProviderSetup): CliAi {
  const usage = new MemoryUsageStore();
  let retries = 0;
  // The app's retry rules stand (which failures, how many, Retry-After, the breaker); only each wait is
  // capped. An interview can afford 1-7 s (or a provider's Retry-After) between tries; a person checking a
  // device waits at the terminal, and a failing endpoint should show its error in seconds.
  const sleep: Sleep = (ms, signal) => {
    retries += 1;
    return realSleep(Math.min(ms, MAX_RETRY_WAIT_MS), signal);
  };
  const scratch = join(tmpdir(), `teamified-cli-${randomBytes(6).toString('hex')}`);
  // The device's proxy and CA bundle, as the app connects (README "Corporate networks"): a check that went direct would prove nothing there.
  const network = new Network({ settings: () => setup.settings.get().network, secrets: setup.secrets });
  const ai = createAiProviders({
    network: () => network.access(),
    settings: setup.settings,
    secrets: setup.secrets,
    usage,
    clock: systemClock,
    logger: setup.logger,
    dataDir: scratch,
    resilience: { sleep },
  });
  return {
    ai,
    takeUsage() {
      ai.flushUsage();
      return usage.rows.splice(0);
    },
    takeRetries() {
      const count = retries;
      retries = 0;
      return count;
    },
    close: () => rm(scratch, { recursive: true, force: true }),
  };
}
