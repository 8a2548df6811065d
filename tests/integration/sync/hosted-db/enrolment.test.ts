import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../../src-main/cli/run-cli';
import { publicKeyText } from '../../../../src-main/configuration/attestation-message';
import { issueEnrolmentCode } from '../../../../src-main/sync/hosted-db/enrolment-admin';
import { ENROLMENT_PASSWORD, ENROLMENT_ROLE } from '../../../../src-main/sync/enrolment/enrolment-address';
import { scramSha256Verifier } from '../../../../src-main/sync/enrolment/scram-verifier';
import { urlAs } from '../../../support/postgres';
import { sqlState, useSyncDatabase, V, type SyncDatabase } from './support';

const db = useSyncDatabase();

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

const publicKey = () => publicKeyText(generateKeyPairSync('ed25519').privateKey);

/** What a device makes before it redeems a code (src-main/sync/enrolment/pending-login.ts), and what it sends of it. */
function deviceLogin() {
  const password = randomBytes(32).toString('hex');
  return { roleName: `kiosk_dev_${randomBytes(6).toString('hex')}`, password, verifier: scramSha256Verifier(password) };
}

type Reply = { ok: boolean; reason?: string; [key: string]: unknown };

/** The call a device makes, in one statement of its own. */
async function enrolWithCode(client: pg.Client, code: string, login = deviceLogin(), key = publicKey()): Promise<Reply> {
  const { rows } = await client.query('CALL sync.enrol_with_code($1, $2, $3, $4, $5, NULL)', [code, login.roleName, login.verifier, key, 'Kiosk']);
  return rows[0].reply as Reply;
}

/** The two halves by hand, as a guesser may call them, inside whatever transaction `client` is in. */
async function tryAndFinish(client: pg.Client, code: string): Promise<Reply> {
  const login = deviceLogin();
  const { rows } = await client.query('SELECT sync.enrolment_try($1, $2, $3, $4, $5) AS token', [code, login.roleName, login.verifier, publicKey(), 'Kiosk']);
  return (await client.query('SELECT sync.enrolment_finish($1) AS r', [rows[0].token])).rows[0].r as Reply;
}

/** Another code of 10 from the same alphabet: same first 4 characters (so it counts against that code), a different rest. */
const wrongFor = (code: string, n = 0) => `${code.slice(0, 4)}${(code.slice(4) === '000000' ? 'ZZZZZ' : '00000') + '0123456789'[n % 10]}`;

const failedTries = async (sync: SyncDatabase, code: string) =>
  (await sync.admin.query('SELECT failed_tries FROM sync.enrolment_codes WHERE id = $1', [code.slice(0, 4)])).rows[0].failed_tries as number;

const loginOpenUntil = async (sync: SyncDatabase) =>
  ((await sync.admin.query('SELECT rolvaliduntil AS until FROM pg_roles WHERE rolname = $1', [ENROLMENT_ROLE])).rows[0].until as Date).toISOString();

describe('enrolment codes in the hosted database', () => {
  it('the enrolment login may redeem a code and do nothing else', async () => {
    const sync = await db.fresh();
    await issueEnrolmentCode(sync.url, { kind: 'kiosk', name: 'Front desk', expiresInMinutes: 15 });
    const enrolment = await db.open(urlAs(sync.url, ENROLMENT_ROLE, ENROLMENT_PASSWORD));
    for (const table of ['sync.enrolment_codes', 'sync.enrolment_tries', 'sync.devices', 'public.candidates']) {
      expect((await sqlState(enrolment.query(`SELECT * FROM ${table} LIMIT 1`)))?.code, table).toBe('42501');
    }
    expect((await sqlState(enrolment.query(`SELECT sync_admin.issue_enrolment('kiosk', NULL, interval '1 day')`)))?.code).toBe('42501');
    expect((await sqlState(enrolment.query(`SELECT sync_admin.create_device('x', 'kiosk')`)))?.code).toBe('42501');
    expect((await sqlState(enrolment.query(`SELECT sync_admin.add_device('x', 'kiosk', 'kiosk_dev_0123456789ab', 'pw')`)))?.code).toBe('42501');
    expect((await sqlState(enrolment.query('SELECT sync.hello($1)', [V])))?.code).toBe('42501');
    expect((await sqlState(enrolment.query(`CREATE TABLE sync.mine (x int)`)))?.code).toBe('42501');
    const { rows } = await sync.admin.query<{ f: string }>(
      `SELECT p.oid::regprocedure::text AS f FROM pg_proc p
        WHERE p.pronamespace IN ('sync'::regnamespace, 'sync_admin'::regnamespace) AND has_function_privilege($1, p.oid, 'EXECUTE') ORDER BY 1`,
      [ENROLMENT_ROLE],
    );
    expect(rows.map((row) => row.f)).toEqual([
      'sync.enrol_with_code(text,text,text,text,text,jsonb)',
      'sync.enrolment_finish(uuid)',
      'sync.enrolment_try(text,text,text,text,text)',
    ]);
    // Its reply for a code that is not there: a refusal as a value, not an error.
    expect(await enrolWithCode(enrolment, '0000000000')).toEqual({ ok: false, reason: 'invalid' });
    // Its sessions are few and short by default.
    const { rows: role } = await sync.admin.query(`SELECT rolconnlimit, rolconfig FROM pg_roles WHERE rolname = $1`, [ENROLMENT_ROLE]);
    expect(role[0].rolconnlimit).toBe(5);
    expect(role[0].rolconfig).toEqual(expect.arrayContaining(['statement_timeout=15s', 'lock_timeout=5s', 'idle_in_transaction_session_timeout=5s']));
  });

  it('keeps only a salted bcrypt hash of the code, and opens the enrolment login until the code expires', async () => {
    const sync = await db.fresh();
    const issued = await issueEnrolmentCode(sync.url, { kind: 'laptop', name: null, expiresInMinutes: 60 * 24 });
    const again = await issueEnrolmentCode(sync.url, { kind: 'laptop', name: null, expiresInMinutes: 60 * 24 });
    expect(issued).toMatchObject({ kind: 'laptop', name: null, code: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{10}$/) });
    const { rows } = await sync.admin.query(`SELECT id, code_crypt, expires_at FROM sync.enrolment_codes ORDER BY created_at`);
    expect(rows).toHaveLength(2);
    expect(rows[0].id).toBe(issued.code.slice(0, 4));
    expect(JSON.stringify(rows)).not.toContain(issued.code);
    expect(JSON.stringify(rows)).not.toContain(issued.code.slice(4));
    // bcrypt, cost 10, each with its own salt, and the hash of this code.
    expect(rows.map((row) => row.code_crypt)).toEqual([expect.stringMatching(/^\$2a\$10\$.{53}$/), expect.stringMatching(/^\$2a\$10\$.{53}$/)]);
    expect(rows[0].code_crypt.slice(7, 29)).not.toBe(rows[1].code_crypt.slice(7, 29));
    const check = await sync.admin.query(`SELECT pgcrypto.crypt($1, $2) = $2 AS right, pgcrypto.crypt($3, $2) = $2 AS other`, [issued.code, rows[0].code_crypt, again.code]);
    expect(check.rows[0]).toEqual({ right: true, other: false });
    expect(Date.parse(await loginOpenUntil(sync))).toBeGreaterThanOrEqual(Date.parse(issued.expiresAt));
  });

  it('refuses a device kind, a name or a lifetime out of bounds', async () => {
    const sync = await db.fresh();
    const issue = (kind: string, name: string | null, lifetime: string) => sqlState(sync.admin.query('SELECT sync_admin.issue_enrolment($1, $2, $3::interval)', [kind, name, lifetime]));
    expect(await issue('phone', null, '15 minutes')).toMatchObject({ code: 'KS004', message: /kiosk or a laptop/ });
    expect(await issue('kiosk', ' ', '15 minutes')).toMatchObject({ code: 'KS004', message: /1 to 200 characters/ });
    expect(await issue('kiosk', null, '30 seconds')).toMatchObject({ code: 'KS004', message: /1 minute to 7 days/ });
    expect(await issue('kiosk', null, '8 days')).toMatchObject({ code: 'KS004', message: /1 minute to 7 days/ });
  });

  it('makes the device’s login with the verifier it sent, so that only the device knows its password', async () => {
    const sync = await db.fresh();
    const issued = await issueEnrolmentCode(sync.url, { kind: 'kiosk', name: null, expiresInMinutes: 15 });
    const enrolment = await db.open(urlAs(sync.url, ENROLMENT_ROLE, ENROLMENT_PASSWORD));
    const login = deviceLogin();
    const key = publicKey();
    // What is not a SCRAM verifier would become the password itself: refused before the try counts.
    for (const verifier of [login.password, 'SCRAM-SHA-256$4096:c2FsdA==$AAAA:AAAA', 'md5' + 'a'.repeat(32)]) {
      const refused = await sqlState(enrolment.query('CALL sync.enrol_with_code($1, $2, $3, $4, $5, NULL)', [issued.code, login.roleName, verifier, key, 'Kiosk']));
      expect(refused).toMatchObject({ code: 'KS004', message: /SCRAM-SHA-256 verifier, never as itself/ });
    }
    expect((await sqlState(enrolment.query('CALL sync.enrol_with_code($1, $2, $3, $4, $5, NULL)', [issued.code, 'postgres', login.verifier, key, 'Kiosk'])))?.code).toBe('KS004');
    expect(await failedTries(sync, issued.code)).toBe(0);

    const reply = await enrolWithCode(enrolment, issued.code, login, key);
    expect(reply).toEqual({ ok: true, deviceId: expect.any(String), roleName: login.roleName, name: 'Kiosk', kind: 'kiosk' });
    expect(JSON.stringify(reply)).not.toContain(login.password);
    const { rows } = await sync.admin.query(`SELECT rolpassword FROM pg_authid WHERE rolname = $1`, [login.roleName]);
    expect(rows[0].rolpassword).toBe(login.verifier);
    const device = await db.open(urlAs(sync.url, login.roleName, login.password));
    expect((await device.query('SELECT sync.hello($1) AS h', [V])).rows[0].h).toMatchObject({ deviceId: reply['deviceId'], name: 'Kiosk', kind: 'kiosk' });
    const { rows: registered } = await sync.admin.query('SELECT signing_public_key FROM sync.devices WHERE id = $1', [reply['deviceId']]);
    expect(registered[0].signing_public_key).toBe(key);
    expect(await failedTries(sync, issued.code)).toBe(0);
  });
});

describe('guessing a code', () => {
  it('learns nothing from a try it does not commit: a rolled-back or savepointed try says "invalid" even for the right code', async () => {
    const sync = await db.fresh();
    const issued = await issueEnrolmentCode(sync.url, { kind: 'kiosk', name: 'Front desk', expiresInMinutes: 15 });
    const guesser = await db.open(urlAs(sync.url, ENROLMENT_ROLE, ENROLMENT_PASSWORD));
    for (let n = 0; n < 20; n += 1) {
      await guesser.query('BEGIN');
      expect(await tryAndFinish(guesser, wrongFor(issued.code, n))).toEqual({ ok: false, reason: 'invalid' });
      await guesser.query('ROLLBACK');
    }
    // The right code, uncommitted, is told apart from a wrong one in nothing: not in its reply...
    await guesser.query('BEGIN');
    const locksOf = async () =>
      (await guesser.query(`SELECT string_agg(relation::regclass || ':' || mode, ',' ORDER BY 1) AS l FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'relation' AND relation::regclass::text LIKE 'sync.%'`)).rows[0].l;
    const xactId = async () => (await guesser.query('SELECT pg_current_xact_id_if_assigned() IS NOT NULL AS assigned')).rows[0].assigned;
    expect(await tryAndFinish(guesser, issued.code)).toEqual({ ok: false, reason: 'invalid' });
    const rightLocks = await locksOf();
    const rightXact = await xactId();
    await guesser.query('ROLLBACK');
    // ...nor in the locks it holds or whether it wrote anything.
    await guesser.query('BEGIN');
    await tryAndFinish(guesser, wrongFor(issued.code));
    expect(await locksOf()).toBe(rightLocks);
    expect(await xactId()).toBe(rightXact);
    await guesser.query('ROLLBACK');
    // Savepoints are the same.
    await guesser.query('BEGIN');
    await guesser.query('SAVEPOINT s');
    expect(await tryAndFinish(guesser, issued.code)).toEqual({ ok: false, reason: 'invalid' });
    await guesser.query('ROLLBACK TO SAVEPOINT s');
    await guesser.query('ROLLBACK');
    // And the procedure will not run inside a transaction block at all.
    await guesser.query('BEGIN');
    expect(await sqlState(enrolWithCode(guesser, issued.code))).toMatchObject({ code: '2D000', message: /invalid transaction termination/ });
    await guesser.query('ROLLBACK');
    expect(await sync.admin.query('SELECT failed_tries, used_at FROM sync.enrolment_codes')).toMatchObject({ rows: [{ failed_tries: 0, used_at: null }] });
    expect((await sync.admin.query('SELECT count(*)::int AS n FROM sync.devices')).rows[0].n).toBe(0);
  });

  it('spends a try with each committed one: 5 wrong lock the code, and only the right code hears "locked"', async () => {
    const sync = await db.fresh();
    const issued = await issueEnrolmentCode(sync.url, { kind: 'kiosk', name: 'Front desk', expiresInMinutes: 15 });
    const guesser = await db.open(urlAs(sync.url, ENROLMENT_ROLE, ENROLMENT_PASSWORD));
    for (let n = 1; n <= 5; n += 1) {
      expect(await enrolWithCode(guesser, wrongFor(issued.code, n))).toEqual({ ok: false, reason: 'invalid' });
      expect(await failedTries(sync, issued.code)).toBe(n);
    }
    // A wrong try at a locked code, and one at a code nobody issued, answer as any wrong try: nothing tells which codes exist.
    expect(await enrolWithCode(guesser, wrongFor(issued.code, 6))).toEqual({ ok: false, reason: 'invalid' });
    expect(await enrolWithCode(guesser, issued.code.startsWith('ZZZZ') ? 'YYYYYYYYYY' : 'ZZZZZZZZZZ')).toEqual({ ok: false, reason: 'invalid' });
    expect(await enrolWithCode(guesser, issued.code)).toEqual({ ok: false, reason: 'locked' });
    // A committed try's verdict is told once: its token is spent, rolled back or not.
    const login = deviceLogin();
    const { rows } = await guesser.query('SELECT sync.enrolment_try($1, $2, $3, $4, $5) AS token', [wrongFor(issued.code, 7), login.roleName, login.verifier, publicKey(), 'Kiosk']);
    for (let n = 0; n < 3; n += 1) {
      await guesser.query('BEGIN');
      expect((await guesser.query('SELECT sync.enrolment_finish($1) AS r', [rows[0].token])).rows[0].r).toEqual({ ok: false, reason: 'invalid' });
      await guesser.query('ROLLBACK');
    }
    expect((await sync.admin.query('SELECT count(*)::int AS n FROM sync.devices')).rows[0].n).toBe(0);
  });

  it('a right try that was committed finishes once: a second finish of it, or the code again, is refused', async () => {
    const sync = await db.fresh();
    const issued = await issueEnrolmentCode(sync.url, { kind: 'kiosk', name: null, expiresInMinutes: 15 });
    const enrolment = await db.open(urlAs(sync.url, ENROLMENT_ROLE, ENROLMENT_PASSWORD));
    const login = deviceLogin();
    const { rows } = await enrolment.query('SELECT sync.enrolment_try($1, $2, $3, $4, $5) AS token', [issued.code, login.roleName, login.verifier, publicKey(), 'Kiosk 9']);
    expect(await failedTries(sync, issued.code)).toBe(1); // counted until the finish says it was right
    const finish = async () => (await enrolment.query('SELECT sync.enrolment_finish($1) AS r', [rows[0].token])).rows[0].r as Reply;
    expect(await finish()).toMatchObject({ ok: true, name: 'Kiosk 9', roleName: login.roleName });
    expect(await finish()).toEqual({ ok: false, reason: 'invalid' });
    expect(await enrolWithCode(enrolment, issued.code)).toEqual({ ok: false, reason: 'used', usedAt: expect.stringMatching(/Z$/) });
    expect(await enrolWithCode(enrolment, wrongFor(issued.code))).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('the enrolment login’s time', () => {
  it('an expired code is refused on the clock, even to a transaction opened while it was open', async () => {
    const sync = await db.fresh();
    const issued = await issueEnrolmentCode(sync.url, { kind: 'kiosk', name: 'Late', expiresInMinutes: 15 });
    const enrolment = await db.open(urlAs(sync.url, ENROLMENT_ROLE, ENROLMENT_PASSWORD));
    const login = deviceLogin();
    // The right try, committed while the code is open.
    const { rows } = await enrolment.query('SELECT sync.enrolment_try($1, $2, $3, $4, $5) AS token', [issued.code, login.roleName, login.verifier, publicKey(), 'Kiosk']);
    await enrolment.query('BEGIN');
    await enrolment.query('SELECT now()'); // now() stays at this moment for the whole transaction
    await sync.admin.query(`UPDATE sync.enrolment_codes SET expires_at = clock_timestamp() + interval '1 second'`);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const { rows: late } = await enrolment.query('SELECT sync.enrolment_finish($1) AS r, now() < $2::timestamptz AS frozen', [rows[0].token, (await sync.admin.query('SELECT expires_at FROM sync.enrolment_codes')).rows[0].expires_at]);
    expect(late[0].frozen).toBe(true);
    expect(late[0].r).toEqual({ ok: false, reason: 'expired', expiredAt: expect.stringMatching(/Z$/) });
    await enrolment.query('COMMIT');
    expect((await sync.admin.query('SELECT count(*)::int AS n FROM sync.devices')).rows[0].n).toBe(0);
  });

  it('after a redemption the login stays open only until the last open code expires, and closes with none left', async () => {
    const sync = await db.fresh();
    const short = await issueEnrolmentCode(sync.url, { kind: 'kiosk', name: 'Short', expiresInMinutes: 15 });
    const long = await issueEnrolmentCode(sync.url, { kind: 'kiosk', name: 'Long', expiresInMinutes: 60 * 24 });
    const locked = await issueEnrolmentCode(sync.url, { kind: 'kiosk', name: 'Locked', expiresInMinutes: 60 * 48 });
    expect(await loginOpenUntil(sync)).toBe(locked.expiresAt);
    const enrolment = await db.open(urlAs(sync.url, ENROLMENT_ROLE, ENROLMENT_PASSWORD));
    for (let n = 0; n < 5; n += 1) await enrolWithCode(enrolment, wrongFor(locked.code, n));
    expect(await enrolWithCode(enrolment, long.code)).toMatchObject({ ok: true });
    // The locked code keeps nothing open; the short one does.
    expect(await loginOpenUntil(sync)).toBe(short.expiresAt);
    expect(await enrolWithCode(enrolment, short.code)).toMatchObject({ ok: true });
    expect(await loginOpenUntil(sync)).toBe('2000-01-01T00:00:00.000Z');
  });
});

describe('npm run cli -- hosted-db enrol-device', () => {
  it('prints the address, the code and its QR code, and no password', async () => {
    const sync = await db.fresh();
    const issued = await cli(['hosted-db', 'enrol-device', '--url', sync.url, '--kind', 'kiosk', '--name', 'Front desk', '--expires-in', '2h']);
    expect(issued).toMatchObject({ code: 0, err: '' });
    const host = new URL(sync.url).host;
    expect(issued.out).toContain(`Enrolment code for a kiosk named "Front desk":`);
    expect(issued.out).toMatch(new RegExp(`Address: +${host.replace('.', '\\.')}/${new URL(sync.url).pathname.slice(1)}\\?sslmode=disable\\n`));
    expect(issued.out).toMatch(/Code: +[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}\n/);
    expect(issued.out).toMatch(/[█▀▄]{20,}/);
    // The install script's line leaves the code out: it goes in on standard input, not into the process list.
    expect(issued.out).toMatch(/ {2}npm run cli -- device enrol --host '.+'\n/);
    expect(issued.out).not.toMatch(/--code/);
    expect(issued.out).not.toMatch(/password:/i);
    expect(issued.out).not.toContain(new URL(sync.url).password);
    const { rows } = await sync.admin.query(`SELECT kind, device_name, round(extract(epoch FROM expires_at - created_at) / 60) AS minutes FROM sync.enrolment_codes`);
    expect(rows).toEqual([{ kind: 'kiosk', device_name: 'Front desk', minutes: '120' }]);
  });

  it('issues no code for a database URL that would have devices enrol unencrypted', async () => {
    // Refused before connecting: no database is needed to show it.
    const refused = await cli(['hosted-db', 'enrol-device', '--url', 'postgres://owner:s3cret@db.invalid/kiosk?sslmode=disable', '--kind', 'kiosk']);
    expect(refused).toMatchObject({ code: 1, out: '' });
    expect(refused.err).toMatch(/^Issuing an enrolment code failed: The address lets the connection to db\.invalid go unencrypted \(sslmode=disable\)/);
    expect(refused.err).not.toContain('s3cret');
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
