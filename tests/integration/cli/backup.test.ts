import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../db/support';
import { deviceIn, queueChanges, rowCount, writeRows } from '../backup/support';
import { cli } from './support';

const temp = useTempDirs();

describe('npm run cli -- backup', () => {
  it('makes a backup now, lists it, and restores it after the data changed', async () => {
    const device = deviceIn(temp);
    writeRows(device.store, 0, 40);
    const made = await cli('backup', 'now', '--data-dir', device.dataDir);
    expect(made).toMatchObject({ code: 0, err: '' });
    expect(made.out).toMatch(/^Backup made: .*backups\/kiosk-\d{8}T\d{9}Z\.sqlite \(\d+\.\d MiB, integrity_check ok\)\.\n/);
    // Say so where it is made: a restore brings back the database, not the recordings and resumes.
    expect(made.out).toContain(`It holds the database only: the recordings and resumes it names stay in ${join(device.dataDir, 'files')}; copy that folder too if you need them.\n`);

    const listed = await cli('backup', 'list', '--data-dir', device.dataDir);
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(`(device ${device.installId}, app 0.1.0,`);
    const file = join(device.backups, readdirSync(device.backups).find((name) => name.endsWith('.sqlite'))!);

    device.store.sqlite.prepare("DELETE FROM sync_state WHERE key LIKE 'test.row.%'").run();
    device.store.close();
    const restored = await cli('backup', 'restore', file, '--data-dir', device.dataDir);
    expect(restored).toMatchObject({ code: 0, err: '' });
    expect(restored.out).toMatch(/^Restored the backup made .* \(device [0-9a-f-]{36}\)\.\nThe database that was there is kept as .*kiosk\.sqlite\.before-restore-/);
    expect(rowCount(temp.open(join(device.dataDir, 'kiosk.sqlite')))).toBe(40);
  });

  it('refuses over unsynced changes and a device with no identity until told, naming the flag that tells it', async () => {
    const device = deviceIn(temp);
    expect((await cli('backup', 'now', '--data-dir', device.dataDir)).code).toBe(0);
    const file = join(device.backups, readdirSync(device.backups).find((name) => name.endsWith('.sqlite'))!);
    queueChanges(device.store, 2);
    device.store.close();
    const refused = await cli('backup', 'restore', file, '--data-dir', device.dataDir);
    expect(refused).toMatchObject({ code: 1, out: '', err: expect.stringMatching(/^The database here holds 2 changes made after this backup .* --discard-unsynced\.\n$/) });
    const restored = await cli('backup', 'restore', file, '--data-dir', device.dataDir, '--discard-unsynced');
    expect(restored).toMatchObject({ code: 0, err: '' });
    expect(restored.out).toMatch(/\nThe 2 changes it held that had not reached the hosted database are only there: keep that file until you are sure nothing in it is needed\.\n$/);

    const wiped = temp.make();
    expect((await cli('backup', 'restore', file, '--data-dir', wiped)).err).toMatch(/^This device has no identity of its own .* --adopt-device\.\n$/);
    expect(await cli('backup', 'restore', file, '--data-dir', wiped, '--adopt-device')).toMatchObject({ code: 0, out: expect.stringContaining('There was no database here before.\n') });
  });

  it("refuses another device's backup with exit code 1", async () => {
    const other = deviceIn(temp);
    expect((await cli('backup', 'now', '--data-dir', other.dataDir)).code).toBe(0);
    const file = join(other.backups, readdirSync(other.backups).find((name) => name.endsWith('.sqlite'))!);
    const here = deviceIn(temp);
    here.store.close();
    const refused = await cli('backup', 'restore', file, '--data-dir', here.dataDir);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`This backup is from device ${other.installId}; this device is ${here.installId}.`);
  });

  it('says what is missing', async () => {
    const empty = temp.make();
    expect(await cli('backup', 'list', '--data-dir', empty)).toEqual({ code: 0, out: `No backups in ${join(empty, 'backups')} yet.\n`, err: '' });
    expect((await cli('backup', 'now', '--data-dir', empty)).err).toMatch(/^No device database at .*kiosk\.sqlite/);
    expect((await cli('backup', 'restore', '--data-dir', empty)).code).toBe(2);
  });
});
