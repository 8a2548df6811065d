import { knownAccommodations, type KioskSitting, type SittingView } from '../../shared/domain/proctoring';
import type { SittingWithPeople } from '../repositories/sitting-repository';

export function sittingView(sitting: SittingWithPeople): SittingView {
  return {
    id: sitting.id,
    status: sitting.status,
    candidate: { id: sitting.candidateId, fullName: sitting.candidateName, email: sitting.candidateEmail },
    openedBy: { id: sitting.openedBy, fullName: sitting.openedByName },
    roleType: sitting.roleType,
    identityCheck: sitting.identityCheck,
    identityConfirmedAt: sitting.identityConfirmedAt,
    accommodations: knownAccommodations(sitting.accommodations),
    openedAt: sitting.openedAt,
    pausedAt: sitting.pausedAt,
    pausedMs: sitting.pausedMs,
    lockReason: sitting.lockReason,
    interviewId: sitting.interviewId,
    notes: sitting.notes,
    endedAt: sitting.endedAt,
    endReason: sitting.endReason,
  };
}

/** What the person at the kiosk may see: whose sitting it is and whether it is held, never the proctor's notes. */
export function kioskSitting(sitting: SittingWithPeople, proctorControlUntil: Date | null): KioskSitting {
  return {
    id: sitting.id,
    status: sitting.status,
    candidateName: sitting.candidateName,
    candidateEmail: sitting.candidateEmail,
    roleType: sitting.roleType,
    lockReason: sitting.lockReason,
    accommodations: knownAccommodations(sitting.accommodations),
    proctorControlUntil: proctorControlUntil?.toISOString() ?? null,
  };
}
