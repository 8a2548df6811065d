import { monitorEventLoopDelay } from 'node:perf_hooks';
import { percentile } from '../stats';

/** Shorter stalls are not kept for naming: a frame's worth of work is not news. */
export const STALL_NOTED_MS = 20;
export const PROBE_EVERY_MS = 20;
const TIMER_EVERY_MS = 10;

export const hrMs = () => Number(process.hrtime.bigint()) / 1e6;

export interface Stall {
  /** hrtime, ms: the previous tick and the late one; what blocked the loop ran in between. */
  from: number;
  to: number;
  lateMs: number;
}

export interface LoopFigures {
  seconds: number;
  loopP99: number;
  loopMax: number;
  timerLateMax: number;
  timerLateP99: number;
  /** Each probe's round trip, from when a renderer would have sent it. */
  ipc: number[];
  stalls: Stall[];
}

/**
 * The clocks on one event loop: V8's event-loop delay histogram, a 10 ms
 * timer's lateness, and (given a probe) a cheap call a renderer sends every
 * 20 ms, timed from when the renderer sent it: a renderer keeps sending
 * while the loop is stuck.
 */
export class LoopWatch {
  private readonly histogram = monitorEventLoopDelay({ resolution: 1 });
  private timer: NodeJS.Timeout | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  private readonly lateness: number[] = [];
  private readonly stalls: Stall[] = [];
  private readonly probeDelays: number[] = [];
  private readonly probesInFlight = new Set<Promise<void>>();
  private startedAt = 0;

  constructor(private readonly probe?: () => Promise<void>) {}

  start(): void {
    this.startedAt = performance.now();
    this.histogram.reset();
    this.histogram.enable();
    let previous = hrMs();
    this.timer = setInterval(() => {
      const now = hrMs();
      const late = Math.max(0, now - previous - TIMER_EVERY_MS);
      this.lateness.push(late);
      if (late >= STALL_NOTED_MS) this.stalls.push({ from: previous, to: now, lateMs: late });
      previous = now;
    }, TIMER_EVERY_MS);
    const probe = this.probe;
    if (!probe) return;
    let sent = 0;
    const origin = performance.now();
    this.probeTimer = setInterval(() => {
      // Every call a renderer would have sent by now, each timed from its own send time.
      const due = Math.floor((performance.now() - origin) / PROBE_EVERY_MS);
      for (; sent < due; sent++) {
        const sentAt = origin + (sent + 1) * PROBE_EVERY_MS;
        const call = probe().then(() => void this.probeDelays.push(performance.now() - sentAt));
        this.probesInFlight.add(call);
        void call.finally(() => this.probesInFlight.delete(call));
      }
    }, PROBE_EVERY_MS);
  }

  async stop(): Promise<LoopFigures> {
    if (this.timer) clearInterval(this.timer);
    if (this.probeTimer) clearInterval(this.probeTimer);
    this.histogram.disable();
    await Promise.all(this.probesInFlight);
    return {
      seconds: (performance.now() - this.startedAt) / 1000,
      // The histogram's delay counts from the 1 ms the timer asked for: the same "late by" as the interval timer's.
      loopP99: this.histogram.percentile(99) / 1e6,
      loopMax: this.histogram.max / 1e6,
      timerLateMax: Math.max(0, ...this.lateness),
      timerLateP99: this.lateness.length > 0 ? percentile(this.lateness, 99) : 0,
      ipc: this.probeDelays,
      stalls: this.stalls,
    };
  }
}
