import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CrashDumpWatch, listMinidumps } from '../../../src-main/errors/crash-dumps';
import { FileErrorReports } from '../../../src-main/errors/error-store';
import { redactedReport } from '../../../src-main/errors/redact-error';

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
    const watch = new CrashDumpWatch({ folder, seenFile: join(folder, 'errors', 'minidumps-seen.json'), reports, appVersion: '1.2.3', clock: { now: () => now } });
    dump('completed/new.dmp');
    dump('completed/old.dmp', new Date(now.getTime() - 30 * 24 * 60 * 60_000));
    expect(watch.count()).toBe(2);
    expect(watch.check()).toBe(1);
    expect(watch.check()).toBe(0);
    expect(reports.list(new Date(0))).toMatchObject([{ source: 'crash', kind: 'crash', errorClass: 'NativeCrash', appVersion: '1.2.3', context: { minidump: 'new.dmp' }, frames: [] }]);
  });

  it('are reported once even after the error file rotates away the report that named them', () => {
    const reports = new FileErrorReports(join(folder, 'errors'), { maxBytes: 4096 });
    let clock = now;
    const watch = () => new CrashDumpWatch({ folder, seenFile: join(folder, 'errors', 'minidumps-seen.json'), reports, appVersion: '1.2.3', clock: { now: () => clock } });
    dump('completed/abc.dmp', new Date(now.getTime() - 3_600_000));
    expect(watch().check()).toBe(1);
    // Many window errors later, the file has rotated twice: no report names the dump any more.
    for (let n = 0; n < 60; n++) reports.add(redactedReport({ source: 'renderer', kind: 'uncaught', errorClass: 'TypeError', message: 'x is undefined' }, { appVersion: '1.2.3', at: now }));
    expect(reports.list(new Date(0)).filter((report) => report.source === 'crash')).toEqual([]);
    expect(watch().check()).toBe(0);
    // A dump new since is still news; the list forgets dumps once they are too old to be.
    dump('completed/def.dmp');
    expect(watch().check()).toBe(1);
    clock = new Date(now.getTime() + 20 * 24 * 60 * 60_000);
    watch().check();
    expect(JSON.parse(readFileSync(join(folder, 'errors', 'minidumps-seen.json'), 'utf8'))).toEqual([]);
  });

  it('a seen-list it cannot read is no list: the kept reports still stop a repeat', () => {
    const reports = new FileErrorReports(join(folder, 'errors'));
    mkdirSync(join(folder, 'errors'), { recursive: true });
    writeFileSync(join(folder, 'errors', 'minidumps-seen.json'), '[{"name":"abc.dmp","modifiedAt":"2026-12');
    dump('completed/abc.dmp');
    const watch = new CrashDumpWatch({ folder, seenFile: join(folder, 'errors', 'minidumps-seen.json'), reports, appVersion: '1.2.3', clock: { now: () => now } });
    expect(watch.check()).toBe(1);
    expect(watch.check()).toBe(0);
  });

  it('a window crash the shell reported already is not counted again for its dump', () => {
    const reports = new FileErrorReports(join(folder, 'errors'));
    const crashedAt = new Date(now.getTime() - 120_000);
    reports.add(redactedReport({ source: 'renderer', kind: 'crash', errorClass: 'RendererGone', message: 'gone' }, { appVersion: '1.2.3', at: new Date(crashedAt.getTime() + 500) }));
    dump('completed/window.dmp', crashedAt);
    // Another process's crash, at another time, is its own.
    dump('completed/gpu.dmp', new Date(now.getTime() - 30 * 60_000));
    const watch = new CrashDumpWatch({ folder, seenFile: join(folder, 'errors', 'minidumps-seen.json'), reports, appVersion: '1.2.3', clock: { now: () => now } });
    expect(watch.check()).toBe(1);
    expect(watch.check()).toBe(0);
    expect(reports.list(new Date(0)).map((report) => report.context.minidump ?? report.errorClass)).toEqual(['gpu.dmp', 'RendererGone']);
  });
});
