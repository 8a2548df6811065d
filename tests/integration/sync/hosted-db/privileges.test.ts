import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { revokeDevice } from '../../../../src-main/sync/hosted-db/device-admin';
import { urlAs } from '../../../support/postgres';
import { sqlState, useSyncDatabase, V } from './support';

const db = useSyncDatabase();

const syncedTables = [
  'candidates', 'recruiters', 'resumes', 'resume_feedback', 'interviews', 'interview_sessions', 'interview_messages',
  'assessment_results', 'interview_decisions', 'integration_webhooks', 'integrity_events', 'ai_usage', 'proctor_sittings',
  'interview_configurations', 'configuration_attestations', 'approved_configurations', 'consent_records',
  'self_identifications', 'audit_entries',
  'erasure_requests', 'erasure_confirmations',
];
const syncTables = ['devices', 'changes', 'rejections', 'files', 'file_chunks', 'delivery_claims', 'schema_migrations', 'applied_functions', 'attestation_challenges', 'erased_rows', 'device_health', 'enrolment_codes'];

describe('least privilege', () => {
  it('a device role reads and writes no table and calls no admin or helper function', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    for (const table of [...syncedTables, ...syncTables.map((name) => `sync.${name}`)]) {
      expect((await sqlState(kiosk.client.query(`SELECT * FROM ${table} LIMIT 1`)))?.code, table).toBe('42501');
      expect((await sqlState(kiosk.client.query(`INSERT INTO ${table} DEFAULT VALUES`)))?.code, table).toBe('42501');
    }
    expect((await sqlState(kiosk.client.query(`SELECT sync_admin.create_device('x', 'kiosk')`)))?.code).toBe('42501');
    expect((await sqlState(kiosk.client.query(`SELECT sync_admin.revoke_device($1)`, [kiosk.id])))?.code).toBe('42501');
    // Helpers stay the owner's: with these a device could write any row.
    expect((await sqlState(kiosk.client.query(`SELECT sync.apply_mutation(NULL, '{}')`)))?.code).toBe('42501');
    expect((await sqlState(kiosk.client.query(`SELECT sync.require_device(2)`)))?.code).toBe('42501');
    // And cannot create anything of its own.
    expect((await sqlState(kiosk.client.query(`CREATE TABLE public.mine (x int)`)))?.code).toBe('42501');
    expect((await sqlState(kiosk.client.query(`CREATE TABLE sync.mine (x int)`)))?.code).toBe('42501');

    const hello = await kiosk.call<Record<string, unknown>>('hello');
    expect(hello).toMatchObject({ deviceId: kiosk.id, kind: 'kiosk', lastAppliedSeq: 0, schemaVersion: V });
    expect(hello['serverTime']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const { rows } = await sync.admin.query('SELECT last_seen_at IS NOT NULL AS seen FROM sync.devices WHERE id = $1', [kiosk.id]);
    expect(rows[0].seen).toBe(true);
  });

  it('the enrolment login reads and writes no table anywhere, creates nothing, and reaches neither sync_admin nor pgcrypto', async () => {
    const sync = await db.fresh();
    const { rows } = await sync.admin.query<{ what: string }>(
      `SELECT 'table ' || c.oid::regclass AS what FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
          AND (has_table_privilege($1, c.oid, 'SELECT') OR has_table_privilege($1, c.oid, 'INSERT') OR has_table_privilege($1, c.oid, 'UPDATE') OR has_table_privilege($1, c.oid, 'DELETE'))
       UNION ALL
       SELECT 'create in ' || n.nspname FROM pg_namespace n WHERE has_schema_privilege($1, n.oid, 'CREATE')
       UNION ALL
       SELECT 'usage of ' || n.nspname FROM pg_namespace n WHERE n.nspname IN ('sync_admin', 'pgcrypto') AND has_schema_privilege($1, n.oid, 'USAGE')
       UNION ALL
       SELECT 'create in the database' WHERE has_database_privilege($1, current_database(), 'CREATE')`,
      ['kiosk_enrolment'],
    );
    expect(rows).toEqual([]);
    const { rows: role } = await sync.admin.query(`SELECT rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls FROM pg_roles WHERE rolname = 'kiosk_enrolment'`);
    expect(role[0]).toEqual({ rolsuper: false, rolinherit: false, rolcreaterole: false, rolcreatedb: false, rolreplication: false, rolbypassrls: false });
    const { rows: memberOf } = await sync.admin.query(`SELECT count(*)::int AS n FROM pg_auth_members WHERE member = 'kiosk_enrolment'::regrole`);
    expect(memberOf[0].n).toBe(0);
  });

  it('a revoked device gets KS001, its session ends and it cannot log in again', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    const other = await db.open(kiosk.url); // a second open session of the same device
    await revokeDevice(sync.url, kiosk.id);
    // Its sessions were ended by revoke_device...
    expect(await sqlState(other.query('SELECT 1'))).toBeDefined();
    // ...and a new login is refused.
    const relogin = new pg.Client({ connectionString: kiosk.url });
    relogin.on('error', () => undefined);
    expect((await sqlState(relogin.connect()))?.message).toMatch(/not permitted to log in/);
    await relogin.end().catch(() => undefined);
    // A session that outlived the revocation (revoke_device could not end it) is refused by every function.
    await sync.admin.query(`ALTER ROLE ${kiosk.roleName} LOGIN`);
    const survivor = await db.open(kiosk.url);
    const error = await sqlState(survivor.query('SELECT sync.hello($1)', [V]));
    expect(error?.code).toBe('KS001');
    expect(error?.message).toMatch(/revoked/);
  });

  it('an unknown login role gets KS001 even as a member of kiosk_device', async () => {
    const sync = await db.fresh();
    const role = `kiosk_dev_stranger${Math.random().toString(16).slice(2, 8)}`;
    await sync.admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'stranger-pass' IN ROLE kiosk_device`);
    try {
      const stranger = await db.open(urlAs(sync.url, role, 'stranger-pass'));
      const error = await sqlState(stranger.query('SELECT sync.hello($1)', [V]));
      expect(error?.code).toBe('KS001');
      // The owner is not a device either.
      expect((await sqlState(sync.admin.query('SELECT sync.pull($1, NULL, 10)', [V])))?.code).toBe('KS001');
    } finally {
      await sync.admin.query(`DROP OWNED BY ${role}; DROP ROLE ${role}`).catch(() => undefined);
    }
  });

  it('a schema version mismatch is KS002 naming both versions and who must update', async () => {
    const sync = await db.fresh();
    const laptop = await sync.device('laptop');
    const older = await sqlState(laptop.client.query('SELECT sync.hello($1)', [V - 1]));
    expect(older?.code).toBe('KS002');
    expect(older?.message).toMatch(new RegExp(`version ${V - 1}.*version ${V}.*Update the app`, 's'));
    const newer = await sqlState(laptop.client.query('SELECT sync.push($1, $2)', [V + 1, '[]']));
    expect(newer?.code).toBe('KS002');
    expect(newer?.message).toMatch(new RegExp(`version ${V + 1}.*version ${V}.*hosted-db migrate`, 's'));
  });

  it('enrolment gives each device its own role in kiosk_device with a strong password', async () => {
    const sync = await db.fresh();
    const a = await sync.device('kiosk', 'Front desk');
    const b = await sync.device('laptop', 'Rita');
    expect(a.roleName).toMatch(/^kiosk_dev_[0-9a-f]{12}$/);
    expect(a.roleName).not.toBe(b.roleName);
    expect(a.password).toMatch(/^[0-9a-f]{64}$/);
    const { rows } = await sync.admin.query(
      `SELECT r.rolcanlogin, r.rolsuper, pg_has_role(r.rolname, 'kiosk_device', 'MEMBER') AS member
         FROM pg_roles r WHERE r.rolname = $1`,
      [a.roleName],
    );
    expect(rows[0]).toEqual({ rolcanlogin: true, rolsuper: false, member: true });
    expect((await sqlState(sync.admin.query(`SELECT sync_admin.create_device('x', 'phone')`)))?.code).toBe('KS004');
  });
});
