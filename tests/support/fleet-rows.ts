import type { DeviceHealthReport, FleetRow } from '../../shared/domain/fleet';

export const GB = 1024 ** 3;
/** The hosted database's clock in these rows. */
export const FLEET_NOW = '2026-12-07T12:00:00.000Z';

/** A healthy device's report (no update channel: as an app from before channels were reported sends it); `extra` is the fault under test. */
export function healthReport(extra: Partial<DeviceHealthReport> = {}): DeviceHealthReport {
  return {
    gatheredAt: FLEET_NOW,
    appVersion: '1.5.0',
    schemaVersion: { hosted: 12, local: 14 },
    configurationKey: 'a'.repeat(64),
    lastInterviewAt: null,
    bankAudio: { state: 'complete', questionsReady: 360, questions: 360 },
    disk: { freeBytes: 50 * GB, totalBytes: 100 * GB },
    pending: { outbox: 0, jobs: 0, refused: 0 },
    keychain: { state: 'keychain', backend: 'Secret Service via keytar' },
    errors: { lastDay: 0, total: 0, last: null },
    ...extra,
  };
}

/** A device as sync_admin.fleet returns it, seen a minute ago and reported just now. */
export function fleetRow(name: string, report: unknown, extra: Partial<FleetRow> = {}): FleetRow {
  return { deviceId: `id-${name}`, name, kind: 'kiosk', lastSeenAt: '2026-12-07T11:59:00.000Z', reportedAt: FLEET_NOW, report, refusalsLastDay: 0, ...extra };
}
