import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DISK_FAIL_BYTES, DISK_WARN_BYTES } from '../../../shared/domain/disk-space';
import { checkDisk, nodeDiskProbe } from '../../../src-main/self-check/disk-check';

const MB = 1024 * 1024;
const probe = (bytes: number | Error) => ({ folder: '/data/kiosk', freeBytes: async () => (bytes instanceof Error ? Promise.reject(bytes) : bytes) });

describe('the disk space check', () => {
  it('passes from 2 GB free, naming the folder', async () => {
    expect(await checkDisk(probe(DISK_WARN_BYTES))).toEqual({ id: 'disk', label: 'Disk space', status: 'ok', detail: '2.0 GB free on the drive holding the app’s data (/data/kiosk).', fix: null });
  });

  it('warns under 2 GB and fails under 500 MB, saying why: the recordings', async () => {
    const low = await checkDisk(probe(DISK_WARN_BYTES - 1));
    expect(low).toMatchObject({ status: 'warn', detail: expect.stringContaining('under 2 GB') });
    expect(low.fix).toMatch(/answers are recorded on this drive/);
    const full = await checkDisk(probe(DISK_FAIL_BYTES - 1));
    expect(full).toMatchObject({ status: 'fail', detail: '499 MB free on the drive holding the app’s data (/data/kiosk). That is under 500 MB: an interview could run out of room mid-answer.' });
    expect((await checkDisk(probe(DISK_FAIL_BYTES))).status).toBe('warn');
    expect((await checkDisk(probe(0))).status).toBe('fail');
    expect((await checkDisk(probe(600 * MB))).detail).toContain('600 MB free');
  });

  it('is not checked when the free space cannot be read', async () => {
    expect(await checkDisk(probe(new Error('ENOENT: no such folder')))).toMatchObject({ status: 'unknown', detail: expect.stringContaining('ENOENT') });
  });

  it('reads the real free space of a folder', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'self-check-disk-'));
    try {
      const free = await nodeDiskProbe(folder).freeBytes();
      expect(Number.isFinite(free) && free > 0).toBe(true);
      await expect(nodeDiskProbe(join(folder, 'missing')).freeBytes()).rejects.toThrow();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
