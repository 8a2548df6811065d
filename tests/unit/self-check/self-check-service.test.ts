import { describe, expect, it } from 'vitest';
import type { SyncStatusView } from '../../../shared/ipc/sync-channels';
import { selfCheckReportSchema } from '../../../shared/ipc/kiosk-channels';
import { createLogger } from '../../../src-main/logging/logger';
import { SelfCheckService, type SelfCheckDeps } from '../../../src-main/self-check/self-check-service';
import { FakeClock } from '../../support/test-app';

const notConfigured: SyncStatusView = { configured: false, state: 'not_configured', lastSyncAt: null, pendingChanges: 0, pendingFiles: 0, lastError: null, rejected: 0, refusals: [], waiting: 0, waitingRows: [] };

function service(patch: Partial<SelfCheckDeps> = {}, lines: string[] = []): SelfCheckService {
  return new SelfCheckService({
    keychain: { backend: 'Secret Service via keytar', problem: null, hasOpenAiKey: async () => true },
    provider: { target: () => ({ host: 'api.openai.com', model: 'gpt-4o-mini' }), probe: async () => ({ ok: true, latencyMs: 300 }) },
    sync: { currentStatus: async () => notConfigured, withSession: async () => null },
    disk: { folder: '/data', freeBytes: async () => 50 * 1024 ** 3 },
    clock: new FakeClock(),
    mode: () => 'kiosk',
    logger: createLogger({ level: 'debug', sink: (line) => lines.push(line) }),
    ...patch,
  });
}

describe('the self-check service', () => {
  it('runs every check main can make, once each, in a report the channel accepts', async () => {
    const report = await service().run();
    expect(selfCheckReportSchema.parse(report)).toEqual(report);
    expect(report.checkedAt).toBe('2026-11-25T09:00:00.000Z');
    expect(report.checks.map((check) => [check.id, check.status])).toEqual([
      ['keychain', 'ok'],
      ['os-kiosk', 'unknown'],
      ['sandbox', 'unknown'],
      ['displays', 'unknown'],
      ['disk', 'ok'],
      ['sync', 'warn'],
      ['clock', 'unknown'],
      ['provider', 'ok'],
    ]);
  });

  it('uses the shell’s latest report for sandbox, displays and the OS kiosk lock', async () => {
    const checking = service();
    checking.reportShell({ platform: 'linux', sandboxed: true, displays: 1, builtInDisplays: 1, osKiosk: 'missing' });
    checking.reportShell({ platform: 'linux', sandboxed: true, displays: 2, builtInDisplays: 1, osKiosk: 'present' });
    const statuses = Object.fromEntries((await checking.run()).checks.map((check) => [check.id, check.status]));
    // Two displays where IT allows one (the default): no sitting can open.
    expect(statuses).toMatchObject({ 'os-kiosk': 'ok', sandbox: 'ok', displays: 'fail' });
  });

  it('compares the clock with the hosted database’s when sync answers', async () => {
    const clock = new FakeClock();
    const sync: SelfCheckDeps['sync'] = {
      currentStatus: async () => ({ ...notConfigured, configured: true, state: 'idle', lastSyncAt: clock.now().toISOString() }),
      withSession: (work) => work({ hello: async () => ({ serverTime: new Date(clock.now().getTime() - 10 * 60_000).toISOString() }) }),
    };
    const checks = Object.fromEntries((await service({ sync, clock }).run()).checks.map((check) => [check.id, check]));
    expect(checks['sync']!.status).toBe('ok');
    expect(checks['clock']).toMatchObject({ status: 'warn', detail: 'This device’s clock is 10 minutes ahead of the hosted database’s.' });
  });

  it('reports a check that throws as not checked, logs it, and still answers the rest', async () => {
    const lines: string[] = [];
    const report = await service(
      {
        disk: { folder: '/data', freeBytes: async () => 50 * 1024 ** 3 },
        sync: { currentStatus: () => Promise.reject(new Error('database closed')), withSession: async () => null },
        provider: { target: () => { throw new Error('settings unreadable'); }, probe: async () => ({ ok: true, latencyMs: 1 }) },
      },
      lines,
    ).run();
    const statuses = Object.fromEntries(report.checks.map((check) => [check.id, check.status]));
    expect(statuses).toMatchObject({ sync: 'unknown', clock: 'unknown', provider: 'unknown', keychain: 'ok', disk: 'ok' });
    expect(report.checks.find((check) => check.id === 'sync')!.detail).toMatch(/could not be run/);
    const logged = lines.map((line) => JSON.parse(line) as { msg: string; check?: string });
    expect(logged.filter((line) => line.msg === 'a self-check failed to run').map((line) => line.check).sort()).toEqual(['provider', 'sync']);
    expect(logged.some((line) => line.msg === 'self-check run')).toBe(true);
  });

  it('adds the offline question audio line when it has the bank audio to ask, and reports it not checked if asking throws', async () => {
    const ready = { state: 'complete', questionsReady: 360, questions: 360, partsReady: 569, parts: 569, problem: null, nextTryAt: null } as const;
    const report = await service({ bankAudio: async () => ready }).run();
    expect(selfCheckReportSchema.parse(report)).toEqual(report);
    expect(report.checks.at(-1)).toMatchObject({ id: 'bank-audio', status: 'ok', detail: expect.stringMatching(/^Complete: all 360/) });

    const broken = await service({ bankAudio: () => Promise.reject(new Error('cache folder unreadable')) }).run();
    expect(broken.checks.find((check) => check.id === 'bank-audio')).toMatchObject({ status: 'unknown', label: 'Offline question audio', detail: expect.stringMatching(/could not be run/) });
  });
});
