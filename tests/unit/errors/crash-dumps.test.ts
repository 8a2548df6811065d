import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CrashDumpWatch, listMinidumps } from '../../../src-main/errors/crash-dumps';
import { FileErrorReports } from '../../../src-main/errors/error-store';

describe('the crash reporter’s minidumps', () => {
  let folder: string;
  const now = new Date('2026-12-07T10:00:00Z');
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'kiosk-crashpad-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  function dump(path: string, at = new Date(now.getTime() - 60_000)): void {
    mkdirSync(join(folder, path, '..'), { recursive: true });
    writeFileSync(join(folder, path), 'MDMP');
    utimesSync(join(folder, path), at, at);
  }

  it('are the .dmp files in Crashpad’s folders, and none when the folder is missing', () => {
    dump('completed/a1b2c3d4-0000-4000-8000-000000000001.dmp');
    dump('pending/a1b2c3d4-0000-4000-8000-000000000002.dmp');
    dump('settings.dat');
    dump('completed/a1b2c3d4-0000-4000-8000-000000000001.meta');
    expect(listMinidumps(folder).map((found) => found.name).sort()).toEqual(['a1b2c3d4-0000-4000-8000-000000000001.dmp', 'a1b2c3d4-0000-4000-8000-000000000002.dmp']);
    expect(listMinidumps(join(folder, 'missing'))).toEqual([]);
  });

  it('each become one report, named and never read; old ones are history, not news', () => {
    const reports = new FileErrorReports(join(folder, 'errors'));
    const watch = new CrashDumpWatch({ folder, reports, appVersion: '1.2.3', clock: { now: () => now } });
    dump('completed/new.dmp');
    dump('completed/old.dmp', new Date(now.getTime() - 30 * 24 * 60 * 60_000));
    expect(watch.count()).toBe(2);
    expect(watch.check()).toBe(1);
    expect(watch.check()).toBe(0);
    expect(reports.list(new Date(0))).toMatchObject([{ source: 'crash', kind: 'crash', errorClass: 'NativeCrash', appVersion: '1.2.3', context: { minidump: 'new.dmp' }, frames: [] }]);
  });
});
