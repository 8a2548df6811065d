import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { useTestPostgres } from '../../support/postgres';
import { makeTestCertificates } from '../../support/test-ca';

/*
 * The pool's embedded PostgreSQL accepts TLS with a certificate from the
 * run's test CA (tests/support/postgres-global-setup.ts), for the sync tests
 * and benchmarks that need an encrypted, verified connection; plain
 * connections still work for everything else.
 */

const postgres = useTestPostgres();

async function sslOfSession(config: pg.ClientConfig): Promise<boolean> {
  const client = new pg.Client(config);
  await client.connect();
  try {
    const result = await client.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    return result.rows[0]?.ssl ?? false;
  } finally {
    await client.end();
  }
}

// TEST_DATABASE_URL's server is someone else's: its CA (if any) is not known here.
describe.skipIf(Boolean(process.env['TEST_DATABASE_URL']))('the test PostgreSQL with TLS', () => {
  it('gives a TLS session whose certificate verifies against the CA it provides', async () => {
    const ca = postgres.current.caCert;
    expect(ca).toContain('BEGIN CERTIFICATE');
    const url = postgres.current.adminUrl;
    expect(await sslOfSession({ connectionString: url, ssl: { ca: ca ?? '', rejectUnauthorized: true } })).toBe(true);
    // The certificate names localhost as well as 127.0.0.1.
    const byName = new URL(url);
    byName.hostname = 'localhost';
    expect(await sslOfSession({ connectionString: byName.toString(), ssl: { ca: ca ?? '', rejectUnauthorized: true } })).toBe(true);
  });

  it('still accepts plain connections', async () => {
    expect(await sslOfSession({ connectionString: postgres.current.adminUrl })).toBe(false);
  });

  it('is refused by a client that trusts another CA: the certificate really is checked', async () => {
    const other = makeTestCertificates('Some Other CA');
    await expect(sslOfSession({ connectionString: postgres.current.adminUrl, ssl: { ca: other.caCert, rejectUnauthorized: true } })).rejects.toThrow(
      /self-signed certificate in certificate chain|unable to verify|unable to get local issuer/,
    );
  });
});
