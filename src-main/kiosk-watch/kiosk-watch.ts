import type { IntegrityEventKind } from '../../shared/domain/interview';
import { prohibitedProcessCategoryLabels, type ProhibitedProcess } from '../../shared/domain/settings';
import { AppFailure } from '../common/app-failure';
import type { Logger } from '../logging/logger-types';
import type { MachineFinding, MachineProbe } from './machine-probe';
import type { ProcessLister } from './process-lister';
import { findProhibited, LOCKING_CATEGORIES } from './prohibited-processes';

/** The integrity events the kiosk watch records. */
export type KioskWatchEventKind = Extract<IntegrityEventKind, 'prohibited_process' | 'virtual_machine' | 'remote_session'>;
export type KioskWatchDetails = Record<string, string | number | boolean>;

/** This kiosk's sitting while it is open or paused: whose it is, and their interview once it has started. */
export interface WatchedSitting {
  id: string;
  candidateId: string;
  interviewId: string | null;
}

/** Read at every check, so a change of IT's settings or the device's mode applies at once. */
export interface WatchPolicy {
  /** False where nothing is watched: a recruiter laptop. */
  watching: boolean;
  prohibited: readonly ProhibitedProcess[];
  allowVirtualMachine: boolean;
  allowRemoteSession: boolean;
}

/** One-shot timers, so tests can run the watch's rounds by hand. */
export interface WatchTimers {
  /** Calls `run` once after `ms`; returns what cancels it. */
  after(ms: number, run: () => void): () => void;
}

/** Node's timers, unref'd: the watch never keeps a process alive. */
export const realTimers: WatchTimers = {
  after(ms, run) {
    const timer = setTimeout(run, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

export interface KioskWatchDeps {
  processes: ProcessLister;
  machine: MachineProbe;
  /** This kiosk's open or paused sitting (SittingService.openSitting). */
  sitting(): WatchedSitting | null;
  /**
   * Records the event on the sitting's interview (the integrity recorder,
   * its limits included). Throws AppFailure when the interview takes no
   * more now (over, or over its limits): the watch tries again at its next
   * check.
   */
  record(target: { candidateId: string; interviewId: string }, kind: KioskWatchEventKind, details: KioskWatchDetails): void;
  /** Locks this kiosk's sitting until a proctor's PIN (SittingService.violation). */
  lock(kind: 'prohibited_process'): void;
  policy(): WatchPolicy;
  logger: Logger;
  timers?: WatchTimers;
  /** How often the process list is read during a sitting. */
  intervalMs?: number;
  /** How often the watch looks whether a sitting opened or its interview started, which it checks at once. */
  noticeMs?: number;
  /** A clock that only goes forward, for the interval. */
  monotonicMs?: () => number;
  /** This app's own executables (Electron's, or Node's under the browser host): never prohibited. */
  ownNames?: readonly string[];
}

export const CHECK_INTERVAL_MS = 10_000;
export const NOTICE_INTERVAL_MS = 1_000;

/** Interviews whose recorded sightings are remembered; an interview carried on into a later sitting is among the recent ones. */
const REMEMBERED_INTERVIEWS = 100;

/** What one sitting's watch has found so far. */
interface SittingWatch {
  sittingId: string;
  /** The interview the last check saw; a new one is checked at once. */
  interviewId: string | null;
  /** When the process list was last read (monotonicMs); null before the first time. */
  listedAt: number | null;
  /** Locking programs running at the last successful read: one still running does not lock again. */
  running: Set<string>;
  /** Everything seen in this sitting, by key, to record on its interview (seen before the interview started included). */
  sightings: Map<string, { kind: KioskWatchEventKind; details: KioskWatchDetails }>;
  /** The machine checks already made (or under way) in this sitting: once each. */
  probed: Set<MachineFinding['kind']>;
}

/**
 * The kiosk's own watch during a proctored sitting (issue 17, point 3):
 *
 * - the running programs, when the sitting opens, when its interview
 *   starts and every 10 s after, against IT's list of prohibited programs
 *   (prohibited-processes.ts). Each program is recorded once per interview
 *   ('prohibited_process', with its name, the name it ran as and its
 *   category), however often it is seen, closed and opened again. A program
 *   of a locking category locks the sitting when it appears: at the first
 *   check that finds it, and again if it is closed and comes back, but not
 *   at every check while it keeps running, so a proctor who resumes with it
 *   still open (saying why in the note) is not locked out again;
 * - once per sitting, whether the kiosk is a virtual machine or used through
 *   a remote session (machine-probe.ts): recorded with what was read, never
 *   locking, and not even looked at where IT allows it.
 *
 * What is seen before the candidate's interview starts is recorded on it
 * when it does. A process list that cannot be read is logged and recorded
 * as nothing; no failure here stops the app.
 */
export class KioskWatch {
  private readonly timers: WatchTimers;
  private readonly intervalMs: number;
  private readonly noticeMs: number;
  private readonly monotonicMs: () => number;
  private readonly ownNames: readonly string[];
  private stopped = true;
  private cancelTimer: (() => void) | null = null;
  private inFlight: Promise<void> | null = null;
  private current: SittingWatch | null = null;
  /** Sighting keys recorded, by interview. */
  private readonly recorded = new Map<string, Set<string>>();
  private listingFailing = false;

  constructor(private readonly deps: KioskWatchDeps) {
    this.timers = deps.timers ?? realTimers;
    this.intervalMs = deps.intervalMs ?? CHECK_INTERVAL_MS;
    this.noticeMs = deps.noticeMs ?? NOTICE_INTERVAL_MS;
    this.monotonicMs = deps.monotonicMs ?? (() => performance.now());
    this.ownNames = deps.ownNames ?? [process.execPath, process.argv0];
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule();
  }

  /** Stops looking; a check under way records nothing more. */
  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.current = null;
  }

  /** One round: looks at the sitting, and checks it if it is new, its interview is, or the interval has passed. Never rejects. */
  check(): Promise<void> {
    this.inFlight ??= this.round().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.cancelTimer = this.timers.after(this.noticeMs, () => {
      this.cancelTimer = null;
      void this.check().then(() => this.schedule());
    });
  }

  private async round(): Promise<void> {
    try {
      if (this.stopped) return;
      const policy = this.deps.policy();
      const sitting = policy.watching ? this.deps.sitting() : null;
      if (!sitting) {
        this.current = null;
        return;
      }
      if (this.current?.sittingId !== sitting.id) {
        this.current = { sittingId: sitting.id, interviewId: null, listedAt: null, running: new Set(), sightings: new Map(), probed: new Set() };
      }
      const watch = this.current;
      const now = this.monotonicMs();
      const due = watch.listedAt === null || watch.interviewId !== sitting.interviewId || now - watch.listedAt >= this.intervalMs;
      if (!due) return;
      watch.listedAt = now;
      watch.interviewId = sitting.interviewId;
      await Promise.all([this.checkPrograms(watch, policy), this.checkMachine(watch, policy)]);
      const fresh = this.stillWatched(watch);
      if (fresh) this.recordSightings(fresh, watch, this.deps.policy());
    } catch (error) {
      this.deps.logger.error('the kiosk watch failed a check', { error });
    }
  }

  /** The sitting as it is now, if the watch is still on it (not stopped, not ended or replaced while the check ran). */
  private stillWatched(watch: SittingWatch): WatchedSitting | null {
    if (this.stopped || this.current !== watch) return null;
    const sitting = this.deps.sitting();
    return sitting?.id === watch.sittingId ? sitting : null;
  }

  private async checkPrograms(watch: SittingWatch, policy: WatchPolicy): Promise<void> {
    let names: string[];
    try {
      names = await this.deps.processes.listProcessNames();
    } catch (error) {
      // Said once, not every 10 s; said again when the list can be read again.
      if (!this.listingFailing) this.deps.logger.warn('could not check the running programs: none is recorded until the list can be read', { error });
      this.listingFailing = true;
      return;
    }
    if (this.listingFailing) this.deps.logger.info('the running programs can be checked again');
    this.listingFailing = false;
    if (!this.stillWatched(watch)) return;

    const matches = findProhibited(names, policy.prohibited, this.ownNames);
    const running = new Set<string>();
    for (const { entry, key, running: runningAs } of matches) {
      const sightingKey = `program:${key}`;
      if (!watch.sightings.has(sightingKey)) {
        watch.sightings.set(sightingKey, { kind: 'prohibited_process', details: { name: entry.name, process: runningAs, category: entry.category } });
      }
      if (!LOCKING_CATEGORIES.has(entry.category)) continue;
      running.add(key);
      if (watch.running.has(key)) continue;
      const fields = { sittingId: watch.sittingId, name: entry.name, process: runningAs, category: prohibitedProcessCategoryLabels[entry.category] };
      this.deps.logger.warn('a prohibited program is running: the sitting is locked', fields);
      try {
        this.deps.lock('prohibited_process');
      } catch (error) {
        this.deps.logger.error('the sitting could not be locked', { ...fields, error });
      }
    }
    watch.running = running;
  }

  private async checkMachine(watch: SittingWatch, policy: WatchPolicy): Promise<void> {
    const probes: Array<Promise<MachineFinding | null>> = [];
    const probe = (kind: MachineFinding['kind'], allowed: boolean, look: () => Promise<MachineFinding | null>) => {
      if (allowed || watch.probed.has(kind)) return;
      watch.probed.add(kind);
      probes.push(
        look().catch((error: unknown) => {
          this.deps.logger.warn('could not check the kiosk', { check: kind, error });
          return null;
        }),
      );
    };
    probe('virtual_machine', policy.allowVirtualMachine, () => this.deps.machine.virtualMachine());
    probe('remote_session', policy.allowRemoteSession, () => this.deps.machine.remoteSession());
    for (const finding of await Promise.all(probes)) {
      if (!finding) continue;
      this.deps.logger.warn(finding.kind === 'virtual_machine' ? 'the kiosk runs in a virtual machine' : 'the kiosk is used through a remote session', {
        sittingId: watch.sittingId,
        ...finding.details,
      });
      watch.sightings.set(finding.kind, { kind: finding.kind, details: finding.details });
    }
  }

  /** Each sighting once on the sitting's interview; none before it has one (they wait for it). */
  private recordSightings(sitting: WatchedSitting, watch: SittingWatch, policy: WatchPolicy): void {
    const interviewId = sitting.interviewId;
    if (!interviewId) return;
    const done = this.recordedOn(interviewId);
    for (const [key, { kind, details }] of watch.sightings) {
      if (done.has(key)) continue;
      if ((kind === 'virtual_machine' && policy.allowVirtualMachine) || (kind === 'remote_session' && policy.allowRemoteSession)) continue;
      try {
        this.deps.record({ candidateId: sitting.candidateId, interviewId }, kind, details);
        done.add(key);
        this.deps.logger.info('kiosk watch: recorded on the interview', { interviewId, kind, ...details });
      } catch (error) {
        // Over, or over its limits for now: tried again at the next check.
        if (error instanceof AppFailure) this.deps.logger.debug('kiosk watch: not recorded now', { interviewId, kind, code: error.code });
        else this.deps.logger.error('kiosk watch: could not record on the interview', { interviewId, kind, error });
      }
    }
  }

  private recordedOn(interviewId: string): Set<string> {
    let done = this.recorded.get(interviewId);
    if (!done) {
      this.recorded.set(interviewId, (done = new Set()));
      if (this.recorded.size > REMEMBERED_INTERVIEWS) this.recorded.delete(this.recorded.keys().next().value!);
    }
    return done;
  }
}
