import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { fleetViewSchema, type FleetView } from '../../../shared/domain/fleet';
import { runCli } from '../../../src-main/cli/run-cli';
import { HOSTED_SCHEMA_VERSION } from '../../../src-main/sync/hosted-db/schema-version';
import { useTestPostgres } from '../../support/postgres';
import { migrationsDir } from '../../support/test-app';
import { asOwner, enrolledDevice, hostedDatabase, type Device } from './hosted-support';

const postgres = useTestPostgres();
const devices: Device[] = [];
afterEach(() => {
  for (const device of devices.splice(0)) device.close();
});

const GB = 1024 ** 3;
/** A 100 GB drive with 1 GB left, as fs.statfs answers (4 KB blocks). */
const nearlyFull = async () => ({ bsize: 4096, blocks: (100 * GB) / 4096, bavail: GB / 4096 });
const roomy = async () => ({ bsize: 4096, blocks: (100 * GB) / 4096, bavail: (60 * GB) / 4096 });

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

const dieUnhandled = (errorsFolder: string, how: 'throw' | 'reject') =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'support', 'die-unhandled.ts'), errorsFolder, how]).then(
    () => 'exited 0',
    (error: { code?: number }) => `exited ${error.code}`,
  );

describe('fleet health', () => {
  it('each device reports with its sync; hosted-db devices lists them with what needs attention', async () => {
    const url = await hostedDatabase(() => postgres.current.createDatabase());
    const kiosk = await enrolledDevice(url, 'kiosk', { name: 'Front desk kiosk', version: '1.4.0', statfs: nearlyFull });
    const laptop = await enrolledDevice(url, 'laptop', { name: 'Recruiter laptop', version: '1.5.0', statfs: roomy });
    devices.push(kiosk, laptop);

    const rows = await asOwner<{ device_id: string; report: Record<string, unknown> }>(url, 'SELECT device_id, report FROM sync.device_health');
    const byDevice = new Map(rows.map((row) => [row.device_id, row.report]));
    expect(byDevice.size).toBe(2);
    const localMigrations = readdirSync(migrationsDir).filter((name) => name.endsWith('.sql')).length;
    expect(byDevice.get(kiosk.deviceId)).toMatchObject({
      appVersion: '1.4.0',
      updateChannel: 'stable',
      schemaVersion: { hosted: HOSTED_SCHEMA_VERSION, local: localMigrations },
      configurationKey: expect.stringMatching(/^[0-9a-f]{64}$/),
      lastInterviewAt: null,
      bankAudio: { state: expect.any(String), questions: expect.any(Number) },
      disk: { freeBytes: GB, totalBytes: 100 * GB },
      pending: { outbox: 0, jobs: expect.any(Number), refused: 0 },
      keychain: { state: 'memory', backend: 'memory (not persisted)' },
      errors: { lastDay: 0, total: 0, last: null },
    });
    expect(byDevice.get(laptop.deviceId)).toMatchObject({ appVersion: '1.5.0', bankAudio: { state: 'off' }, disk: { freeBytes: 60 * GB } });

    // A laptop that still says hello but whose last full exchange (its report) was two days ago, on the database's clock.
    await asOwner(url, `UPDATE sync.device_health SET reported_at = now() - interval '2 days' WHERE device_id = $1`, [laptop.deviceId]);
    const listed = await cli(['hosted-db', 'devices', '--url', url]);
    expect(listed).toMatchObject({ code: 0, err: '' });
    expect(listed.out).toMatch(/^2 devices, 2 needing attention; newest app version 1\.5\.0 \(stable\) /);
    const [kioskPart, laptopPart] = listed.out.split(/\n(?=! )/).slice(1);
    expect(kioskPart).toContain(`! Front desk kiosk (kiosk ${kiosk.deviceId})`);
    expect(kioskPart).toMatch(/app 1\.4\.0 \(stable\), schema \d+\/\d+/);
    expect(kioskPart).toContain('1.0 GB free of 100.0 GB');
    expect(kioskPart).toContain('ATTENTION behind version: Runs 1.4.0; the newest on its update channel (stable) is 1.5.0.');
    expect(kioskPart).toContain('ATTENTION low disk: Only 1.0 GB free of 100.0 GB.');
    expect(kioskPart).not.toContain('not synced');
    expect(laptopPart).toContain(`! Recruiter laptop (laptop ${laptop.deviceId})`);
    expect(laptopPart).toMatch(/ATTENTION not synced: Not synced for over a day/);
    expect(laptopPart).not.toMatch(/behind version|low disk/);

    const json = await cli(['hosted-db', 'devices', '--url', url, '--json']);
    const fleet = fleetViewSchema.parse(JSON.parse(json.out));
    expect(fleet.devices.map((device) => [device.name, device.attention.map((item) => item.kind)])).toEqual([
      ['Front desk kiosk', ['behind_version', 'low_disk']],
      ['Recruiter laptop', ['not_synced']],
    ]);

    // The laptop syncs again: it is no longer behind on its sync.
    await laptop.app.services.sync.syncNow();
    const after = fleetViewSchema.parse(JSON.parse((await cli(['hosted-db', 'devices', '--url', url, '--json'])).out));
    expect(after.devices.find((device) => device.name === 'Recruiter laptop')!.attention).toEqual([]);
  });

  it('an unhandled error that ends the core is kept redacted, and its count reaches the fleet row', async () => {
    const url = await hostedDatabase(() => postgres.current.createDatabase());
    const kiosk = await enrolledDevice(url, 'kiosk', { version: '1.4.0', statfs: roomy });
    devices.push(kiosk);
    const errorsFolder = join(kiosk.dataDir, 'errors');
    // The process still dies as Node decides (exit 1 for an uncaught error or unhandled rejection): the record only observes.
    expect(await dieUnhandled(errorsFolder, 'throw')).toBe('exited 1');
    expect(await dieUnhandled(errorsFolder, 'reject')).toBe('exited 1');

    const kept = readFileSync(join(errorsFolder, 'errors.jsonl'), 'utf8');
    for (const secret of ['jane', 'example.com', 'migration', 'payments', 'Acme']) expect(kept).not.toContain(secret);
    await kiosk.app.services.sync.syncNow();
    const [row] = await asOwner<{ report: { errors: unknown } }>(url, 'SELECT report FROM sync.device_health WHERE device_id = $1', [kiosk.deviceId]);
    expect(row!.report.errors).toEqual({
      lastDay: 2,
      total: 2,
      last: { at: expect.any(String), process: 'core', kind: 'TypeError', message: 'Could not save the answer [text] for [email]' },
      dropped: 0,
    });
    const listed = await cli(['hosted-db', 'devices', '--url', url]);
    expect(listed.out).toContain('errors 2 in the last day, 2 kept; last');
    expect(listed.out).toContain('ATTENTION errors: 2 unhandled errors in the day before its report.');
    expect(listed.out).not.toMatch(/jane|payments/);
  });

  it('an admin\'s Devices list comes through the sync connection; offline, it is the last list fetched, with its time', async () => {
    const url = await hostedDatabase(() => postgres.current.createDatabase());
    const laptop = await enrolledDevice(url, 'laptop', { version: '1.5.0', statfs: roomy });
    devices.push(laptop);
    const sync = laptop.app.services.sync;

    const live = await sync.fleet();
    expect(live).toMatchObject({ live: true, problem: null, fetchedAt: expect.any(String) });
    expect(live.fleet!.devices.map((device) => device.deviceId)).toEqual([laptop.deviceId]);

    laptop.network.online = false;
    const offline = await sync.fleet();
    expect(offline).toMatchObject({ live: false, fetchedAt: live.fetchedAt, problem: expect.stringMatching(/Can’t reach the hosted database/) });
    expect((offline.fleet as FleetView).devices).toEqual(live.fleet!.devices);
  });
});
