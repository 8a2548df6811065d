import { afterEach, describe, expect, it } from 'vitest';
import { describeSyncError, SyncError, toSyncError } from '../../../src-main/sync/sync-errors';
import { withPassword } from '../../../src-main/sync/sync-transport';
import { createTestApp, ownWindow, strongPassword, type TestApp } from '../../support/test-app';

const apps: TestApp[] = [];
afterEach(() => {
  for (const app of apps.splice(0)) app.close();
});

describe('sync status over IPC, before IT sets sync up', () => {
  it('staff see "not configured"; viewers may not start a sync; a window that asked gets sync.changed', async () => {
    const t = createTestApp();
    apps.push(t);
    const admin = ownWindow('admin');
    await t.app.dispatch('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' }, admin);
    await t.app.dispatch('staff.create', { email: 'vera@example.com', password: strongPassword, fullName: 'Vera Viewer', role: 'viewer' }, admin);
    const viewer = ownWindow('viewer');
    await t.app.dispatch('auth.signIn', { accountKind: 'staff', email: 'vera@example.com', password: strongPassword }, viewer);

    const status = await t.app.dispatch('sync.status', {}, viewer);
    expect(status).toMatchObject({ ok: true, data: { configured: false, state: 'not_configured', lastError: null } });
    expect(await t.app.dispatch('sync.syncNow', {}, viewer)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await t.app.dispatch('sync.dismissRefusals', {}, viewer)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await t.app.dispatch('sync.dismissRefusals', {}, admin)).toMatchObject({ ok: true, data: { rejected: 0, refusals: [] } });

    const events: unknown[] = [];
    t.app.events.subscribe((windowId, event, payload) => {
      if (event === 'sync.changed') events.push({ windowId, payload });
    });
    await t.app.dispatch('sync.status', {}, admin);
    const now = await t.app.dispatch('sync.syncNow', {}, admin);
    expect(now).toMatchObject({ ok: true, data: { configured: false, state: 'not_configured' } });
    expect(events).toContainEqual({ windowId: 'admin', payload: expect.objectContaining({ state: 'not_configured' }) });
  });
});

describe('when IT sets sync up', () => {
  it('storing the credential starts a run at once, and an unreachable database reads as offline', async () => {
    const t = createTestApp({ machineSettings: { sync: { endpoint: 'postgres://kiosk_dev_0123456789ab@127.0.0.1:9/kiosk' } } });
    apps.push(t);
    const admin = ownWindow('admin');
    await t.app.dispatch('setup.createFirstAdmin', { email: 'admin@example.com', password: strongPassword, fullName: 'Ada Admin' }, admin);
    expect(await t.app.dispatch('sync.status', {}, admin)).toMatchObject({ ok: true, data: { configured: false } });
    const changed = new Promise<unknown>((resolve) =>
      t.app.events.subscribe((_windowId, event, payload) => {
        if (event === 'sync.changed' && (payload as { state: string }).state === 'offline') resolve(payload);
      }),
    );
    expect(await t.app.dispatch('secrets.set', { name: 'sync-device-credential', value: 'device-password-1' }, admin)).toMatchObject({ ok: true });
    expect(await changed).toMatchObject({ configured: true, state: 'offline', pendingChanges: 1 });
    // Never the password, nor the endpoint, in the log.
    expect(t.logLines.join('\n')).not.toContain('device-password-1');
    expect(t.logLines.join('\n')).not.toContain('kiosk_dev_0123456789ab');
  });
});

describe('sync errors and the connection URL', () => {
  it('maps the database’s error codes to words a person can act on', () => {
    expect(toSyncError(Object.assign(new Error('device unknown'), { code: 'KS001' })).kind).toBe('revoked');
    expect(toSyncError(Object.assign(new Error('role is not permitted to log in'), { code: '28000' })).kind).toBe('revoked');
    // The two messages sync.require_device raises.
    const newer = toSyncError(Object.assign(new Error('Sync schema version mismatch: this app uses version 2, the hosted database is at version 3. Update the app on this device.'), { code: 'KS002' }));
    expect(newer.kind).toBe('schema_mismatch');
    expect(describeSyncError(newer)).toContain('The hosted database is on a newer version; install the latest app.');
    const older = toSyncError(Object.assign(new Error('Sync schema version mismatch: this app uses version 3, the hosted database is at version 2. Update the hosted database (npm run cli -- hosted-db migrate).'), { code: 'KS002' }));
    expect(describeSyncError(older)).toContain('ask IT to update it');
    expect(toSyncError(Object.assign(new Error('bad cursor'), { code: 'KS004' })).kind).toBe('bad_request');
    expect(toSyncError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })).kind).toBe('offline');
    expect(describeSyncError(new SyncError('offline', 'x'))).toBe('Can’t reach the hosted database; changes are kept and will sync when the network is back.');
  });

  it('puts the keychain password into the endpoint only for pg, encoded', () => {
    const url = withPassword('postgres://kiosk_dev_abc@db.example.com:5432/app?sslmode=require', 'p@ss:w/rd%');
    expect(decodeURIComponent(new URL(url).password)).toBe('p@ss:w/rd%');
    expect(new URL(url).searchParams.get('sslmode')).toBe('require');
    expect(() => withPassword('https://example.com', 'x')).toThrow(SyncError);
  });
});
