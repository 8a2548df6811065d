import type { Clock } from '../common/clock';
import type { Logger } from '../logging/logger-types';
import type { SittingRepository } from '../repositories/sitting-repository';

/** Why a sitting is locked when the kiosk comes back with it still open. */
export const RESTART_LOCK_REASON = 'kiosk_restarted';

export interface RestartRecoveryDeps {
  sittings: Pick<SittingRepository, 'currentAt' | 'update'>;
  kioskId: string;
  clock: Clock;
  /** The interview's last recorded activity (its session's last_activity_at), or null. */
  lastActivityOf: (interviewId: string) => string | null;
  /** Notes the gap on the interview, for the recruiter and scoring. */
  recordGap: (interviewId: string, details: { gapMs: number; lastActivityAt: string; restartedAt: string }) => void;
  logger: Logger;
}

/**
 * Issue 17, point 9. A kiosk that starts with a sitting still open here came
 * back from a crash, a kill, a power cut or a reboot (a sitting outlives a
 * clean quit only if IT closed the app mid-sitting). The screen is not
 * handed straight back: the sitting is locked, so the proctor comes with
 * their PIN and writes what happened; the candidate then signs in and
 * carries on at the question that was waiting. The time the kiosk was down
 * counts as paused, from the interview's last recorded activity (the
 * interview's clocks do not run through the outage), and is noted on the
 * interview with its length.
 */
export function lockSittingAfterRestart(deps: RestartRecoveryDeps): void {
  const sitting = deps.sittings.currentAt(deps.kioskId);
  if (!sitting) return;
  const restartedAt = deps.clock.now().toISOString();
  const lastActivityAt = sitting.interviewId ? deps.lastActivityOf(sitting.interviewId) : null;
  // Already paused: that pause goes on. Otherwise the pause starts where the record of the sitting stops.
  const pausedAt = sitting.pausedAt ?? (lastActivityAt && lastActivityAt < restartedAt ? lastActivityAt : restartedAt);
  deps.sittings.update(sitting.id, { status: 'paused', pausedAt, lockReason: RESTART_LOCK_REASON });
  if (sitting.interviewId && lastActivityAt) {
    const gapMs = Math.max(0, Date.parse(restartedAt) - Date.parse(lastActivityAt));
    deps.recordGap(sitting.interviewId, { gapMs, lastActivityAt, restartedAt });
  }
  deps.logger.warn('the kiosk started with a sitting open: locked until the proctor resumes it', { sittingId: sitting.id, interviewId: sitting.interviewId });
}
