import { accommodationLabels, type Accommodation, type KioskSitting, type SittingView } from '../../../../shared/domain/proctoring';
import { formatDuration } from '../staff/review/format';
import { eventKindLabel } from '../staff/review/labels';

/* How a sitting's state is put into words, for the proctor and for the candidate. Pure, so it is tested without a page. */

/** The sitting holds the interview: the proctor paused it, or the app locked it after a serious violation. */
export function sittingHolds(sitting: Pick<KioskSitting, 'status'> | null): boolean {
  return sitting?.status === 'paused';
}

/** What the candidate was granted, while their sitting lasts. */
export function sittingAccommodations(sitting: Pick<KioskSitting, 'status' | 'accommodations'> | null): readonly Accommodation[] {
  return sitting && sitting.status !== 'ended' ? sitting.accommodations : [];
}

/** Why the kiosk locked, in the words the recruiter's integrity panel uses ("Another display was connected"). */
export function lockReasonText(lockReason: string): string {
  return eventKindLabel(lockReason);
}

export function sittingStatusText(sitting: Pick<SittingView, 'status' | 'lockReason'>): string {
  if (sitting.status === 'ended') return 'Ended';
  if (sitting.status === 'open') return 'In progress';
  return sitting.lockReason ? `Locked: ${lockReasonText(sitting.lockReason)}` : 'Paused by the proctor';
}

/** Time spent paused so far, counting a pause still running (main counts only finished ones in `pausedMs`). */
export function timePausedText(sitting: Pick<SittingView, 'status' | 'pausedAt' | 'pausedMs'>, now: number): string {
  const running = sitting.status === 'paused' && sitting.pausedAt ? Math.max(0, now - Date.parse(sitting.pausedAt)) : 0;
  const ms = sitting.pausedMs + (Number.isFinite(running) ? running : 0);
  return ms < 1000 ? 'None' : formatDuration(ms / 1000);
}

/** This window holds the sitting's controls (after the proctor's PIN) until `proctorControlUntil`. */
export function controlsHeldUntil(sitting: KioskSitting | null, now: number): number | null {
  const until = sitting?.proctorControlUntil ? Date.parse(sitting.proctorControlUntil) : NaN;
  return Number.isFinite(until) && until > now ? until : null;
}

/** What the proctor granted, in words: "Extra time; Larger text and high contrast", or "None". */
export function accommodationsText(accommodations: readonly Accommodation[]): string {
  return accommodations.length === 0 ? 'None' : accommodations.map((kind) => accommodationLabels[kind].label).join('; ');
}
