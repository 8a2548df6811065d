import { describe, expect, it } from 'vitest';
import { DISK_WARN_BYTES } from '../../../../shared/domain/disk-space';
import { describeNewestVersions, fleetView, type FleetRow } from '../../../../shared/domain/fleet';
import { FLEET_NOW, fleetRow, GB, healthReport } from '../../../support/fleet-rows';

const NOW = FLEET_NOW;
const report = healthReport;
const row = fleetRow;

const kinds = (name: string, ...rows: FleetRow[]) => fleetView({ serverTime: NOW, devices: rows }).devices.find((d) => d.name === name)!.attention.map((a) => a.kind);

describe('fleet attention rules', () => {
  it('a healthy device needs nothing; each rule flags its own fault', () => {
    const fine = row('fine', report());
    expect(kinds('fine', fine)).toEqual([]);
    expect(kinds('old', fine, row('old', report({ appVersion: '1.4.9' })))).toEqual(['behind_version']);
    expect(kinds('quiet', row('quiet', report(), { lastSeenAt: '2026-12-06T11:59:00.000Z' }))).toEqual(['not_synced']);
    expect(kinds('never', row('never', null, { lastSeenAt: null, reportedAt: null }))).toEqual(['not_synced', 'no_report']);
    expect(kinds('full', row('full', report({ disk: { freeBytes: Math.floor(1.9 * GB), totalBytes: 100 * GB } })))).toEqual(['low_disk']);
    // The self-check's rule, one for both: 40 GB free is plenty, however big the drive.
    expect(kinds('big', row('big', report({ disk: { freeBytes: 40 * GB, totalBytes: 1000 * GB } })))).toEqual([]);
    expect(kinds('edge', row('edge', report({ disk: { freeBytes: DISK_WARN_BYTES, totalBytes: 1000 * GB } })))).toEqual([]);
    expect(kinds('under', row('under', report({ disk: { freeBytes: DISK_WARN_BYTES - 1, totalBytes: 1000 * GB } })))).toEqual(['low_disk']);
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

  it('is not synced when its exchanges fail after hello: contact alone is not a sync', () => {
    // Said hello a minute ago, but the last push and pull that went through (its report) was two days ago.
    const stuck = row('stuck', report(), { lastSeenAt: '2026-12-07T11:59:00.000Z', reportedAt: '2026-12-05T11:00:00.000Z' });
    expect(fleetView({ serverTime: NOW, devices: [stuck] }).devices[0]!.attention).toEqual([
      { kind: 'not_synced', text: 'Not synced for over a day (last 2026-12-05T11:00:00.000Z).' },
    ]);
    // An app from before fleet health has no report: its contact is what there is.
    expect(kinds('old app', row('old app', null, { lastSeenAt: '2026-12-07T11:59:00.000Z', reportedAt: null }))).toEqual(['no_report']);
  });

  it('is behind only the newest version on its own update channel, pre-release parts compared as numbers', () => {
    const stable = row('stable', report({ appVersion: '1.5.0', updateChannel: 'stable' }));
    const pilot = row('pilot', report({ appVersion: '1.6.0-pilot.2', updateChannel: 'pilot' }));
    // One pilot device ahead does not put every stable device behind.
    expect(kinds('stable', stable, pilot)).toEqual([]);
    const view = fleetView({ serverTime: NOW, devices: [stable, pilot, row('old pilot', report({ appVersion: '1.6.0-pilot.1', updateChannel: 'pilot' }))] });
    expect(view.newestVersions).toEqual({ stable: '1.5.0', pilot: '1.6.0-pilot.2' });
    expect(describeNewestVersions(view.newestVersions)).toBe('1.5.0 (stable), 1.6.0-pilot.2 (pilot)');
    expect(view.devices.find((d) => d.name === 'old pilot')!.attention).toEqual([
      { kind: 'behind_version', text: 'Runs 1.6.0-pilot.1; the newest on its update channel (pilot) is 1.6.0-pilot.2.' },
    ]);
    // beta.10 is after beta.9, as semver orders numeric parts.
    const ten = row('ten', report({ appVersion: '2.0.0-beta.10', updateChannel: 'pilot' }));
    const nine = row('nine', report({ appVersion: '2.0.0-beta.9', updateChannel: 'pilot' }));
    expect(kinds('ten', ten, nine)).toEqual([]);
    expect(kinds('nine', ten, nine)).toEqual(['behind_version']);
    // A report without a channel (an app from before channels were reported) is on the default one; an unreadable version is never behind.
    expect(kinds('unsaid', stable, row('unsaid', report({ appVersion: '1.4.0' })))).toEqual(['behind_version']);
    expect(kinds('dev', stable, row('dev', report({ appVersion: 'dev-build' })))).toEqual([]);
  });
});
