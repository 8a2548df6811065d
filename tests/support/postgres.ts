import { afterAll, beforeAll } from 'vitest';
import { startTestPostgres, type TestPostgres } from './postgres-server';

export { databaseUrl, startTestPostgres, urlAs, type TestPostgres } from './postgres-server';

/**
 * One server per test file: starts it before the file's tests and stops it
 * after. Read `.current` inside tests (it is set in beforeAll).
 */
export function useTestPostgres(): { readonly current: TestPostgres } {
  let instance: TestPostgres | undefined;
  beforeAll(async () => {
    instance = await startTestPostgres();
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
