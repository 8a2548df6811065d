import { afterEach, describe, expect, it } from 'vitest';
import type { NetworkSettings } from '../../../shared/domain/settings';
import { Network } from '../../../src-main/providers/network/network';
import { MemorySecretStore } from '../../../src-main/secrets/memory-secret-store';
import { describeSyncError, SyncError } from '../../../src-main/sync/sync-errors';
import { PgSyncTransport } from '../../../src-main/sync/sync-transport';
import { startConnectProxy, type ConnectProxy } from '../../support/connect-proxy';
import { useTestPostgres } from '../../support/postgres';

/**
 * The device's Postgres connection through the corporate proxy (issue 20,
 * point 7): pg gets a stream that opens a CONNECT tunnel, and speaks its
 * own protocol inside it to the real server the tests started.
 */
const postgres = useTestPostgres();
let proxy: ConnectProxy | null = null;
afterEach(async () => {
  await proxy?.close();
  proxy = null;
});

async function transport(network: Partial<NetworkSettings>, proxyPassword: string | null = null): Promise<{ open: () => Promise<unknown>; port: string }> {
  const url = new URL(await postgres.current.createDatabase());
  const password = decodeURIComponent(url.password);
  url.password = '';
  const settings: NetworkSettings = { proxyMode: 'manual', proxyUrl: '', proxyUsername: '', proxyBypass: '<-loopback>', caBundlePath: '', ...network };
  const access = await new Network({ settings: () => settings, secrets: new MemorySecretStore(proxyPassword ? { 'proxy-password': proxyPassword } : {}) }).access();
  const pg = new PgSyncTransport({ endpoint: url.toString(), password, network: access, connectTimeoutMs: 5000 });
  return { open: () => pg.open().then((session) => session.close()), port: url.port };
}

describe('sync to Postgres through a CONNECT proxy', () => {
  it('connects through the tunnel with the stored proxy password', async () => {
    proxy = await startConnectProxy({ credentials: { username: 'kiosk-07', password: 'pg-proxy-pass' } });
    const t = await transport({ proxyUrl: proxy.url, proxyUsername: 'kiosk-07' }, 'pg-proxy-pass');
    await t.open();
    expect(proxy.requests).toEqual([{ target: `127.0.0.1:${t.port}`, status: 200 }]);
  });

  it('a proxy refusing the credentials is a sync error in its own words', async () => {
    proxy = await startConnectProxy({ credentials: { username: 'kiosk-07', password: 'pg-proxy-pass' } });
    const t = await transport({ proxyUrl: proxy.url, proxyUsername: 'kiosk-07' }, 'wrong');
    const error = await t.open().then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(SyncError);
    expect(describeSyncError(error)).toBe(
      `The proxy ${proxy.url} (Network → Proxy address) refused the username and password for the connection to 127.0.0.1:${t.port} (HTTP 407). Check Network → Proxy username and the stored "Proxy password". Changes are kept meanwhile.`,
    );
  });
});
