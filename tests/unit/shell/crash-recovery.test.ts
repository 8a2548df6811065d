import type { App as ElectronApp, WebContents } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { logChildProcessCrashes, recoverFromCrashes, UNRESPONSIVE_GRACE_MS } from '../../../src-main/shell/crash-recovery';
import type { RecordScreenEvent } from '../../../src-main/ipc/core-client';
import { app, electronStandIn, StandInWebContents } from '../../fixtures/electron/index';
import { memoryLogger } from './support';

/** Fix 7: the window's side. The interview's side is tests/integration/interview/screen-events.test.ts. */
describe('a crashed or frozen screen', () => {
  let contents: StandInWebContents;
  let recorded: Array<Parameters<RecordScreenEvent>>;
  let log: ReturnType<typeof memoryLogger>;
  let clock: number;

  beforeEach(() => {
    electronStandIn.reset();
    app.becomeReady();
    contents = new StandInWebContents({});
    recorded = [];
    log = memoryLogger();
    clock = 0;
    recoverFromCrashes(contents as unknown as WebContents, { recordScreenEvent: (...args) => recorded.push(args), logger: log.logger, now: () => clock });
  });
  afterEach(() => {
    vi.useRealTimers();
    electronStandIn.dispose();
  });

  it('is reloaded when its renderer process dies, and the crash is noted', () => {
    contents.crash({ reason: 'crashed', exitCode: 139 });
    expect(contents.records.reloads).toBe(1);
    expect(recorded).toEqual([[String(contents.id), 'screen_crashed', { reason: 'crashed', exitCode: 139 }]]);
    expect(log.messages()).toContain('the screen crashed');
  });

  it('is reloaded after any unexpected end: killed, out of memory, failed launch', () => {
    for (const reason of ['killed', 'oom', 'launch-failed'] as const) contents.crash({ reason, exitCode: 1 });
    expect(contents.records.reloads).toBe(3);
  });

  it('is left alone when its process exits cleanly', () => {
    contents.crash({ reason: 'clean-exit', exitCode: 0 });
    expect(contents.records.reloads).toBe(0);
    expect(recorded).toEqual([]);
  });

  it('stops reloading a page that keeps crashing, and says so', () => {
    for (let i = 0; i < 5; i++) contents.crash();
    expect(contents.records.reloads).toBe(3);
    expect(log.messages()).toContain('the screen keeps failing; not reloading it again');
    clock += 6 * 60_000;
    contents.crash();
    expect(contents.records.reloads).toBe(4);
  });

  it('is given a few seconds when it stops responding, then ended and reloaded in a new process', () => {
    vi.useFakeTimers();
    contents.hang();
    vi.advanceTimersByTime(UNRESPONSIVE_GRACE_MS - 1);
    expect(contents.records.reloads).toBe(0);
    vi.advanceTimersByTime(1);
    expect(contents.isCrashed()).toBe(false);
    expect(contents.records.reloads).toBe(1);
    expect(recorded).toEqual([[String(contents.id), 'screen_unresponsive', { waitedMs: UNRESPONSIVE_GRACE_MS }]]);
  });

  it('is not reloaded, nor noted as crashed, again when the process it ended reports its end', async () => {
    vi.useFakeTimers();
    contents.hang();
    vi.advanceTimersByTime(UNRESPONSIVE_GRACE_MS);
    // forcefullyCrashRenderer's 'render-process-gone' (reason killed) arrives on a later turn.
    await vi.runAllTimersAsync();
    expect(contents.records.reloads).toBe(1);
    expect(recorded.map(([, kind]) => kind)).toEqual(['screen_unresponsive']);
  });

  it('is left alone when it recovers within the grace', () => {
    vi.useFakeTimers();
    contents.hang();
    vi.advanceTimersByTime(UNRESPONSIVE_GRACE_MS / 2);
    contents.recover();
    vi.advanceTimersByTime(UNRESPONSIVE_GRACE_MS * 2);
    expect(contents.records.reloads).toBe(0);
    expect(recorded).toEqual([]);
  });

  it('is not touched once its window has closed', () => {
    vi.useFakeTimers();
    contents.hang();
    contents.destroy();
    vi.advanceTimersByTime(UNRESPONSIVE_GRACE_MS * 2);
    expect(recorded).toEqual([]);
  });

  it('logs helper processes that die', () => {
    logChildProcessCrashes(app as unknown as ElectronApp, log.logger);
    app.childProcessGone({ type: 'GPU', reason: 'crashed', exitCode: 11 });
    app.childProcessGone({ type: 'Utility', reason: 'clean-exit', exitCode: 0 });
    expect(log.messages().filter((message) => message === 'a helper process ended')).toHaveLength(1);
  });
});
