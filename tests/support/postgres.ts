import { afterAll, beforeAll, inject } from 'vitest';
import { borrowTestPostgres } from './postgres-pool';
import { startTestPostgres, type TestPostgres } from './postgres-server';

export { databaseUrl, startTestPostgres, urlAs, type TestPostgres } from './postgres-server';

/**
 * A PostgreSQL server for one test file, from before its tests until after
 * them. In the integration project it is borrowed from the run's pool
 * (./postgres-global-setup.ts): already running, the file's alone while it
 * runs, and its databases and device roles dropped when it is given back.
 * Elsewhere (no pool) the file starts a server of its own, or uses
 * TEST_DATABASE_URL when set. Read `.current` inside tests (it is set in
 * beforeAll).
 */
export function useTestPostgres(): { readonly current: TestPostgres } {
  let instance: TestPostgres | undefined;
  beforeAll(async () => {
    const pool = process.env['TEST_DATABASE_URL'] ? null : inject('testPostgresPool');
    instance = pool ? await borrowTestPostgres(pool) : await startTestPostgres();
  }, 60_000);
  afterAll(async () => {
    await instance?.stop();
  }, 60_000);
  return {
    get current(): TestPostgres {
      if (!instance) throw new Error('useTestPostgres(): the server is not started yet (use it inside a test or hook).');
      return instance;
    },
  };
}
