import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../src-main/logging/logger';
import type { SyncRunOutcome } from '../../../src-main/sync/sync-run';
import { SyncScheduler } from '../../../src-main/sync/sync-scheduler';
import type { SyncActivity } from '../../../src-main/sync/sync-status-reporter';
import type { SyncStatus } from '../../../src-main/sync/sync-status';

const INTERVAL = 30_000;
const WATCH = 2_000;
const BACKOFF_BASE = 5_000;
const BACKOFF_MAX = 40_000;

/** A scheduler over a scripted run: each run takes `runMs` of (fake) time and ends as the script says. */
function makeScheduler(options: { outcomes?: SyncRunOutcome[]; runMs?: number } = {}) {
  const outcomes = [...(options.outcomes ?? [])];
  const runStarts: number[] = [];
  let outboxId = 0;
  const activity: SyncActivity = { state: 'idle', lastError: null, configured: true };
  const emits: number[] = [];
  const scheduler = new SyncScheduler({
    intervalMs: INTERVAL,
    watchMs: WATCH,
    backoffBaseMs: BACKOFF_BASE,
    backoffMaxMs: BACKOFF_MAX,
    run: async () => {
      runStarts.push(Date.now());
      if (options.runMs) await new Promise((resolve) => setTimeout(resolve, options.runMs));
      return outcomes.shift() ?? 'succeeded';
    },
    lastOutboxId: () => outboxId,
    reporter: {
      activity,
      safeStatus: () => ({ ...activity, lastSyncAt: null, pendingChanges: runStarts.length, pendingFiles: 0, rejected: 0, refusals: [], waiting: 0, waitingRows: [] }) satisfies SyncStatus,
      emit: () => void emits.push(Date.now()),
    },
    logger: createLogger({ sink: () => {} }),
  });
  return {
    scheduler,
    runStarts,
    emits,
    activity,
    writeLocally: () => void outboxId++,
    /** Times of the runs after `from`, relative to it. */
    since: (from: number) => runStarts.filter((at) => at >= from).map((at) => at - from),
  };
}

describe('SyncScheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs at start, then every interval', async () => {
    const { scheduler, runStarts } = makeScheduler();
    scheduler.start();
    await vi.advanceTimersByTimeAsync(2 * INTERVAL);
    expect(runStarts).toEqual([0, INTERVAL, 2 * INTERVAL]);
    await scheduler.stop();
  });

  it('backs off exponentially after failed runs, up to the maximum, and returns to the interval after a success', async () => {
    const { scheduler, runStarts } = makeScheduler({ outcomes: ['failed', 'failed', 'failed', 'failed', 'failed', 'succeeded'] });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(200_000);
    const gaps = runStarts.slice(1, 8).map((at, index) => at - runStarts[index]!);
    expect(gaps).toEqual([5_000, 10_000, 20_000, 40_000, 40_000, INTERVAL, INTERVAL]);
    await scheduler.stop();
  });

  it('does not count a run on an unconfigured device as a failure', async () => {
    const { scheduler, runStarts } = makeScheduler({ outcomes: ['not_configured', 'not_configured'] });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(runStarts).toEqual([0, INTERVAL]);
    await scheduler.stop();
  });

  it('answers a "sync now" during a run with one more run, and every caller gets the status after it', async () => {
    const { scheduler, runStarts } = makeScheduler({ runMs: 1_000 });
    scheduler.start();
    // Takes the place of the start's run rather than adding one.
    const first = scheduler.syncNow();
    expect(scheduler.busy).toBe(true);
    const second = scheduler.syncNow();
    const third = scheduler.syncNow();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(runStarts).toEqual([0, 1_000]);
    expect(await first).toMatchObject({ pendingChanges: 2 });
    expect(await second).toBe(await first);
    expect(await third).toBe(await first);
    expect(scheduler.busy).toBe(false);
    await scheduler.stop();
  });

  it('starts a run shortly after a local write, and reports the write at once', async () => {
    const { scheduler, runStarts, emits, writeLocally } = makeScheduler();
    scheduler.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runStarts).toEqual([0]);
    writeLocally();
    await vi.advanceTimersByTimeAsync(WATCH);
    // Seen at the next outbox look (12 s), reported then, and run one watch period later.
    expect(emits).toEqual([12_000]);
    await vi.advanceTimersByTimeAsync(WATCH);
    expect(runStarts).toEqual([0, 14_000]);
    await scheduler.stop();
  });

  it('lets a local write cut neither a backoff short nor start a run while sync is not configured', async () => {
    const failing = makeScheduler({ outcomes: ['failed'] });
    failing.scheduler.start();
    await vi.advanceTimersByTimeAsync(1_000);
    failing.writeLocally();
    await vi.advanceTimersByTimeAsync(BACKOFF_BASE - 1_001);
    expect(failing.since(1)).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(failing.since(1)).toEqual([BACKOFF_BASE - 1]);
    await failing.scheduler.stop();

    const idle = makeScheduler();
    idle.activity.configured = false;
    idle.scheduler.start();
    await vi.advanceTimersByTimeAsync(1_000);
    idle.writeLocally();
    await vi.advanceTimersByTimeAsync(3 * WATCH);
    // The one run is the start's; the write was reported but started nothing.
    expect(idle.runStarts).toHaveLength(1);
    expect(idle.emits).toHaveLength(1);
    await idle.scheduler.stop();
  });

  it('runs nothing more once stopped, and stop waits for the run under way', async () => {
    const { scheduler, runStarts } = makeScheduler({ runMs: 1_000 });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(10);
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(500);
    expect(stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(500);
    await stopping;
    scheduler.soon();
    await scheduler.syncNow();
    await vi.advanceTimersByTimeAsync(5 * INTERVAL);
    expect(runStarts).toEqual([0]);
  });
});
