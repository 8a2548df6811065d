import { describe, expect, it } from 'vitest';
import { sqlState, useSyncDatabase } from './support';

const db = useSyncDatabase();

const report = (appVersion: string) => ({ appVersion, gatheredAt: '2026-12-07T09:00:00.000Z' });

describe('sync.report_device_health', () => {
  it('keeps one row per device, the caller\'s own, replaced at each report; no device can write another\'s or read the table', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk', 'Front desk');
    const laptop = await sync.device('laptop', 'Recruiter laptop');
    expect(await kiosk.call('report_device_health', JSON.stringify(report('1.0.0')))).toMatchObject({ reportedAt: expect.stringMatching(/Z$/) });
    // A report naming the laptop is still the kiosk's: the row is the caller's, whatever the body says.
    await kiosk.call('report_device_health', JSON.stringify({ ...report('1.1.0'), deviceId: laptop.id }));
    const { rows } = await sync.admin.query<{ device_id: string; report: { appVersion: string } }>('SELECT device_id, report FROM sync.device_health');
    expect(rows).toEqual([{ device_id: kiosk.id, report: { ...report('1.1.0'), deviceId: laptop.id } }]);
    // No table right: neither writing the laptop's row directly nor reading the fleet's rows.
    expect((await sqlState(kiosk.client.query(`INSERT INTO sync.device_health (device_id, report) VALUES ($1, '{}')`, [laptop.id])))?.code).toBe('42501');
    expect((await sqlState(kiosk.client.query(`UPDATE sync.device_health SET report = '{}'`)))?.code).toBe('42501');
    expect((await sqlState(kiosk.client.query('SELECT sync_admin.fleet()')))?.code).toBe('42501');
    // What is not a report, or too big to be one, is refused with a reason.
    expect(await sqlState(kiosk.call('report_device_health', '[1]'))).toMatchObject({ code: 'KS004', message: 'A health report is a JSON object.' });
    expect(await sqlState(kiosk.call('report_device_health', JSON.stringify({ pad: 'x'.repeat(17_000) })))).toMatchObject({ code: 'KS004' });
  });

  it('sync.fleet_health lists every enrolled device with its report and the changes refused in the last day; revoked ones are gone', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk', 'B kiosk');
    const laptop = await sync.device('laptop', 'A laptop');
    const gone = await sync.device('kiosk', 'C stolen');
    await kiosk.call('hello');
    await kiosk.call('report_device_health', JSON.stringify(report('1.0.0')));
    await sync.admin.query(`INSERT INTO sync.rejections (device_id, seq, reason, at) VALUES ($1, 1, 'old', now() - interval '2 days'), ($1, 2, 'new', now())`, [kiosk.id]);
    await sync.admin.query('SELECT sync_admin.revoke_device($1)', [gone.id]);
    const fleet = await laptop.call<{ serverTime: string; devices: Record<string, unknown>[] }>('fleet_health');
    expect(fleet.serverTime).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    expect(fleet.devices).toEqual([
      { deviceId: laptop.id, name: 'A laptop', kind: 'laptop', lastSeenAt: null, reportedAt: null, report: null, refusalsLastDay: 0 },
      { deviceId: kiosk.id, name: 'B kiosk', kind: 'kiosk', lastSeenAt: expect.stringMatching(/Z$/), reportedAt: expect.stringMatching(/Z$/), report: report('1.0.0'), refusalsLastDay: 1 },
    ]);
  });
});
