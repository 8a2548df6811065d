import { describe, expect, it } from 'vitest';
import type { SyncStatusView } from '../../../shared/ipc/sync-channels';
import { SyncError } from '../../../src-main/sync/sync-errors';
import { checkSync, readSync, STALE_SYNC_MS, type SyncReading, type SyncSource } from '../../../src-main/self-check/sync-check';
import { FakeClock } from '../../support/test-app';

function status(patch: Partial<SyncStatusView> = {}): SyncStatusView {
  return { configured: true, state: 'idle', lastSyncAt: null, pendingChanges: 0, pendingFiles: 0, lastError: null, rejected: 0, refusals: [], waiting: 0, waitingRows: [], ...patch };
}

const NOW = new Date('2026-11-25T09:00:00.000Z');
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();
const reached: SyncReading['hello'] = { ok: true, clock: null };

describe('reading sync', () => {
  it('asks the hosted database hello once sync is set up, timing it on the device clock', async () => {
    const clock = new FakeClock(NOW);
    let sessions = 0;
    const source: SyncSource = {
      currentStatus: async () => status(),
      withSession: async (work) => {
        sessions += 1;
        return work({
          hello: async () => {
            clock.advance(400);
            return { serverTime: '2026-11-25T09:00:00.150Z' };
          },
        });
      },
    };
    const reading = await readSync(source, clock);
    expect(sessions).toBe(1);
    expect(reading.hello).toEqual({
      ok: true,
      clock: { serverTime: new Date('2026-11-25T09:00:00.150Z'), sentAt: NOW, receivedAt: new Date('2026-11-25T09:00:00.400Z') },
    });
  });

  it('asks nothing when sync is not set up', async () => {
    const source: SyncSource = { currentStatus: async () => status({ configured: false, state: 'not_configured' }), withSession: () => Promise.reject(new Error('not asked')) };
    expect((await readSync(source, new FakeClock())).hello).toBeNull();
  });

  it('keeps the sync server’s refusal or silence as what it said', async () => {
    const refusing: SyncSource = { currentStatus: async () => status(), withSession: () => Promise.reject(new SyncError('revoked', 'The hosted database refused this device’s credential.')) };
    expect((await readSync(refusing, new FakeClock())).hello).toEqual({ ok: false, message: 'The hosted database refused this device’s credential.' });
    const silent: SyncSource = { currentStatus: async () => status(), withSession: () => new Promise(() => {}) };
    expect((await readSync(silent, new FakeClock(), 20)).hello).toMatchObject({ ok: false, message: expect.stringMatching(/^No answer within/) });
  });

  it('has no clock reading when the server’s time does not parse', async () => {
    const source: SyncSource = { currentStatus: async () => status(), withSession: (work) => work({ hello: async () => ({ serverTime: 'soon' }) }) };
    expect((await readSync(source, new FakeClock())).hello).toEqual({ ok: true, clock: null });
  });
});

describe('the sync check', () => {
  it('passes when the hosted database answers and nothing has waited long', () => {
    expect(checkSync({ status: status({ lastSyncAt: minutesAgo(3), pendingChanges: 2 }), hello: reached }, NOW)).toEqual({
      id: 'sync',
      label: 'Sync',
      status: 'ok',
      detail: 'The hosted database answered; last synced 3 minutes ago, and 2 changes and 0 files are waiting to be sent.',
      fix: null,
    });
  });

  it('warns when sync is not set up, saying how IT sets it up', () => {
    const result = checkSync({ status: status({ configured: false, state: 'not_configured' }), hello: null }, NOW);
    expect(result).toMatchObject({ status: 'warn', detail: expect.stringContaining('Sync is not set up') });
    expect(result.fix).toMatch(/hosted-db enrol-device/);
  });

  it('warns, never fails, when the hosted database cannot be reached: interviews are kept on the device', () => {
    const result = checkSync({ status: status({ lastSyncAt: minutesAgo(45) }), hello: { ok: false, message: 'The hosted database could not be reached (ECONNREFUSED).' } }, NOW);
    expect(result.status).toBe('warn');
    expect(result.detail).toContain('ECONNREFUSED');
    expect(result.detail).toContain('last synced 45 minutes ago');
    expect(result.fix).toMatch(/firewall/);
  });

  it('warns about changes waiting for over a day, or never synced', () => {
    const stale = new Date(NOW.getTime() - STALE_SYNC_MS - 60_000).toISOString();
    expect(checkSync({ status: status({ lastSyncAt: stale, pendingChanges: 1 }), hello: reached }, NOW).status).toBe('warn');
    expect(checkSync({ status: status({ lastSyncAt: null, pendingFiles: 1 }), hello: reached }, NOW)).toMatchObject({ status: 'warn', detail: expect.stringContaining('it has not synced yet') });
    // Nothing waiting: an old sync is no worry.
    expect(checkSync({ status: status({ lastSyncAt: stale }), hello: reached }, NOW).status).toBe('ok');
  });

  it('warns about refused changes and a failed last run, with both fixes', () => {
    const result = checkSync({ status: status({ lastSyncAt: minutesAgo(1), rejected: 2, state: 'error', lastError: 'A change broke a rule.' }), hello: reached }, NOW);
    expect(result.status).toBe('warn');
    expect(result.detail).toContain('refused 2 changes');
    expect(result.detail).toContain('The last sync run failed: A change broke a rule.');
    expect(result.fix).toMatch(/Refused changes/);
    expect(result.fix).toMatch(/Sync now/);
  });

  it('warns about pulled rows left waiting for a parent, and says who checks what', () => {
    const ok = checkSync({ status: status({ lastSyncAt: minutesAgo(1) }), hello: reached }, NOW);
    expect(ok.status).toBe('ok');
    const result = checkSync({ status: status({ lastSyncAt: minutesAgo(1), waiting: 3 }), hello: reached }, NOW);
    expect(result.status).toBe('warn');
    expect(result.detail).toContain('3 rows pulled from the hosted database wait for a row they belong to');
    expect(result.fix).toMatch(/IT checks on the hosted database/);
  });
});
