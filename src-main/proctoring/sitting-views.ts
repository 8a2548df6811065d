import { integrityEventEvidence, integrityEventLabel } from '../../shared/copy/integrity-event-words';
import { knownAccommodations, type KioskSitting, type SittingView } from '../../shared/domain/proctoring';
import { SITTING_EVENTS_SHOWN, type ProctorSittingView } from '../../shared/domain/sitting-events';
import type { IntegrityEventRepository } from '../repositories/integrity-event-repository';
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

/** The sitting as its proctor sees it at the kiosk: with its interview's integrity events so far, newest first, in words. */
export function proctorSittingView(sitting: SittingWithPeople, events: Pick<IntegrityEventRepository, 'newestForInterview'>): ProctorSittingView {
  const { events: newest, total } = sitting.interviewId ? events.newestForInterview(sitting.interviewId, SITTING_EVENTS_SHOWN) : { events: [], total: 0 };
  return {
    ...sittingView(sitting),
    integrityEvents: newest.map((event) => ({
      occurredAt: event.occurredAt,
      kind: event.kind,
      label: integrityEventLabel(event.kind),
      evidence: integrityEventEvidence(event.kind, event.details),
    })),
    earlierIntegrityEvents: Math.max(0, total - newest.length),
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
