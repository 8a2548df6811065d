import { afterEach, describe, expect, it } from 'vitest';
import { revokeDevice } from '../../../src-main/sync/hosted-db/device-admin';
import { useTestPostgres } from '../../support/postgres';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy';
import { asOwner, enrolledDevice, hostedDatabase, type Device } from './hosted-support';

/*
 * Issue 22, point 1: one connection per device, kept across runs and the
 * one-off calls between them (no TCP + TLS + SCRAM per run over a real
 * round trip), reopened when it is lost, the login changes or it idles.
 * The app here uses the product's own connection (no test transport).
 */

const postgres = useTestPostgres();
const devices: Device[] = [];
const proxies: TcpProxy[] = [];
afterEach(async () => {
  for (const device of devices.splice(0)) device.close();
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

async function keptDevice(options: { idleMs?: number; viaProxy?: boolean } = {}): Promise<{ url: string; device: Device; proxy: TcpProxy | null }> {
  const url = await hostedDatabase(() => postgres.current.createDatabase());
  const proxy = options.viaProxy ? await startTcpProxy(Number(new URL(url).port)) : null;
  if (proxy) proxies.push(proxy);
  const device = await enrolledDevice(url, 'kiosk', { keptConnection: { idleMs: options.idleMs ?? 60_000 }, ...(proxy ? { viaPort: proxy.port } : {}) });
  devices.push(device);
  return { url, device, proxy };
}

/** The device's sessions on the server (this test's database holds only its own). */
async function devicePids(url: string): Promise<number[]> {
  const rows = await asOwner<{ pid: number }>(url, `SELECT pid FROM pg_stat_activity WHERE application_name = 'teamified-kiosk' AND datname = current_database() ORDER BY pid`);
  return rows.map((row) => row.pid);
}

/** Waits for the server to see `count` sessions of the device (a closed connection leaves pg_stat_activity shortly after). */
async function untilSessions(url: string, count: number): Promise<number[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const pids = await devicePids(url);
    if (pids.length === count || Date.now() > deadline) return pids;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const sync = async (device: Device) => device.app.services.sync.syncNow();

describe('the kept connection to the hosted database', () => {
  it('carries consecutive runs and one-off calls on one backend', async () => {
    const { url, device } = await keptDevice();
    const [first] = await untilSessions(url, 1);
    expect(first).toBeGreaterThan(0);
    expect(await sync(device)).toMatchObject({ state: 'idle', lastError: null });
    expect(await sync(device)).toMatchObject({ state: 'idle', lastError: null });
    expect(await device.app.services.sync.withSession((session) => session.autoApproveDue())).toEqual([]);
    expect(await devicePids(url)).toEqual([first]);
  });

  it('reconnects after the server ended the session between runs', async () => {
    const { url, device } = await keptDevice();
    const [first] = await untilSessions(url, 1);
    await asOwner(url, 'SELECT pg_terminate_backend($1)', [first]);
    await untilSessions(url, 0);
    expect(await sync(device)).toMatchObject({ state: 'idle', lastError: null });
    const after = await devicePids(url);
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(first);
  });

  it('sends a call again once on a new connection when the kept one turns out to be gone', async () => {
    const { url, device, proxy } = await keptDevice({ viaProxy: true });
    const [first] = await untilSessions(url, 1);
    // The server gets the run's one call (sync.exchange: nothing to push) and answers; the answer never arrives and the connection is cut.
    let lost = 0;
    proxy!.loseAnswerTo('sync.exchange', () => lost++);
    expect(await sync(device)).toMatchObject({ state: 'idle', lastError: null });
    expect(lost).toBe(1);
    const after = await untilSessions(url, 1);
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(first);
  });

  it('fails the run (for the scheduler to back off) when the connection is lost again on the new one', async () => {
    const { device, proxy } = await keptDevice({ viaProxy: true });
    proxy!.loseAnswerTo('sync.exchange', () => proxy!.setOffline(true));
    expect(await sync(device)).toMatchObject({ state: 'offline' });
    proxy!.setOffline(false);
    expect(await sync(device)).toMatchObject({ state: 'idle', lastError: null });
  });

  it('closes after the idle timeout and opens again for the next run', async () => {
    const { url, device } = await keptDevice({ idleMs: 1500 });
    expect(await untilSessions(url, 0)).toEqual([]);
    expect(await sync(device)).toMatchObject({ state: 'idle', lastError: null });
    // Kept after the run, until it has idled.
    expect(await devicePids(url)).toHaveLength(1);
    expect(await untilSessions(url, 0)).toEqual([]);
  });

  it('a new password closes the old connection and opens one with it', async () => {
    const { url, device } = await keptDevice();
    const [first] = await untilSessions(url, 1);
    const [{ role } = { role: '' }] = await asOwner<{ role: string }>(url, 'SELECT role_name AS role FROM sync.devices WHERE id = $1', [device.deviceId]);
    await asOwner(url, `ALTER ROLE "${role}" PASSWORD 'a-new-device-password'`);
    await device.secrets.set('sync-device-credential', 'a-new-device-password');
    expect(await sync(device)).toMatchObject({ state: 'idle', lastError: null });
    const after = await untilSessions(url, 1);
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(first);
  });

  it('a change of the network settings (proxy, CA bundle) closes the old connection and opens one with them', async () => {
    const { url, device } = await keptDevice();
    const [first] = await untilSessions(url, 1);
    expect(await sync(device)).toMatchObject({ state: 'idle', lastError: null });
    expect(await devicePids(url)).toEqual([first]);
    device.settings.update({ network: { proxyMode: 'direct' } });
    expect(await sync(device)).toMatchObject({ state: 'idle', lastError: null });
    const after = await untilSessions(url, 1);
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(first);
  });

  it('a revoked device is refused and keeps no connection open', async () => {
    const { url, device } = await keptDevice();
    await untilSessions(url, 1);
    await revokeDevice(url, device.deviceId);
    expect(await sync(device)).toMatchObject({ state: 'error' });
    expect(device.app.services.sync.status().lastError).toContain('revoked');
    expect(await untilSessions(url, 0)).toEqual([]);
  });

  it('closes when the app closes', async () => {
    const { url, device } = await keptDevice();
    await untilSessions(url, 1);
    devices.splice(0);
    device.close();
    expect(await untilSessions(url, 0)).toEqual([]);
  });
});
