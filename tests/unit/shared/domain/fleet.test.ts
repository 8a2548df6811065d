import { describe, expect, it } from 'vitest';
import { compareVersions, fleetView, type DeviceHealthReport, type FleetRow } from '../../../../shared/domain/fleet';

const GB = 1024 ** 3;
const NOW = '2026-12-07T12:00:00.000Z';

function report(extra: Partial<DeviceHealthReport> = {}): DeviceHealthReport {
  return {
    gatheredAt: NOW,
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

function row(name: string, body: unknown, extra: Partial<FleetRow> = {}): FleetRow {
  return { deviceId: `id-${name}`, name, kind: 'kiosk', lastSeenAt: '2026-12-07T11:59:00.000Z', reportedAt: NOW, report: body, refusalsLastDay: 0, ...extra };
}

const kinds = (name: string, ...rows: FleetRow[]) => fleetView({ serverTime: NOW, devices: rows }).devices.find((d) => d.name === name)!.attention.map((a) => a.kind);

describe('fleet attention rules', () => {
  it('a healthy device needs nothing; each rule flags its own fault', () => {
    const fine = row('fine', report());
    expect(kinds('fine', fine)).toEqual([]);
    expect(kinds('old', fine, row('old', report({ appVersion: '1.4.9' })))).toEqual(['behind_version']);
    expect(kinds('quiet', row('quiet', report(), { lastSeenAt: '2026-12-06T11:59:00.000Z' }))).toEqual(['not_synced']);
    expect(kinds('never', row('never', null, { lastSeenAt: null, reportedAt: null }))).toEqual(['not_synced', 'no_report']);
    expect(kinds('full', row('full', report({ disk: { freeBytes: Math.floor(1.9 * GB), totalBytes: 100 * GB } })))).toEqual(['low_disk']);
    // 5% of a big drive: over 2 GB free, still low.
    expect(kinds('big', row('big', report({ disk: { freeBytes: 40 * GB, totalBytes: 1000 * GB } })))).toEqual(['low_disk']);
    expect(kinds('bare', row('bare', report({ keychain: { state: 'missing', backend: 'unavailable' } })))).toEqual(['keychain_missing']);
    expect(kinds('fallback', row('fallback', report({ keychain: { state: 'fallback', backend: 'Electron safeStorage' } })))).toEqual([]);
    expect(kinds('refused', row('refused', report({ pending: { outbox: 0, jobs: 0, refused: 2 } })))).toEqual(['refused_changes']);
    expect(kinds('refusedHosted', row('refusedHosted', report(), { refusalsLastDay: 1 }))).toEqual(['refused_changes']);
    expect(kinds('errors', row('errors', report({ errors: { lastDay: 1, total: 3, last: null } })))).toEqual(['errors']);
  });

  it('a report it cannot read counts as none; devices needing attention come first', () => {
    const view = fleetView({ serverTime: NOW, devices: [row('a fine', report()), row('b odd', { appVersion: 7 })] });
    expect(view.devices.map((d) => [d.name, d.report === null, d.attention.map((a) => a.kind)])).toEqual([
      ['b odd', true, ['no_report']],
      ['a fine', false, []],
    ]);
  });

  it('orders versions as semver does', () => {
    expect(compareVersions('1.10.0', '1.9.9')).toBe(1);
    expect(compareVersions('1.5.0-beta.1', '1.5.0')).toBe(-1);
    expect(compareVersions('v2.0.0', '2.0.0')).toBe(0);
    expect(compareVersions('dev', '1.0.0')).toBeNull();
  });
});
