import { displayCountOf, displayProblem, type DisplayCount, type DisplayPolicy } from '../../shared/domain/display-policy';
import { AppFailure } from '../common/app-failure';
import type { Logger } from '../logging/logger-types';
import type { WatchedSitting } from './kiosk-watch';

/** What the display watch records; a display connected is the shell's own 'display_added'. */
export type DisplayWatchDetails = Record<string, string | number | boolean>;

export interface DisplayWatchDeps {
  /** This kiosk's open or paused sitting (SittingService.openSitting). */
  sitting(): WatchedSitting | null;
  /** Records the event on the sitting's interview, as the kiosk watch does; throws AppFailure when the interview takes no more. */
  record(target: { candidateId: string; interviewId: string }, kind: 'display_policy_broken', details: DisplayWatchDetails): void;
  /** Locks this kiosk's sitting until a proctor's PIN (SittingService.violation). */
  lock(kind: 'display_policy_broken'): void;
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

  constructor(private readonly deps: DisplayWatchDeps) {}

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
    try {
      this.deps.record({ candidateId: sitting.candidateId, interviewId }, 'display_policy_broken', details);
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
