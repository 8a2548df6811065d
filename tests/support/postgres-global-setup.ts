import type { TestProject } from 'vitest/node';
import { startPostgresPool } from './postgres-pool';
import { startEmbeddedPostgres, TEST_POSTGRES_HOST_NAME } from './postgres-server';
import { makeTestCertificates } from './test-ca';

declare module 'vitest' {
  export interface ProvidedContext {
    /** host:port of the run's pool of embedded PostgreSQL servers, or null with TEST_DATABASE_URL set. */
    testPostgresPool: string | null;
  }
}

/**
 * The integration project's global setup: a pool of embedded PostgreSQL
 * servers for the whole run (./postgres-pool.ts), so a test file borrows a
 * running server instead of starting its own. Servers start when the first
 * file asks; none start for a run that needs none. With TEST_DATABASE_URL
 * set, files use that server (in databases of their own) and no pool runs.
 * The pool's servers also accept TLS, with a certificate from a test CA made
 * here (~50 ms) whose PEM a file reads as `postgres.current.caCert`; plain
 * connections work as before.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env['TEST_DATABASE_URL']) {
    project.provide('testPostgresPool', null);
    return undefined;
  }
  const tls = makeTestCertificates('Kiosk Test Postgres CA', { dnsNames: [TEST_POSTGRES_HOST_NAME] });
  const pool = await startPostgresPool(() => startEmbeddedPostgres({ tls }));
  project.provide('testPostgresPool', pool.address);
  return () => pool.close();
}
