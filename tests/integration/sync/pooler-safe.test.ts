import { generateKeyPairSync } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { enrolmentAddress, parseEnrolmentInput } from '../../../src-main/sync/enrolment/enrolment-address';
import { PgEnrolmentRedeemer } from '../../../src-main/sync/enrolment/pg-enrolment-redeemer';
import { scramSha256Verifier } from '../../../src-main/sync/enrolment/scram-verifier';
import { issueEnrolmentCode } from '../../../src-main/sync/hosted-db/enrolment-admin';
import { useTestPostgres } from '../../support/postgres';
import { POOLER_STARTUP_PARAMETERS, startPgWireRecorder, type PgWireRecorder } from '../../support/pg-wire-recorder';
import { strongPassword } from '../../support/test-app';
import { enrolledDevice, hostedDatabase, postgresMigrationsDir, type Device } from './hosted-support';

/*
 * Issue 22, point 1: sync works through a transaction pooler (Supabase's
 * Supavisor on port 6543, PgBouncer with pool_mode=transaction), which
 * hands each transaction to whichever server connection is free. So the
 * device sends nothing a pooler refuses at startup and keeps no state in
 * the session: only unnamed statements, no SET, LISTEN, temp tables or
 * session advisory locks, on its side or in the device functions.
 */

const postgres = useTestPostgres();
const devices: Device[] = [];
const recorders: PgWireRecorder[] = [];
afterEach(async () => {
  for (const device of devices.splice(0)) device.close();
  await Promise.all(recorders.splice(0).map((recorder) => recorder.close()));
});

/** Statements that leave state in the server session, which a transaction pooler hands on to other clients. */
const SESSION_STATE = /^\s*(SET\s+(?!LOCAL)|RESET|LISTEN|UNLISTEN|PREPARE|DECLARE|CREATE\s+TEMP)|pg_advisory_lock|pg_try_advisory_lock\(/i;

describe('sync through a transaction pooler', () => {
  it('a device sync sends only startup parameters a pooler accepts and only unnamed single statements', async () => {
    const url = await hostedDatabase(() => postgres.current.createDatabase());
    const recorder = await startPgWireRecorder(Number(new URL(url).port));
    recorders.push(recorder);
    const device = await enrolledDevice(url, 'kiosk', { viaPort: recorder.port, keptConnection: {} });
    devices.push(device);
    await device.app.services.auth.registerCandidate({ email: 'ada@example.com', password: strongPassword, fullName: 'Ada Lovelace' });
    expect(await device.app.services.sync.syncNow()).toMatchObject({ state: 'idle', lastError: null, pendingChanges: 0 });
    expect(await device.app.services.sync.syncNow()).toMatchObject({ state: 'idle', lastError: null });

    const { startups, statementNames, statements } = recorder.record;
    expect(startups.length).toBeGreaterThan(0);
    for (const startup of startups) expect(Object.keys(startup).filter((name) => !POOLER_STARTUP_PARAMETERS.includes(name))).toEqual([]);
    expect(statements.some((sql) => sql.includes('sync.push'))).toBe(true);
    expect(new Set(statementNames)).toEqual(new Set(['']));
    expect(statements.filter((sql) => SESSION_STATE.test(sql))).toEqual([]);
  });

  it('enrolment sends only startup parameters a pooler accepts, so IT can enrol through the transaction pooler', async () => {
    const url = await hostedDatabase(() => postgres.current.createDatabase());
    const recorder = await startPgWireRecorder(Number(new URL(url).port));
    recorders.push(recorder);
    const through = new URL(url);
    through.port = String(recorder.port);
    // Issuing a code is what lets kiosk_enrolment log in; this test then redeems a code that does not exist.
    await issueEnrolmentCode(url, { kind: 'kiosk', name: 'Pooled', expiresInMinutes: 15 });
    const { target, code } = parseEnrolmentInput(enrolmentAddress(through.toString()), 'AAAAA-AAAAA');
    const redeemer = new PgEnrolmentRedeemer();
    const publicKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const refused = await redeemer.redeem({ target, code, roleName: 'kiosk_dev_0123456789ab', passwordVerifier: scramSha256Verifier('pooled-device'), publicKey, deviceName: 'Pooled' });
    expect(refused).toEqual({ ok: false, refusal: { reason: 'invalid' } });
    expect(await redeemer.findEnrolled(target, { roleName: 'kiosk_dev_0123456789ab', password: 'not-enrolled' })).toBeNull();
    expect(recorder.record.startups).toHaveLength(2);
    for (const startup of recorder.record.startups) expect(Object.keys(startup).filter((name) => !POOLER_STARTUP_PARAMETERS.includes(name))).toEqual([]);
  });

  it('the recorder refuses what PgBouncer refuses: a startup parameter such as statement_timeout', async () => {
    const url = await postgres.current.createDatabase();
    const recorder = await startPgWireRecorder(Number(new URL(url).port));
    recorders.push(recorder);
    const through = new URL(url);
    through.port = String(recorder.port);
    const client = new pg.Client({ connectionString: through.toString(), statement_timeout: 30_000 });
    client.on('error', () => undefined);
    await expect(client.connect()).rejects.toThrow('unsupported startup parameter: statement_timeout');
    await client.end().catch(() => undefined);
  });

  it('no device function keeps session state (function SET clauses and SET LOCAL last one call or transaction)', () => {
    const dir = join(postgresMigrationsDir, 'functions');
    const offending = readdirSync(dir)
      .filter((file) => file.endsWith('.sql'))
      .flatMap((file) =>
        readFileSync(join(dir, file), 'utf8')
          .split('\n')
          .filter((line) => /pg_advisory_lock|pg_try_advisory_lock\(|\bLISTEN\b|CREATE\s+TEMP|set_config\([^)]*false\)|PREPARE\s/i.test(line))
          .map((line) => `${file}: ${line.trim()}`),
      );
    expect(offending).toEqual([]);
  });
});
