import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkSettings } from '../../../shared/domain/settings';
import { Network } from '../../../src-main/providers/network/network';
import { MemorySecretStore } from '../../../src-main/secrets/memory-secret-store';
import { queryRows } from '../../../src-main/sync/hosted-db/pg-client';
import { describeSyncError, SyncError } from '../../../src-main/sync/sync-errors';
import { PgSyncTransport } from '../../../src-main/sync/sync-transport';
import { startConnectProxy, type ConnectProxy } from '../../support/connect-proxy';
import { useTestPostgres } from '../../support/postgres';
import { TEST_POSTGRES_HOST_NAME } from '../../support/postgres-server';

/*
 * Issue 22, point 1: sync to a database beyond this computer only over TLS
 * with the certificate and its name verified. The test server (the pool's,
 * TLS on, its certificate from a test CA, also for postgres.kiosk.test) is
 * reached by names beyond loopback through a CONNECT proxy that resolves
 * them to 127.0.0.1, so the device treats it as remote.
 */

const postgres = useTestPostgres();
const OTHER_NAME = 'elsewhere.kiosk.test';
let dir: string;
let bundlePath: string;
let proxy: ConnectProxy;
let database: URL;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-sync-tls-'));
  bundlePath = join(dir, 'it-ca.pem');
  writeFileSync(bundlePath, postgres.current.caCert ?? '');
  database = new URL(await postgres.current.createDatabase());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => proxy?.close());

async function transport(options: { host: string; query?: string; caBundle: boolean }): Promise<PgSyncTransport> {
  proxy = await startConnectProxy({ hosts: { [TEST_POSTGRES_HOST_NAME]: '127.0.0.1', [OTHER_NAME]: '127.0.0.1' } });
  const settings: NetworkSettings = { proxyMode: 'manual', proxyUrl: proxy.url, proxyUsername: '', proxyBypass: '', caBundlePath: options.caBundle ? bundlePath : '' };
  const network = await new Network({ settings: () => settings, secrets: new MemorySecretStore() }).access();
  const endpoint = new URL(database);
  endpoint.hostname = options.host;
  endpoint.password = '';
  endpoint.search = options.query ?? '';
  return new PgSyncTransport({ endpoint: endpoint.toString(), password: decodeURIComponent(database.password), network, connectTimeoutMs: 5000 });
}

async function refusal(opening: Promise<unknown>): Promise<SyncError> {
  const error = await opening.then(
    () => null,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(SyncError);
  return error as SyncError;
}

/** Whether the server sees this app's session as TLS (pg_stat_ssl), asked as the admin over loopback. */
async function serverSeesTls(): Promise<boolean[]> {
  const rows = await queryRows<{ ssl: boolean }>(
    postgres.current.adminUrl,
    `SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.application_name = 'teamified-kiosk' AND a.datname = $1`,
    [database.pathname.slice(1)],
  );
  return rows.map((row) => row.ssl);
}

describe.skipIf(Boolean(process.env['TEST_DATABASE_URL']))('sync TLS beyond loopback', () => {
  it('with no sslmode, verifies the certificate against IT’s CA bundle and connects over TLS', async () => {
    const session = await (await transport({ host: TEST_POSTGRES_HOST_NAME, caBundle: true })).open();
    try {
      expect(await serverSeesTls()).toEqual([true]);
    } finally {
      await session.close();
    }
    expect(proxy.requests).toEqual([{ target: `${TEST_POSTGRES_HOST_NAME}:${database.port}`, status: 200 }]);
  });

  it('refuses a certificate from a CA this device does not trust, naming it and what IT must set', async () => {
    const error = await refusal((await transport({ host: TEST_POSTGRES_HOST_NAME, caBundle: false })).open());
    expect(error.kind).toBe('insecure');
    expect(describeSyncError(error)).toBe(
      `The connection to ${TEST_POSTGRES_HOST_NAME} was intercepted by a certificate this device does not trust (issuer: CN=Kiosk Test Postgres CA, O=Kiosk Tests). If your network inspects TLS, ask IT for its CA bundle and set Network → CA bundle. Changes are kept meanwhile.`,
    );
    expect(await serverSeesTls()).toEqual([]);
  });

  it('sslmode=require is held to verify-full: an untrusted certificate is still refused', async () => {
    const error = await refusal((await transport({ host: TEST_POSTGRES_HOST_NAME, query: '?sslmode=require', caBundle: false })).open());
    expect(error.kind).toBe('insecure');
  });

  it('refuses a host name the certificate is not for, even from a trusted CA', async () => {
    const error = await refusal((await transport({ host: OTHER_NAME, caBundle: true })).open());
    expect(error.kind).toBe('insecure');
    expect(error.message).toContain(`The hosted database's certificate is not for ${OTHER_NAME} (it names IP Address:127.0.0.1, DNS:localhost, DNS:${TEST_POSTGRES_HOST_NAME})`);
    expect(error.message).toContain('Ask IT to fix the Sync endpoint setting');
    expect(await serverSeesTls()).toEqual([]);
  });

  it.each(['sslmode=disable', 'sslmode=prefer', 'sslmode=allow', 'ssl=0'])('refuses %s without connecting', async (setting) => {
    const error = await refusal((await transport({ host: TEST_POSTGRES_HOST_NAME, query: `?${setting}`, caBundle: true })).open());
    expect(error.kind).toBe('insecure');
    expect(describeSyncError(error)).toBe(
      `The sync endpoint lets the connection to ${TEST_POSTGRES_HOST_NAME} go unencrypted (${setting}), so this device did not connect. Ask IT to fix the Sync endpoint setting: leave ${setting} out, or use sslmode=verify-full (TLS with the server's certificate and name checked). Changes are kept meanwhile.`,
    );
    expect(proxy.requests).toEqual([]);
  });

  it('refuses sslmode=no-verify (TLS without checking the certificate) without connecting', async () => {
    const error = await refusal((await transport({ host: TEST_POSTGRES_HOST_NAME, query: '?sslmode=no-verify', caBundle: true })).open());
    expect(error.kind).toBe('insecure');
    expect(error.message).toContain('too weak (the server’s certificate would not be checked)');
    expect(proxy.requests).toEqual([]);
  });

  it('on loopback, a plain connection is still allowed (no one else is on the line)', async () => {
    const endpoint = new URL(database);
    endpoint.password = '';
    const session = await new PgSyncTransport({ endpoint: endpoint.toString(), password: decodeURIComponent(database.password) }).open();
    try {
      expect(await serverSeesTls()).toEqual([false]);
    } finally {
      await session.close();
    }
  });
});
