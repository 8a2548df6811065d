import { displayCountOf, displayProblem, type DisplayCount, type DisplayPolicy } from '../../shared/domain/display-policy';
import { AppFailure } from '../common/app-failure';
import type { Logger } from '../logging/logger-types';
import type { ConnectedDisplayProbe } from './connected-displays';
import { CHECK_INTERVAL_MS, realTimers, type WatchedSitting, type WatchTimers } from './kiosk-watch';

/** What the display watch records; a display connected is the shell's own 'display_added'. */
export type DisplayWatchDetails = Record<string, string | number | boolean>;
export type DisplayWatchKind = 'display_policy_broken' | 'display_mirrored';

export interface DisplayWatchDeps {
  /** This kiosk's open or paused sitting (SittingService.openSitting). */
  sitting(): WatchedSitting | null;
  /** Records the event on the sitting's interview, as the kiosk watch does; throws AppFailure when the interview takes no more. */
  record(target: { candidateId: string; interviewId: string }, kind: DisplayWatchKind, details: DisplayWatchDetails): void;
  /** Locks this kiosk's sitting until a proctor's PIN (SittingService.violation). */
  lock(kind: DisplayWatchKind): void;
  /** The monitors the graphics hardware drives (connected-displays.ts); absent where nothing can tell. */
  connected?: ConnectedDisplayProbe;
  timers?: WatchTimers;
  /** How often the monitors are counted during a sitting. */
  intervalMs?: number;
  /** The details of the interview's newest display event (display_added or display_policy_broken), or null. */
  lastNoted(interviewId: string): Readonly<Record<string, unknown>> | null;
  /** Read at every report, so a change of IT's settings or the device's mode applies at once. */
  policy(): DisplayPolicy & { watching: boolean };
  logger: Logger;
}

/**
 * IT's display policy watched live during a sitting (issue 17): each time
 * the shell reports the displays (it does when one comes or goes), displays
 * that now break the policy lock the sitting and are recorded on its
 * interview with how they stand, e.g. a laptop's lid closed with an
 * external display left on. Only a change is judged: the same displays
 * reported again (to a core started again) do not lock a sitting the
 * proctor resumed with them. A display connected while a candidate is
 * signed in is already noted by the shell ('display_added', with the same
 * counts), so the watch records nothing when the interview's newest display
 * event found these displays; it still locks, which a display_added has
 * done already (a locked sitting stays as it is).
 */
export class DisplayWatch {
  private last: DisplayCount | null = null;
  /**
   * The mirrored state last acted on in this sitting ("monitors/displays"),
   * so it locks once, and again only if it changes; and the interview it
   * was recorded on, so one found before the interview began is recorded
   * on it once it does.
   */
  private mirrored: { sittingId: string; state: string; recordedOn: string | null } | null = null;
  private cancelTimer: (() => void) | null = null;
  private readingFailed = false;

  constructor(private readonly deps: DisplayWatchDeps) {}

  /**
   * Counts the monitors every interval while a sitting is open: the shell
   * hears of a display connected, but a display set to mirror (duplicate)
   * the kiosk's screen is no new display to it.
   */
  start(): void {
    if (!this.deps.connected || this.cancelTimer) return;
    const timers = this.deps.timers ?? realTimers;
    const next = () => {
      this.cancelTimer = timers.after(this.deps.intervalMs ?? CHECK_INTERVAL_MS, () => void this.checkMirroring().finally(next));
    };
    next();
  }

  stop(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  /**
   * More monitors driven than displays the shell reported: one of them
   * mirrors another, so the interview is on a screen the kiosk does not
   * show it on. Locks the sitting and is recorded on its interview, with
   * the counts and the connectors read; once per state. Never rejects.
   */
  async checkMirroring(): Promise<void> {
    try {
      const shown = this.last;
      const sitting = this.deps.policy().watching ? this.deps.sitting() : null;
      if (!sitting || !shown || !this.deps.connected) return;
      const read = await this.deps.connected.read();
      this.readingFailed = false;
      if (!read) return;
      const state = read.connected > shown.displays ? `${read.connected}/${shown.displays}` : null;
      const details: DisplayWatchDetails = {
        monitors: read.connected,
        displays: shown.displays,
        source: read.source,
        ...(read.names.length > 0 ? { connectors: read.names.join(', ') } : {}),
      };
      const known = this.mirrored;
      if (known?.sittingId === sitting.id && known.state === state) {
        // Unchanged, and locked already; found before the interview began, it goes on the interview now.
        if (state && sitting.interviewId && known.recordedOn !== sitting.interviewId) {
          known.recordedOn = sitting.interviewId;
          this.recordOn(sitting, sitting.interviewId, 'display_mirrored', details);
        }
        return;
      }
      this.mirrored = state ? { sittingId: sitting.id, state, recordedOn: sitting.interviewId } : null;
      if (!state) return;
      this.deps.logger.warn('a display mirrors the kiosk’s screen: the sitting is locked', { sittingId: sitting.id, ...details });
      this.deps.lock('display_mirrored');
      if (sitting.interviewId) this.recordOn(sitting, sitting.interviewId, 'display_mirrored', details);
    } catch (error) {
      // Logged once until a reading works again: the watch is every 10 s.
      if (!this.readingFailed) this.deps.logger.warn('the connected monitors could not be counted', { error });
      this.readingFailed = true;
    }
  }

  reported(count: DisplayCount): void {
    const previous = this.last;
    this.last = { displays: count.displays, builtInDisplays: count.builtInDisplays };
    if (previous && sameDisplays(previous, count)) return;
    try {
      this.judge(count);
    } catch (error) {
      this.deps.logger.error('the display policy could not be checked', { error });
    }
  }

  private judge(count: DisplayCount): void {
    const policy = this.deps.policy();
    if (!policy.watching) return;
    const problem = displayProblem(count, policy);
    if (!problem) return;
    const sitting = this.deps.sitting();
    if (!sitting) return;
    const details: DisplayWatchDetails = {
      displays: count.displays,
      builtInDisplays: count.builtInDisplays,
      builtInDisplayOnly: policy.builtInDisplayOnly,
      ...(policy.maxDisplays === null ? {} : { maxDisplays: policy.maxDisplays }),
    };
    this.deps.logger.warn('the displays break IT’s display policy: the sitting is locked', { sittingId: sitting.id, rule: problem.rule, ...details });
    this.deps.lock('display_policy_broken');
    const interviewId = sitting.interviewId;
    if (!interviewId) return;
    const noted = displayCountOf(this.deps.lastNoted(interviewId));
    if (noted && sameDisplays(noted, count)) return;
    this.recordOn(sitting, interviewId, 'display_policy_broken', details);
  }

  private recordOn(sitting: WatchedSitting, interviewId: string, kind: DisplayWatchKind, details: DisplayWatchDetails): void {
    try {
      this.deps.record({ candidateId: sitting.candidateId, interviewId }, kind, details);
    } catch (error) {
      // Over, or over its limits: the lock and the proctor's note say what happened.
      if (!(error instanceof AppFailure)) throw error;
      this.deps.logger.info('display watch: not recorded on the interview', { interviewId, code: error.code });
    }
  }
}

function sameDisplays(a: DisplayCount, b: DisplayCount): boolean {
  return a.displays === b.displays && a.builtInDisplays === b.builtInDisplays;
}
