import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../../src-main/cli/run-cli';
import { deviceEndpoint } from '../../../../src-main/sync/hosted-db/device-admin';
import { urlAs } from '../../../support/postgres';
import { id, push, rows, sqlState, upsert, useSyncDatabase, V } from './support';

const db = useSyncDatabase();

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

describe('npm run cli -- hosted-db', () => {
  it('migrates, enrols a device that can sync, and revokes it', async () => {
    const url = await db.server.current.createDatabase();
    const migrated = await cli(['hosted-db', 'migrate', '--url', url]);
    expect(migrated).toMatchObject({ code: 0, err: '' });
    expect(migrated.out).toMatch(/Applied 0001_tables\.sql, 0002_sync\.sql, 0003_lean_pull\.sql, 0004_one_change_per_row\.sql, 0005_ai_usage_billing\.sql, 0006_proctor_sittings\.sql, 0007_configuration_proof\.sql, 0008_consent_records\.sql, 0009_override_and_self_identification\.sql, 0010_audit_entries\.sql, 0011_erasure\.sql, 0012_device_health\.sql, 0013_enrolment_codes\.sql, 0014_webhooks\.sql, 0015_enrolment_tries\.sql, 0016_device_connections\.sql, 0017_named_operations\.sql, 0018_object_storage\.sql, 0019_exchange\.sql, 0020_claim_with_content\.sql\. Schema version is now 20/);
    // A fresh database also gets every sync function file; the run names them.
    expect(migrated.out).toMatch(/Sync functions updated: 10_synced_tables\.sql, .*50_pull\.sql/);
    expect((await cli(['hosted-db', 'migrate', '--url', url])).out).toMatch(/up to date \(schema version 20\)/);

    const enrolled = await cli(['hosted-db', 'enrol-device', '--url', url, '--name', 'Front desk', '--kind', 'kiosk', '--with-password']);
    expect(enrolled.code).toBe(0);
    const deviceId = /Device id: +(\S+)/.exec(enrolled.out)![1]!;
    const user = /Database user: +(\S+)/.exec(enrolled.out)![1]!;
    const password = /Password: +(\S+)/.exec(enrolled.out)![1]!;
    const endpoint = /sync\.endpoint: +(\S+)/.exec(enrolled.out)![1]!;
    expect(enrolled.out).toMatch(/WARNING: this password is shown only now/);
    expect(new URL(endpoint).username).toBe(user);
    expect(new URL(endpoint).password).toBe('');
    expect(endpoint).not.toContain(password);

    const device = new pg.Client({ connectionString: urlAs(endpoint, user, password) });
    device.on('error', () => undefined);
    await device.connect();
    try {
      const { rows } = await device.query('SELECT sync.hello($1) AS h', [V]);
      expect(rows[0].h).toMatchObject({ deviceId, name: 'Front desk', kind: 'kiosk' });
      expect(await cli(['hosted-db', 'revoke-device', '--url', url, '--id', deviceId])).toMatchObject({ code: 0 });
      expect(await sqlState(device.query('SELECT 1'))).toBeDefined();
    } finally {
      await device.end().catch(() => undefined);
    }
  });

  it('builds sync.endpoint without the password, keeping host, options and a pooler routing suffix', () => {
    expect(deviceEndpoint('postgres://owner:s3cret@db.example.com:5432/kiosk?sslmode=require', 'kiosk_dev_0123456789ab')).toBe(
      'postgres://kiosk_dev_0123456789ab@db.example.com:5432/kiosk?sslmode=require',
    );
    expect(deviceEndpoint('postgresql://postgres.abcdefghij:pw@aws-0-eu.pooler.supabase.com:5432/postgres', 'kiosk_dev_0123456789ab')).toBe(
      'postgresql://kiosk_dev_0123456789ab.abcdefghij@aws-0-eu.pooler.supabase.com:5432/postgres',
    );
  });

  it('lists the changes the database refused, newest first, per device or all', async () => {
    const sync = await db.fresh();
    const frontDesk = await sync.device('kiosk', 'Front desk');
    const other = await sync.device('kiosk', 'Back room');
    expect((await cli(['hosted-db', 'refusals', '--url', sync.url])).out).toBe('No refused changes.\n');
    const shouting = rows.candidate(id(), { email: 'UPPER@EXAMPLE.COM' });
    const orphan = rows.interview(id());
    await push(frontDesk, [upsert(1, 'candidates', shouting), upsert(2, 'candidates', rows.candidate())]);
    await push(other, [upsert(1, 'interviews', orphan)]);

    const all = await cli(['hosted-db', 'refusals', '--url', sync.url]);
    expect(all).toMatchObject({ code: 0, err: '' });
    expect(all.out).toMatch(/^2 refused changes, newest first:\n/);
    // Newest first: the orphan interview, then the upper-case email; each with its device, change number, row and reason.
    const lines = all.out.trim().split('\n').slice(1);
    expect(lines[0]).toMatch(new RegExp(`Back room \\(kiosk ${other.id}\\)  change 1: interviews ${orphan.id}$`));
    expect(lines[1]).toMatch(/foreign key/);
    expect(lines[2]).toMatch(new RegExp(`Front desk \\(kiosk ${frontDesk.id}\\)  change 1: candidates ${shouting.id}$`));
    expect(lines[3]).toMatch(/candidates_email_lowercase_check/);

    const one = await cli(['hosted-db', 'refusals', '--url', sync.url, '--id', frontDesk.id, '--limit', '1']);
    expect(one.out).toMatch(/^1 refused change, newest first \(the first 1; --limit shows more\):\n.*Front desk/s);
    expect(one.out).not.toContain('Back room');
    expect((await cli(['hosted-db', 'refusals', '--url', sync.url, '--limit', 'lots'])).code).toBe(2);
    expect((await cli(['hosted-db', 'refusals', '--url', sync.url, '--id', 'front-desk'])).code).toBe(2);
  });

  it('reports usage errors with exit 2 and database errors with exit 1', async () => {
    const url = await db.server.current.createDatabase();
    expect((await cli(['hosted-db', 'enrol-device', '--url', url, '--name', 'x', '--kind', 'phone'])).code).toBe(2);
    expect((await cli(['hosted-db', 'migrate'])).code).toBe(2);
    const unmigrated = await cli(['hosted-db', 'enrol-device', '--url', url, '--name', 'x', '--kind', 'kiosk', '--with-password']);
    expect(unmigrated.code).toBe(1);
    expect(unmigrated.err).toMatch(/Enrolment failed/);
    expect(unmigrated.err).not.toContain(new URL(url).password);
    const noCode = await cli(['hosted-db', 'enrol-device', '--url', url, '--kind', 'kiosk']);
    expect(noCode).toMatchObject({ code: 1, out: '', err: expect.stringMatching(/^Issuing an enrolment code failed/) });
    expect(noCode.err).not.toContain(new URL(url).password);
  });
});
