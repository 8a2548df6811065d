import type { IntegrityEventKind } from '../../shared/domain/interview';
import { AppFailure } from '../common/app-failure';
import type { InterviewRepository } from '../repositories/interview-repository';
import type { InterviewAccess } from './interview-access';
import type { IntegrityDetails, IntegrityRecorder } from './integrity-recorder';
import type { RuntimeRegistry } from './runtime-registry';
import type { SittingGate } from './sitting-gate';

/** Integrity events main records itself, from the window, rather than the page. */
export type ScreenEventKind = Extract<IntegrityEventKind, 'screen_crashed' | 'screen_unresponsive' | 'shortcut_attempted' | 'display_added'>;
export type ScreenEventDetails = Record<string, string | number | boolean>;

export interface IntegrityEventIntakeDeps {
  interviews: Pick<InterviewRepository, 'findUnfinishedForCandidate'>;
  access: Pick<InterviewAccess, 'ongoing' | 'abandonIfIdle'>;
  recorder: Pick<IntegrityRecorder, 'record'>;
  runtimes: Pick<RuntimeRegistry, 'loaded'>;
  /** A serious event locks the kiosk's sitting, interview or not; every event recorded is the sitting's proctor's to see. */
  sittings: Pick<SittingGate, 'violation' | 'recorded'>;
}

/**
 * Integrity signals as they arrive: from the page (focus lost, paste, ...)
 * on the interview it names, and from main's own watch of the window on
 * whatever interview the candidate has going on. Main's watch of the kiosk
 * during a sitting (src-main/kiosk-watch: prohibited programs, a virtual
 * machine, a remote session) names the sitting's interview, so it comes in
 * as the page's signals do, through recordIntegrityEvent, limits and all;
 * whether what it saw locks the sitting it decides itself (a program still
 * running is not a new violation at every check).
 */
export class IntegrityEventIntake {
  constructor(private readonly deps: IntegrityEventIntakeDeps) {}

  recordIntegrityEvent(candidateId: string, input: { interviewId: string; kind: IntegrityEventKind; details?: IntegrityDetails }): void {
    // Checked first: a signal arriving after 30 idle minutes finds the interview abandoned, and is refused with it.
    const interview = this.deps.access.ongoing(candidateId, input.interviewId);
    const { lastActivityAt } = this.deps.recorder.record(interview, input.kind, input.details);
    this.noteActivity(interview.id, lastActivityAt);
    this.deps.sittings.recorded(interview.id);
  }

  /**
   * What main itself saw at the candidate's screen (it crashed or hung, a
   * blocked shortcut was pressed), on their interview if one is going on.
   * Returns that interview's id, or null when there is none to note it on.
   */
  recordScreenEvent(candidateId: string, kind: ScreenEventKind, details?: ScreenEventDetails): string | null {
    this.deps.sittings.violation(kind);
    const found = this.deps.interviews.findUnfinishedForCandidate(candidateId);
    if (!found) return null;
    const interview = this.deps.access.abandonIfIdle(found);
    if (interview.status === 'abandoned') return null;
    let lastActivityAt: string | null;
    try {
      ({ lastActivityAt } = this.deps.recorder.record(interview, kind, details));
    } catch (error) {
      // Over the interview's limits (a shortcut key held down): what was recorded already tells the recruiter.
      if (error instanceof AppFailure) return null;
      throw error;
    }
    this.noteActivity(interview.id, lastActivityAt);
    this.deps.sittings.recorded(interview.id);
    return interview.id;
  }

  /** The recorder wrote the activity with the event; a loaded runtime's copy follows, so its next touch is not written too soon. */
  private noteActivity(interviewId: string, lastActivityAt: string | null): void {
    const runtime = this.deps.runtimes.loaded(interviewId);
    if (runtime && lastActivityAt) runtime.lastActivityAt = lastActivityAt;
  }
}
