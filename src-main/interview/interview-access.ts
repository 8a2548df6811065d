import { INTERVIEW_ABANDONED } from '../../shared/copy/interview-messages';
import { ABANDON_AFTER_MINUTES } from '../../shared/domain/interview';
import { withExtraTime, type Accommodation } from '../../shared/domain/proctoring';
import { AppFailure } from '../common/app-failure';
import type { Clock } from '../common/clock';
import type { Logger } from '../logging/logger-types';
import type { InterviewRecord, InterviewRepository } from '../repositories/interview-repository';
import type { InterviewRuntime } from './interview-runtime';
import type { RuntimeRegistry } from './runtime-registry';

export interface InterviewAccessDeps {
  interviews: Pick<InterviewRepository, 'findOwned' | 'findById' | 'findSession' | 'finish'>;
  runtimes: Pick<RuntimeRegistry, 'runtimeFor' | 'loaded'>;
  /** Lets go of what memory holds for an interview that has ended. */
  forget: (interviewId: string) => void;
  /** Its proctor holds the interview (the sitting is paused or locked): idle time is not the candidate's. */
  heldByProctor: (interviewId: string) => boolean;
  /** Refuses a candidate this kiosk does not let answer now (it requires a sitting and none is open for them). */
  admitCarryOn: (candidateId: string) => void;
  /** What the interview's proctor granted: extra time lengthens the idle time before abandonment. */
  accommodations: (interviewId: string) => readonly Accommodation[];
  clock: Clock;
  logger: Logger;
}

const ABANDON_AFTER_MS = ABANDON_AFTER_MINUTES * 60_000;
const HELD_BY_PROCTOR = 'Your proctor has paused this sitting. Please wait until they resume it.';

/** Why an interview that is over takes nothing more. */
export const interviewOver = {
  abandoned: INTERVIEW_ABANDONED,
  submitted: 'This interview has already been submitted.',
};

const NOT_FOUND = 'That interview was not found.';

/**
 * How long the live-audio stream's last admission stands for the same
 * caller. Each check is two database reads, and at six messages a second
 * they held main's event loop just as an answer's last words came back
 * (bench:conversation's profile); an interview that ends in between is
 * noticed at once, because its runtime is let go.
 */
export const STREAM_RECHECK_MS = 1000;

/**
 * Which interview a call may act on. Every call names the signed-in
 * candidate, and an interview that is not theirs does not exist for them.
 * An interview idle for 30 minutes (by the session's last_activity_at and
 * the app's clock) is marked abandoned the next time anyone touches it.
 */
export class InterviewAccess {
  constructor(private readonly deps: InterviewAccessDeps) {}

  owned(candidateId: string, interviewId: string): InterviewRecord {
    const interview = this.deps.interviews.findOwned(interviewId, candidateId);
    if (!interview) throw new AppFailure('not_found', NOT_FOUND);
    return interview;
  }

  /** The candidate's interview, refused unless it is still going on (not submitted, not idle for too long). */
  ongoing(candidateId: string, interviewId: string): InterviewRecord {
    const interview = this.abandonIfIdle(this.owned(candidateId, interviewId));
    if (interview.status === 'abandoned') throw new AppFailure('conflict', interviewOver.abandoned);
    if (interview.status === 'completed') throw new AppFailure('conflict', interviewOver.submitted);
    return interview;
  }

  /**
   * Refuses (conflict) a call that would move the interview on while its
   * proctor holds it (the sitting is paused or locked): the screen says so
   * too, and a page that ignored it must not get round the pause. Segments
   * already on their way are still taken, so nothing said is lost.
   */
  notHeld(interviewId: string): void {
    if (this.deps.heldByProctor(interviewId)) throw new AppFailure('conflict', HELD_BY_PROCTOR);
  }

  /** The same, with its runtime: for calls that work on the conversation. */
  live(candidateId: string, interviewId: string, windowId: string): { interview: InterviewRecord; runtime: InterviewRuntime } {
    this.deps.admitCarryOn(candidateId);
    const interview = this.ongoing(candidateId, interviewId);
    return { interview, runtime: this.deps.runtimes.runtimeFor(interview, windowId) };
  }

  private lastStreamAdmission: { candidateId: string; interviewId: string; windowId: string; runtime: InterviewRuntime; atMs: number } | null = null;

  /**
   * `live` without asking the sitting, for the live-audio stream: several
   * messages a second, best effort and never the record. The segment
   * uploads that are the record go through `live`, so an answer given
   * outside a sitting is refused there. The same caller's admission stands
   * for STREAM_RECHECK_MS while its runtime is still the one loaded.
   */
  streaming(candidateId: string, interviewId: string, windowId: string): InterviewRuntime {
    const nowMs = this.deps.clock.now().getTime();
    const last = this.lastStreamAdmission;
    if (
      last &&
      last.candidateId === candidateId &&
      last.interviewId === interviewId &&
      last.windowId === windowId &&
      last.runtime.windowId === windowId &&
      nowMs >= last.atMs &&
      nowMs - last.atMs < STREAM_RECHECK_MS &&
      this.deps.runtimes.loaded(interviewId) === last.runtime
    ) {
      return last.runtime;
    }
    const runtime = this.deps.runtimes.runtimeFor(this.ongoing(candidateId, interviewId), windowId);
    this.lastStreamAdmission = { candidateId, interviewId, windowId, runtime, atMs: nowMs };
    return runtime;
  }

  /**
   * Marks the interview abandoned when its session's last activity is 30
   * minutes or more in the past (45 with extra time). It ends at that last activity: the time
   * after it was not spent on the interview.
   */
  abandonIfIdle(interview: InterviewRecord): InterviewRecord {
    if (interview.status !== 'in_progress' && interview.status !== 'scheduled') return interview;
    const session = this.deps.interviews.findSession(interview.id);
    if (!session) return interview;
    const idleMs = this.deps.clock.now().getTime() - Date.parse(session.lastActivityAt);
    // Asked only of an idle interview: this runs on every call, live audio included, and the sitting is a database read.
    if (idleMs < ABANDON_AFTER_MS || this.deps.heldByProctor(interview.id)) return interview;
    if (idleMs < withExtraTime(ABANDON_AFTER_MS, this.deps.accommodations(interview.id))) return interview;
    // First, while it is still in progress: an answer whose turn was shown but not yet saved is saved now.
    this.deps.forget(interview.id);
    const ended = this.deps.interviews.finish(interview.id, {
      status: 'abandoned',
      completedAt: session.lastActivityAt,
      durationSeconds: interview.startedAt ? secondsBetween(interview.startedAt, session.lastActivityAt) : null,
    });
    this.deps.logger.info('interview abandoned after inactivity', { interviewId: interview.id, lastActivityAt: session.lastActivityAt });
    return ended ?? this.deps.interviews.findById(interview.id) ?? interview;
  }
}

export function secondsBetween(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
}
