import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../db/support';
import { deviceIn, rowCount, writeRows } from '../backup/support';
import { cli } from './support';

const temp = useTempDirs();

describe('npm run cli -- backup', () => {
  it('makes a backup now, lists it, and restores it after the data changed', async () => {
    const device = deviceIn(temp);
    writeRows(device.store, 0, 40);
    const made = await cli('backup', 'now', '--data-dir', device.dataDir);
    expect(made).toMatchObject({ code: 0, err: '' });
    expect(made.out).toMatch(/^Backup made: .*backups\/kiosk-\d{8}T\d{9}Z\.sqlite \(\d+\.\d MiB, integrity_check ok\)\.\n$/);

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
