import type { ChannelName, ChannelOutput } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';
import type { Device } from '../../tests/integration/sync/hosted-support';

/** How a page of a sync pull was applied: each applyPage call is synchronous, so its wall time held its loop. */
export interface PullFigures {
  transactionMs: number[];
  rows: number;
  pages: number;
}

export interface SyncOutcome {
  state: string;
  lastError: string | null;
  pendingChanges: number;
}

export type EventListener = (windowId: string, event: string, payload: unknown) => void;

/**
 * What the benchmark asks of a kiosk's core, wherever the core runs: on the
 * measured loop itself (as before issue 15), or in a process of its own
 * behind the core protocol (as the Electron shell runs it). Renderer calls
 * go through `dispatch`, the same gate a window's calls pass; the rest are
 * the benchmark's own controls, which no renderer has.
 */
export interface KioskDriver {
  dispatch(channel: ChannelName, input: unknown, windowId: string): Promise<Result<unknown>>;
  onEvent(listener: EventListener): void;
  /** Resolves once the interview's background work (audio, judgements) has settled. */
  idle(): Promise<void>;
  syncNow(): Promise<SyncOutcome>;
  /** The next pull starts from no cursor again, as after a re-enrolment: the same rows, over the ones there. */
  resetPullCursor(): Promise<void>;
  /** Starts timing each applied page; `pullFigures` stops and answers. */
  watchPull(): Promise<void>;
  pullFigures(): Promise<PullFigures>;
  /** When the core runs apart from the measured loop: its own loop's figures, watched like the measured one. */
  watchCoreLoop?(): Promise<void>;
  coreLoopFigures?(): Promise<{ loopP99: number; loopMax: number }>;
  /** The app's logged errors, to explain a failed call (its answer names only a reference). */
  errorLines(): Promise<string[]>;
  close(): Promise<void>;
}

/** A renderer call that must succeed. */
export async function callOk<C extends ChannelName>(driver: KioskDriver, channel: C, input: unknown, windowId: string): Promise<ChannelOutput<C>> {
  const result = await driver.dispatch(channel, input, windowId);
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.code}: ${result.error.message}`);
  return result.data as ChannelOutput<C>;
}

/** The core on the calling thread: the app the device built, called directly. */
export function localDriver(device: Device): KioskDriver {
  const app = () => device.app;
  const applier = () => app().services.sync.applier;
  let watched: { restore(): void; figures: PullFigures } | null = null;
  return {
    dispatch: (channel, input, windowId) => app().dispatch(channel, input, { windowId, trustedSender: true }),
    onEvent: (listener) => void app().events.subscribe(listener),
    idle: () => app().services.interviews.idle(),
    syncNow: () => app().services.sync.syncNow(),
    resetPullCursor: async () => applier().resetCursor(),
    async watchPull() {
      watched?.restore();
      watched = watchApplier(applier());
    },
    async pullFigures() {
      const figures = watched?.figures ?? { transactionMs: [], rows: 0, pages: 0 };
      watched?.restore();
      watched = null;
      return figures;
    },
    errorLines: async () => device.logLines.filter((line) => line.includes('"level":"error"')),
    close: async () => device.close(),
  };
}

type Applier = Device['app']['services']['sync']['applier'];

/** Wraps applyPage to time each call; `restore` puts the original back. */
export function watchApplier(applier: Applier): { restore(): void; figures: PullFigures } {
  const figures: PullFigures = { transactionMs: [], rows: 0, pages: 0 };
  const applyPage = applier.applyPage;
  applier.applyPage = (changes, cursor) => {
    const started = performance.now();
    try {
      return applyPage.call(applier, changes, cursor);
    } finally {
      figures.transactionMs.push(performance.now() - started);
      figures.rows += changes.length;
      // Only a page's last (or only) transaction stores its cursor.
      if (cursor) figures.pages++;
    }
  };
  return { figures, restore: () => (applier.applyPage = applyPage) };
}
