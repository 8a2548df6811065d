import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../../src-main/cli/run-cli';
import { publicKeyText } from '../../../../src-main/configuration/attestation-message';
import { issueEnrolmentCode } from '../../../../src-main/sync/hosted-db/enrolment-admin';
import { ENROLMENT_PASSWORD, ENROLMENT_ROLE } from '../../../../src-main/sync/enrolment/enrolment-address';
import { urlAs } from '../../../support/postgres';
import { sqlState, useSyncDatabase, V } from './support';

const db = useSyncDatabase();

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

const publicKey = () => publicKeyText(generateKeyPairSync('ed25519').privateKey);

describe('enrolment codes in the hosted database', () => {
  it('the enrolment login may redeem a code and do nothing else', async () => {
    const sync = await db.fresh();
    await issueEnrolmentCode(sync.url, { kind: 'kiosk', name: 'Front desk', expiresInMinutes: 15 });
    const enrolment = await db.open(urlAs(sync.url, ENROLMENT_ROLE, ENROLMENT_PASSWORD));
    for (const table of ['sync.enrolment_codes', 'sync.devices', 'public.candidates']) {
      expect((await sqlState(enrolment.query(`SELECT * FROM ${table} LIMIT 1`)))?.code, table).toBe('42501');
    }
    expect((await sqlState(enrolment.query(`SELECT sync_admin.issue_enrolment('kiosk', NULL, interval '1 day')`)))?.code).toBe('42501');
    expect((await sqlState(enrolment.query(`SELECT sync_admin.create_device('x', 'kiosk')`)))?.code).toBe('42501');
    expect((await sqlState(enrolment.query('SELECT sync.hello($1)', [V])))?.code).toBe('42501');
    expect((await sqlState(enrolment.query(`CREATE TABLE sync.mine (x int)`)))?.code).toBe('42501');
    const { rows } = await sync.admin.query<{ f: string }>(
      `SELECT p.oid::regprocedure::text AS f FROM pg_proc p
        WHERE p.pronamespace IN ('sync'::regnamespace, 'sync_admin'::regnamespace) AND has_function_privilege($1, p.oid, 'EXECUTE') ORDER BY 1`,
      [ENROLMENT_ROLE],
    );
    expect(rows.map((row) => row.f)).toEqual(['sync.redeem_enrolment(text,text,text)']);
    // Its reply for a code that is not there: a refusal as a value (so a counted try commits), not an error.
    const { rows: reply } = await enrolment.query('SELECT sync.redeem_enrolment($1, $2, $3) AS r', ['0000000000', publicKey(), 'x']);
    expect(reply[0].r).toEqual({ ok: false, reason: 'invalid' });
  });

  it('keeps only a hash of the code, and opens the enrolment login until the code expires', async () => {
    const sync = await db.fresh();
    const issued = await issueEnrolmentCode(sync.url, { kind: 'laptop', name: null, expiresInMinutes: 60 * 24 });
    expect(issued).toMatchObject({ kind: 'laptop', name: null, code: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{10}$/) });
    const { rows } = await sync.admin.query(`SELECT id, encode(code_hash, 'hex') AS hash, expires_at FROM sync.enrolment_codes`);
    expect(rows).toHaveLength(1);
    expect(rows[0].id).toBe(issued.code.slice(0, 4));
    expect(JSON.stringify(rows)).not.toContain(issued.code);
    const { rows: role } = await sync.admin.query(`SELECT rolvaliduntil >= $1::timestamptz AS open FROM pg_roles WHERE rolname = $2`, [issued.expiresAt, ENROLMENT_ROLE]);
    expect(role[0].open).toBe(true);
  });

  it('refuses a device kind, a name or a lifetime out of bounds', async () => {
    const sync = await db.fresh();
    const issue = (kind: string, name: string | null, lifetime: string) => sqlState(sync.admin.query('SELECT sync_admin.issue_enrolment($1, $2, $3::interval)', [kind, name, lifetime]));
    expect(await issue('phone', null, '15 minutes')).toMatchObject({ code: 'KS004', message: /kiosk or a laptop/ });
    expect(await issue('kiosk', ' ', '15 minutes')).toMatchObject({ code: 'KS004', message: /1 to 200 characters/ });
    expect(await issue('kiosk', null, '30 seconds')).toMatchObject({ code: 'KS004', message: /1 minute to 7 days/ });
    expect(await issue('kiosk', null, '8 days')).toMatchObject({ code: 'KS004', message: /1 minute to 7 days/ });
  });
});

describe('npm run cli -- hosted-db enrol-device', () => {
  it('prints the address, the code and its QR code, and no password', async () => {
    const sync = await db.fresh();
    const issued = await cli(['hosted-db', 'enrol-device', '--url', sync.url, '--kind', 'kiosk', '--name', 'Front desk', '--expires-in', '2h']);
    expect(issued).toMatchObject({ code: 0, err: '' });
    const host = new URL(sync.url).host;
    expect(issued.out).toContain(`Enrolment code for a kiosk named "Front desk":`);
    expect(issued.out).toMatch(new RegExp(`Address: +${host.replace('.', '\\.')}/${new URL(sync.url).pathname.slice(1)}\\n`));
    expect(issued.out).toMatch(/Code: +[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}\n/);
    expect(issued.out).toMatch(/[█▀▄]{20,}/);
    expect(issued.out).toMatch(/device enrol --host '.+' --code /);
    expect(issued.out).not.toMatch(/password:/i);
    expect(issued.out).not.toContain(new URL(sync.url).password);
    const { rows } = await sync.admin.query(`SELECT kind, device_name, round(extract(epoch FROM expires_at - created_at) / 60) AS minutes FROM sync.enrolment_codes`);
    expect(rows).toEqual([{ kind: 'kiosk', device_name: 'Front desk', minutes: '120' }]);
  });

  it('refuses a lifetime it cannot read, and --expires-in with --with-password', async () => {
    for (const lifetime of ['15', '0m', '8d', 'soon']) {
      await expect(cli(['hosted-db', 'enrol-device', '--url', 'postgres://x@h/db', '--kind', 'kiosk', '--expires-in', lifetime])).resolves.toMatchObject({
        code: 2,
        err: expect.stringMatching(/--expires-in is a time from 1 minute to 7 days/),
      });
    }
    expect((await cli(['hosted-db', 'enrol-device', '--url', 'postgres://x@h/db', '--kind', 'kiosk', '--name', 'A', '--with-password', '--expires-in', '1h'])).code).toBe(2);
    expect((await cli(['hosted-db', 'enrol-device', '--url', 'postgres://x@h/db', '--kind', 'kiosk', '--with-password'])).err).toMatch(/--name/);
  });
});
