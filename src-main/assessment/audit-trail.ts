import type { AuditEntryView, InterviewAuditTrail } from '../../shared/domain/audit';
import { describeVerdict, verifyDeviceChain } from '../audit/chain';
import type { AuditEntryRecord, AuditRepository } from '../repositories/audit-repository';

/**
 * An interview's AI audit trail for staff (issue 18, point 3): its entries
 * from every device that worked on it, and whether each of those devices'
 * chains still verifies here, so a changed or missing entry shows on the
 * review screen and in the export, not only in `audit verify`.
 */
export class AuditTrailService {
  constructor(private readonly audit: AuditRepository) {}

  forInterview(interviewId: string): InterviewAuditTrail {
    const rows = this.audit.listForInterview(interviewId);
    const devices = [...new Set(rows.map((row) => row.deviceId))].sort();
    return {
      interviewId,
      entries: rows.map(toView),
      chains: devices.map((deviceId) => {
        const verdict = verifyDeviceChain(deviceId, this.audit.chainOf(deviceId));
        return { deviceId, intact: verdict.intact, detail: describeVerdict(verdict) };
      }),
    };
  }
}

function toView(row: AuditEntryRecord): AuditEntryView {
  return {
    id: row.id,
    deviceId: row.deviceId,
    sequence: row.sequence,
    kind: row.kind,
    createdAt: row.createdAt,
    entryHash: row.entryHash,
    prevHash: row.prevHash,
    payload: parsedPayload(row.payload),
  };
}

/** The stored text as JSON; a payload someone broke shows as such (its chain fails too) instead of failing the whole trail. */
function parsedPayload(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Falls through to the marker below.
  }
  return { unreadable: true };
}
