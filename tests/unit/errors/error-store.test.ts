import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileErrorReports } from '../../../src-main/errors/error-store';
import { redactedReport } from '../../../src-main/errors/redact-error';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-errors-'));
  folders.push(dir);
  return join(dir, 'errors');
}

const report = (at: string, message = 'database is locked') =>
  redactedReport({ source: 'core', kind: 'uncaught', errorClass: 'SqliteError', message }, { appVersion: '1.4.0', at: new Date(at) });

describe('FileErrorReports', () => {
  it('keeps reports across instances (another process), lists and counts them since a time, and notes what was sent', () => {
    const dir = folder();
    const first = report('2026-12-06T10:00:00.000Z');
    const second = report('2026-12-07T10:00:00.000Z');
    new FileErrorReports(dir).add(first);
    const store = new FileErrorReports(dir);
    store.add(second);
    expect(store.count(new Date(0))).toBe(2);
    expect(store.list(new Date('2026-12-07T00:00:00.000Z')).map((r) => r.id)).toEqual([second.id]);
    store.markSent([first.id], new Date('2026-12-07T11:00:00.000Z'));
    expect(store.list(new Date(0)).map((r) => r.sentAt)).toEqual(['2026-12-07T11:00:00.000Z', null]);
    // Private to the app's user.
    expect(statSync(join(dir, 'errors.jsonl')).mode & 0o777).toBe(0o600);
  });

  it('rotates past its size, keeping the previous file only: bounded on disk', () => {
    const dir = folder();
    const store = new FileErrorReports(dir, { maxBytes: 2_000 });
    for (let index = 0; index < 60; index += 1) store.add(report(new Date(Date.UTC(2026, 11, 7, 0, index)).toISOString()));
    expect(readdirSync(dir).sort()).toEqual(['errors.1.jsonl', 'errors.jsonl']);
    const kept = store.count(new Date(0));
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(60);
    // The newest is always among those kept.
    expect(store.list(new Date(0)).at(-1)!.at).toBe('2026-12-07T00:59:00.000Z');
  });

  it('counts the unsent reports a rotation drops, across every later rotation, and says so; sent ones go unsaid', () => {
    const dir = folder();
    const dropped: number[] = [];
    const store = new FileErrorReports(dir, { maxBytes: 2_000, onDropped: (count) => dropped.push(count) });
    for (let index = 0; index < 60; index += 1) store.add(report(new Date(Date.UTC(2026, 11, 7, 0, index)).toISOString()));
    const kept = store.count(new Date(0));
    // Every report is either still in the files or counted as dropped.
    expect(store.dropped()).toBe(60 - kept);
    expect(dropped.reduce((a, b) => a + b, 0)).toBe(60 - kept);
    expect(new FileErrorReports(dir).dropped()).toBe(60 - kept);

    // Reports the collector accepted are not lost when they go.
    const sentDir = folder();
    const sentStore = new FileErrorReports(sentDir, { maxBytes: 2_000, onDropped: (count) => dropped.push(count * 1000) });
    for (let index = 0; index < 60; index += 1) {
      const each = report(new Date(Date.UTC(2026, 11, 7, 0, index)).toISOString());
      sentStore.add(each);
      sentStore.markSent([each.id], new Date(Date.UTC(2026, 11, 7, 0, index, 30)));
    }
    expect(sentStore.dropped()).toBe(0);
    expect(dropped.every((count) => count < 1000)).toBe(true);
  });

  it('a line cut short by a crash is skipped; a folder it cannot write loses the report, not the process', () => {
    const dir = folder();
    const store = new FileErrorReports(dir);
    store.add(report('2026-12-07T10:00:00.000Z'));
    appendFileSync(join(dir, 'errors.jsonl'), '{"report":{"id":"x","at":"2026-12');
    expect(store.count(new Date(0))).toBe(1);
    const failures: unknown[] = [];
    const blocked = new FileErrorReports(join(dir, 'errors.jsonl', 'inside-a-file'), { onWriteFailure: (error) => failures.push(error) });
    expect(() => blocked.add(report('2026-12-07T10:00:00.000Z'))).not.toThrow();
    expect(failures).toHaveLength(1);
  });
});
