import { describe, expect, it } from 'vitest';
import type { DisplayPolicy } from '../../../shared/domain/display-policy';
import { AppFailure } from '../../../src-main/common/app-failure';
import type { ConnectedDisplays } from '../../../src-main/kiosk-watch/connected-displays';
import { DisplayWatch, type DisplayWatchDetails } from '../../../src-main/kiosk-watch/display-watch';
import type { WatchedSitting } from '../../../src-main/kiosk-watch/kiosk-watch';
import { createLogger } from '../../../src-main/logging/logger';

const SITTING: WatchedSitting = { id: 'sitting-1', candidateId: 'candidate-1', interviewId: 'interview-1' };
const BUILT_IN_ONLY: DisplayPolicy = { maxDisplays: 1, builtInDisplayOnly: true };

/** The watch against fakes of the sitting, the interview's events and the lock, as the composition root wires the real ones. */
function watched(options: { sitting?: WatchedSitting | null; policy?: DisplayPolicy; watching?: boolean; monitors?: () => Promise<ConnectedDisplays | null> } = {}) {
  const recorded: { interviewId: string; kind: string; details: DisplayWatchDetails }[] = [];
  const locks: string[] = [];
  const logLines: string[] = [];
  const sitting = options.sitting === undefined ? SITTING : options.sitting;
  let refuse: Error | null = null;
  const noted = new Map<string, Record<string, unknown>>();
  const watch = new DisplayWatch({
    sitting: () => sitting,
    record: ({ interviewId }, kind, details) => {
      if (refuse) throw refuse;
      recorded.push({ interviewId, kind, details });
      noted.set(interviewId, details);
    },
    lock: (kind) => locks.push(kind),
    lastNoted: (interviewId) => noted.get(interviewId) ?? null,
    policy: () => ({ watching: options.watching ?? true, ...(options.policy ?? BUILT_IN_ONLY) }),
    logger: createLogger({ sink: (line) => logLines.push(line) }),
    ...(options.monitors ? { connected: { read: options.monitors } } : {}),
  });
  return {
    watch,
    recorded,
    locks,
    logLines,
    /** The shell's own display_added for a display connected while the candidate was signed in. */
    displayAdded: (details: Record<string, unknown>) => noted.set(SITTING.interviewId!, details),
    refuseRecording: (failure: Error | null) => (refuse = failure),
  };
}

describe('the display policy, watched during a sitting', () => {
  it('locks and records when the built-in display is closed with an external one left on, with the counts as evidence', () => {
    const w = watched();
    w.watch.reported({ displays: 1, builtInDisplays: 1 });
    expect(w.locks).toEqual([]);
    w.watch.reported({ displays: 1, builtInDisplays: 0 });
    expect(w.locks).toEqual(['display_policy_broken']);
    expect(w.recorded).toEqual([{ interviewId: 'interview-1', kind: 'display_policy_broken', details: { displays: 1, builtInDisplays: 0, builtInDisplayOnly: true, maxDisplays: 1 } }]);
    expect(w.logLines.some((line) => line.includes('the displays break IT’s display policy'))).toBe(true);
  });

  it('judges only a change: the same displays reported again (to a core started again) do not lock a resumed sitting', () => {
    const w = watched();
    w.watch.reported({ displays: 1, builtInDisplays: 0 });
    w.watch.reported({ displays: 1, builtInDisplays: 0 });
    expect(w.locks).toHaveLength(1);
    expect(w.recorded).toHaveLength(1);
  });

  it('records nothing more for a display connected that the shell noted already (display_added, same counts), but still locks', () => {
    const w = watched();
    w.watch.reported({ displays: 1, builtInDisplays: 1 });
    w.displayAdded({ displays: 2, builtInDisplays: 1, internal: false, width: 1920, height: 1080, label: 'DELL' });
    w.watch.reported({ displays: 2, builtInDisplays: 1 });
    expect(w.recorded).toEqual([]);
    expect(w.locks).toEqual(['display_policy_broken']);
    // The lid closed afterwards is a change of its own.
    w.watch.reported({ displays: 1, builtInDisplays: 0 });
    expect(w.recorded.map((entry) => entry.details['builtInDisplays'])).toEqual([0]);
  });

  it('follows IT’s limit on the number of displays when the built-in rule is off', () => {
    const w = watched({ policy: { maxDisplays: 2, builtInDisplayOnly: false } });
    w.watch.reported({ displays: 2, builtInDisplays: 0 });
    expect(w.locks).toEqual([]);
    w.watch.reported({ displays: 3, builtInDisplays: 0 });
    expect(w.recorded).toEqual([{ interviewId: 'interview-1', kind: 'display_policy_broken', details: { displays: 3, builtInDisplays: 0, builtInDisplayOnly: false, maxDisplays: 2 } }]);
  });

  it('does nothing without a sitting, on a recruiter laptop, or with displays that keep to the policy', () => {
    const none = watched({ sitting: null });
    none.watch.reported({ displays: 2, builtInDisplays: 1 });
    const laptop = watched({ watching: false });
    laptop.watch.reported({ displays: 2, builtInDisplays: 1 });
    const fine = watched();
    fine.watch.reported({ displays: 1, builtInDisplays: 1 });
    // No display at all is the self-check's warning, not someone reading along.
    fine.watch.reported({ displays: 0, builtInDisplays: 0 });
    for (const w of [none, laptop, fine]) expect([w.locks, w.recorded]).toEqual([[], []]);
  });

  it('locks a sitting whose interview has not started, with nothing to record on', () => {
    const w = watched({ sitting: { ...SITTING, interviewId: null } });
    w.watch.reported({ displays: 2, builtInDisplays: 1 });
    expect(w.locks).toEqual(['display_policy_broken']);
    expect(w.recorded).toEqual([]);
  });

  it('still locks when the interview takes no more events, and never throws at the shell', () => {
    const w = watched();
    w.refuseRecording(new AppFailure('rate_limited', 'Too many integrity events.'));
    w.watch.reported({ displays: 2, builtInDisplays: 1 });
    expect(w.locks).toEqual(['display_policy_broken']);
    const broken = watched();
    broken.refuseRecording(new Error('database closed'));
    expect(() => broken.watch.reported({ displays: 2, builtInDisplays: 1 })).not.toThrow();
    expect(broken.logLines.some((line) => line.includes('the display policy could not be checked'))).toBe(true);
  });
});

describe('a display mirroring the kiosk’s screen', () => {
  const monitors = (connected: number) => async (): Promise<ConnectedDisplays> => ({ connected, names: ['eDP-1', 'HDMI-A-1'].slice(0, connected), source: '/sys/class/drm' });

  it('locks and records when the hardware drives more monitors than the displays the shell shows, once per state', async () => {
    let count = 1;
    const w = watched({ policy: { maxDisplays: 1, builtInDisplayOnly: false }, monitors: async () => monitors(count)() });
    w.watch.reported({ displays: 1, builtInDisplays: 1 });
    await w.watch.checkMirroring();
    expect(w.locks).toEqual([]);

    count = 2;
    await w.watch.checkMirroring();
    expect(w.locks).toEqual(['display_mirrored']);
    expect(w.recorded).toEqual([
      { interviewId: 'interview-1', kind: 'display_mirrored', details: { monitors: 2, displays: 1, source: '/sys/class/drm', connectors: 'eDP-1, HDMI-A-1' } },
    ]);
    // Still mirrored at the next checks: the proctor who resumed is not locked out again.
    await w.watch.checkMirroring();
    await w.watch.checkMirroring();
    expect(w.locks).toHaveLength(1);
    // Unplugged, then mirrored again: a new lock and a new record.
    count = 1;
    await w.watch.checkMirroring();
    count = 2;
    await w.watch.checkMirroring();
    expect(w.locks).toEqual(['display_mirrored', 'display_mirrored']);
    expect(w.recorded).toHaveLength(2);
  });

  it('records a mirrored display found before the interview began on the interview once it starts, without locking again', async () => {
    const sitting: WatchedSitting = { ...SITTING, interviewId: null };
    const w = watched({ sitting, policy: { maxDisplays: 1, builtInDisplayOnly: false }, monitors: monitors(2) });
    w.watch.reported({ displays: 1, builtInDisplays: 1 });
    await w.watch.checkMirroring();
    expect(w.locks).toEqual(['display_mirrored']);
    expect(w.recorded).toEqual([]);
    // The proctor resumed with it explained, and the candidate started: it goes on the interview, once.
    sitting.interviewId = 'interview-1';
    await w.watch.checkMirroring();
    await w.watch.checkMirroring();
    expect(w.locks).toEqual(['display_mirrored']);
    expect(w.recorded).toEqual([{ interviewId: 'interview-1', kind: 'display_mirrored', details: { monitors: 2, displays: 1, source: '/sys/class/drm', connectors: 'eDP-1, HDMI-A-1' } }]);
  });

  it('does nothing outside a sitting, on a recruiter laptop, before the shell has reported, or where the OS cannot tell', async () => {
    for (const options of [{ sitting: null }, { watching: false }, {}]) {
      const w = watched({ ...options, monitors: monitors(2) });
      if (!('watching' in options) && !('sitting' in options)) {
        // No shell report yet (the browser host has none): nothing to compare with.
        await w.watch.checkMirroring();
        expect(w.locks).toEqual([]);
        continue;
      }
      w.watch.reported({ displays: 1, builtInDisplays: 1 });
      await w.watch.checkMirroring();
      expect(w.locks).toEqual([]);
    }
    const unknown = watched({ monitors: async () => null });
    unknown.watch.reported({ displays: 1, builtInDisplays: 1 });
    await unknown.watch.checkMirroring();
    expect(unknown.locks).toEqual([]);
  });

  it('logs a failed count once, and carries on when the count works again', async () => {
    let fail = true;
    const w = watched({ policy: { maxDisplays: 2, builtInDisplayOnly: false }, monitors: async () => (fail ? Promise.reject(new Error('system_profiler could not be run')) : monitors(2)()) });
    w.watch.reported({ displays: 1, builtInDisplays: 1 });
    await w.watch.checkMirroring();
    await w.watch.checkMirroring();
    expect(w.logLines.filter((line) => line.includes('the connected monitors could not be counted'))).toHaveLength(1);
    fail = false;
    await w.watch.checkMirroring();
    expect(w.locks).toEqual(['display_mirrored']);
  });

  it('counts the monitors on its timer while started, and not after it stops', async () => {
    const runs: (() => void)[] = [];
    let reads = 0;
    const watch = new DisplayWatch({
      sitting: () => SITTING,
      record: () => {},
      lock: () => {},
      lastNoted: () => null,
      policy: () => ({ watching: true, maxDisplays: 1, builtInDisplayOnly: false }),
      logger: createLogger({ sink: () => {} }),
      connected: { read: async () => ((reads += 1), null) },
      timers: { after: (_ms, run) => (runs.push(run), () => {}) },
    });
    watch.reported({ displays: 1, builtInDisplays: 1 });
    watch.start();
    runs.shift()!();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(reads).toBe(1);
    expect(runs).toHaveLength(1);
    watch.stop();
  });
});

