import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { defaultMigrationsDir } from '../../../../src-main/sync/hosted-db/migrate-hosted-db';
import { sqlState, useSyncDatabase } from './support';

/*
 * Issue 22, point 1: a fleet respects the server's connection limit. Each
 * device login may hold 3 connections (one kept, room for a reconnect the
 * server has not noticed yet) and has its statement timeout as a role
 * setting, not a startup parameter a transaction pooler would refuse.
 */

const db = useSyncDatabase();

describe('device logins and the connection limit', () => {
  it('a new device login may hold 3 connections, and has a 30 s statement timeout of its own', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    const { rows } = await sync.admin.query<{ rolconnlimit: number; rolconfig: string[] | null }>('SELECT rolconnlimit, rolconfig FROM pg_roles WHERE rolname = $1', [kiosk.roleName]);
    expect(rows).toEqual([{ rolconnlimit: 3, rolconfig: ['statement_timeout=30s'] }]);
    expect((await kiosk.client.query<{ statement_timeout: string }>('SHOW statement_timeout')).rows[0]?.statement_timeout).toBe('30s');

    // kiosk.client is the first; two more fit, a fourth is refused by the server.
    await db.open(kiosk.url);
    await db.open(kiosk.url);
    const fourth = new pg.Client({ connectionString: kiosk.url });
    fourth.on('error', () => undefined);
    expect((await sqlState(fourth.connect()))?.code).toBe('53300');
    await fourth.end().catch(() => undefined);
  });

  it('migration 0016 gives device logins made before it the same limit and timeout', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    const revoked = await sync.device('laptop');
    // As add_device made them before this change.
    for (const role of [kiosk.roleName, revoked.roleName]) {
      await sync.admin.query(`ALTER ROLE "${role}" CONNECTION LIMIT -1`);
      await sync.admin.query(`ALTER ROLE "${role}" RESET statement_timeout`);
    }
    await sync.admin.query('UPDATE sync.devices SET revoked_at = now() WHERE id = $1', [revoked.id]);
    // 0016's own statements, as the migrator runs them (later migrations stay applied around it).
    await sync.admin.query(readFileSync(join(defaultMigrationsDir, '0016_device_connections.sql'), 'utf8'));
    const { rows } = await sync.admin.query<{ rolname: string; rolconnlimit: number; rolconfig: string[] | null }>(
      'SELECT rolname, rolconnlimit, rolconfig FROM pg_roles WHERE rolname = ANY($1) ORDER BY rolname = $2 DESC',
      [[kiosk.roleName, revoked.roleName], kiosk.roleName],
    );
    expect(rows).toEqual([
      { rolname: kiosk.roleName, rolconnlimit: 3, rolconfig: ['statement_timeout=30s'] },
      // A revoked login cannot log in at all: left as it is.
      { rolname: revoked.roleName, rolconnlimit: -1, rolconfig: null },
    ]);
  });
});
