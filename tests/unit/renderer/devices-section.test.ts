import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { fleetView, type DeviceHealthReport, type FleetRow } from '../../../shared/domain/fleet';
import { FLEET_NOW, fleetRow, GB, healthReport } from '../../support/fleet-rows';
import { FleetList } from '../../../src-renderer/src/screens/staff/FleetList';

const NOW = FLEET_NOW;
const report = (extra: Partial<DeviceHealthReport> = {}) => healthReport({ updateChannel: 'stable', ...extra });
const row = fleetRow;

const render = (...rows: FleetRow[]) => renderToStaticMarkup(h(FleetList, { fleet: fleetView({ serverTime: NOW, devices: rows }) }));
/** The list of attention marks of one device, as an admin's screen reader reaches it. */
const marks = (html: string, name: string) => [...html.matchAll(/<ul aria-label="Needs attention: ([^"]+)">(.*?)<\/ul>/g)].find((match) => match[1] === name)?.[2] ?? null;

describe('the Devices section', () => {
  it('lists devices needing attention first, each with its marks; a healthy device has none', () => {
    const html = render(
      row('Atrium kiosk', report()),
      row('Front desk kiosk', report({ appVersion: '1.4.0', disk: { freeBytes: GB, totalBytes: 100 * GB }, errors: { lastDay: 2, total: 5, last: null, dropped: 3 } })),
      row('Old laptop', null, { kind: 'laptop', lastSeenAt: '2026-12-01T09:00:00.000Z', reportedAt: null }),
    );
    expect(html).toContain('3 devices, 2 needing attention');
    expect(html).toContain('Newest app version on each update channel: 1.5.0 (stable).');
    const order = ['Front desk kiosk', 'Old laptop', 'Atrium kiosk'].map((name) => html.indexOf(`<h3>${name} `));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(marks(html, 'Front desk kiosk')).toContain('Runs 1.4.0; the newest on its update channel (stable) is 1.5.0.');
    expect(marks(html, 'Front desk kiosk')).toContain('Only 1.0 GB free of 100.0 GB.');
    expect(marks(html, 'Front desk kiosk')).toContain('2 unhandled errors in the day before its report.');
    expect(marks(html, 'Old laptop')).toContain('Not synced for over a day (last 2026-12-01T09:00:00.000Z).');
    expect(marks(html, 'Old laptop')).toContain('Has sent no health report');
    expect(marks(html, 'Atrium kiosk')).toBeNull();
    expect(html).toContain('Errors: 2 in the last day, 5 kept, 3 dropped unsent when the error file was full.');
    expect(html).toContain('App 1.5.0 on the stable channel');
    expect(html).toContain('No health report yet.');
    expect(html).not.toContain('No device is enrolled');
  });

  it('says so when no device is enrolled yet', () => {
    const html = render();
    expect(html).toContain('0 devices, 0 needing attention');
    expect(html).toContain('No device is enrolled with the hosted database yet.');
    expect(html).not.toContain('Newest app version');
  });
});
