import type { RoleType } from '../../shared/domain/interview';
import type { Accommodation } from '../../shared/domain/proctoring';

/**
 * A proctored kiosk's say over interviews (src-main/proctoring implements
 * it): the interview layer asks, and never needs to know what a sitting is.
 */
export interface SittingGate {
  /**
   * Refuses (forbidden) a start this kiosk's sitting does not allow: none
   * open for the candidate where one is required, paused, or for another
   * role. Returns the sitting to link the interview to, or null when the
   * start needs none (a recruiter laptop, or IT turned sittings off).
   */
  admitStart(candidateId: string, roleType: RoleType): string | null;
  /** The interview started in this sitting. */
  started(sittingId: string, interviewId: string): void;
  /**
   * Refuses (forbidden) carrying on an interview where this kiosk requires
   * a sitting and none is open for the candidate (the proctor ended theirs,
   * or the interview began elsewhere): nobody answers unproctored here.
   */
  admitCarryOn(candidateId: string): void;
  /** The candidate carries on an interview they had (after a crash, or in a new sitting): this kiosk's sitting for them takes it on. */
  carriedOn(candidateId: string, interviewId: string): void;
  /** The interview waits on its proctor (paused or locked): its idle time does not count toward abandonment. */
  holds(interviewId: string): boolean;
  /** Time the interview's sitting has been paused, the pause still running included: the interview's clock does not count it. */
  pausedMs(interviewId: string): number;
  /** What this kiosk's sitting for the candidate granted, before any interview (the practice question); none without one. */
  grantedTo(candidateId: string): readonly Accommodation[];
  /** What the proctor granted the candidate for this interview (extra time, ...); none without a sitting. */
  accommodations(interviewId: string): readonly Accommodation[];
  /** The candidate submitted the interview: its sitting is over. */
  submitted(interviewId: string): void;
  /** Main saw something at the kiosk (an integrity event of its own): a serious one locks the sitting. */
  violation(kind: string): void;
  /** An integrity event was recorded on the interview: its sitting's proctor hears of it at once. */
  recorded(interviewId: string): void;
}

/** Where there are no sittings: every start is allowed and nothing is held. */
export const noSittings: SittingGate = {
  admitStart: () => null,
  started: () => {},
  admitCarryOn: () => {},
  carriedOn: () => {},
  holds: () => false,
  pausedMs: () => 0,
  grantedTo: () => [],
  accommodations: () => [],
  submitted: () => {},
  violation: () => {},
  recorded: () => {},
};
