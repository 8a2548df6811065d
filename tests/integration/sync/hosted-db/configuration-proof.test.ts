import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../../src-main/cli/run-cli';
import { publicKeyText, signAttestation } from '../../../../src-main/configuration/attestation-message';
import { approveConfiguration, resetDeviceKey, withdrawConfiguration } from '../../../../src-main/sync/hosted-db/configuration-admin';
import { id, pull, push, rows, sqlState, upsert, useSyncDatabase, T0, type Device, type SyncDatabase } from './support';

const db = useSyncDatabase();

interface Challenge {
  challenge: string | null;
  expiresAt: string | null;
  signingKey: string | null;
  pending: { interviewId: string; configurationKey: string }[];
}

const KEY_A = 'a'.repeat(64);
const KEY_B = 'b'.repeat(64);

function newKey() {
  const { privateKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey: publicKeyText(privateKey) };
}

/** A kiosk that pushed one interview started under `key`, as the app does at a start. */
async function kioskWithInterview(sync: SyncDatabase, key = KEY_A): Promise<{ kiosk: Device; interviewId: string }> {
  const kiosk = await sync.device('kiosk');
  const candidate = rows.candidate();
  const interview = rows.interview(candidate.id);
  const configuration = {
    id: id(), created_at: T0, updated_at: T0, row_version: 1, deleted_at: null,
    interview_id: interview.id, configuration_key: key, configuration: { appVersion: '1.0.0', mode: 'kiosk', lockdown: { maxDisplays: 1 } },
  };
  expect(await push(kiosk, [upsert(1, 'candidates', candidate), upsert(2, 'interviews', interview), upsert(3, 'interview_configurations', configuration)])).toMatchObject({
    applied: 3,
    rejected: [],
  });
  return { kiosk, interviewId: interview.id };
}

function attestation(kiosk: Device, privateKey: ReturnType<typeof newKey>['privateKey'], challenge: string, interviewId: string, configurationKey = KEY_A) {
  return { interviewId, configurationKey, signature: signAttestation(privateKey, { challenge, deviceId: kiosk.id, interviewId, configurationKey }) };
}

async function attest(kiosk: Device, challenge: string, entries: unknown[]) {
  return kiosk.call<{ stored: number; alreadyAttested: number; refused: { interviewId: string; reason: string }[] }>(
    'attest_configurations',
    challenge,
    JSON.stringify(entries),
  );
}

describe('proof of configuration on the hosted database', () => {
  it('issues a challenge only when an interview waits, and a challenge attests once', async () => {
    const sync = await db.fresh();
    const idle = await sync.device('kiosk');
    expect(await idle.call<Challenge>('attestation_challenge')).toEqual({ challenge: null, expiresAt: null, signingKey: null, pending: [] });

    const { kiosk, interviewId } = await kioskWithInterview(sync);
    const key = newKey();
    await kiosk.call('register_signing_key', key.publicKey);
    const offer = await kiosk.call<Challenge>('attestation_challenge');
    expect(offer).toMatchObject({ challenge: expect.stringMatching(/^[0-9a-f]{64}$/), signingKey: key.publicKey, pending: [{ interviewId, configurationKey: KEY_A }] });
    const entry = attestation(kiosk, key.privateKey, offer.challenge!, interviewId);
    expect(await attest(kiosk, offer.challenge!, [entry])).toEqual({ stored: 1, alreadyAttested: 0, refused: [] });

    // The same challenge again (a replay of the whole call) is refused, and nothing is left to attest.
    expect(await sqlState(attest(kiosk, offer.challenge!, [entry]))).toMatchObject({ code: 'KS005', message: expect.stringContaining('already used') });
    expect((await kiosk.call<Challenge>('attestation_challenge')).pending).toEqual([]);
    const { rows: stored } = await sync.admin.query('SELECT interview_id, device_id, configuration_key, challenge, signature, public_key, origin_device_id FROM configuration_attestations');
    expect(stored).toEqual([
      { interview_id: interviewId, device_id: kiosk.id, configuration_key: KEY_A, challenge: offer.challenge, signature: entry.signature, public_key: key.publicKey, origin_device_id: kiosk.id },
    ]);
  });

  it('refuses an expired challenge, another device’s challenge and one it never issued', async () => {
    const sync = await db.fresh();
    const { kiosk, interviewId } = await kioskWithInterview(sync);
    const other = await kioskWithInterview(sync);
    const key = newKey();
    await kiosk.call('register_signing_key', key.publicKey);
    await other.kiosk.call('register_signing_key', newKey().publicKey);

    const stolen = (await other.kiosk.call<Challenge>('attestation_challenge')).challenge!;
    expect(await sqlState(attest(kiosk, stolen, [attestation(kiosk, key.privateKey, stolen, interviewId)]))).toMatchObject({
      code: 'KS005',
      message: expect.stringContaining('another device'),
    });
    const invented = 'e'.repeat(64);
    expect(await sqlState(attest(kiosk, invented, [attestation(kiosk, key.privateKey, invented, interviewId)]))).toMatchObject({
      code: 'KS005',
      message: expect.stringContaining('did not issue'),
    });

    const late = (await kiosk.call<Challenge>('attestation_challenge')).challenge!;
    await sync.admin.query(`UPDATE sync.attestation_challenges SET expires_at = now() - interval '1 second' WHERE challenge = $1`, [late]);
    expect(await sqlState(attest(kiosk, late, [attestation(kiosk, key.privateKey, late, interviewId)]))).toMatchObject({
      code: 'KS005',
      message: expect.stringContaining('expired'),
    });
    // Refused calls store nothing, and a fresh challenge still works.
    const fresh = (await kiosk.call<Challenge>('attestation_challenge')).challenge!;
    expect(await attest(kiosk, fresh, [attestation(kiosk, key.privateKey, fresh, interviewId)])).toMatchObject({ stored: 1 });
  });

  it('stores an attestation only for an interview the device recorded, under the key it recorded', async () => {
    const sync = await db.fresh();
    const { kiosk, interviewId } = await kioskWithInterview(sync);
    const theirs = await kioskWithInterview(sync);
    const key = newKey();
    await kiosk.call('register_signing_key', key.publicKey);
    const { challenge } = await kiosk.call<Challenge>('attestation_challenge');
    const reply = await attest(kiosk, challenge!, [
      attestation(kiosk, key.privateKey, challenge!, interviewId, KEY_B),
      attestation(kiosk, key.privateKey, challenge!, theirs.interviewId),
    ]);
    expect(reply).toEqual({
      stored: 0,
      alreadyAttested: 0,
      refused: [
        { interviewId, reason: expect.stringContaining('key differs') },
        { interviewId: theirs.interviewId, reason: expect.stringContaining('recorded no configuration') },
      ],
    });
    // A malformed entry is a bad request that spends nothing.
    const next = (await kiosk.call<Challenge>('attestation_challenge')).challenge!;
    expect(await sqlState(attest(kiosk, next, [{ interviewId, configurationKey: KEY_A, signature: 'not base64' }]))).toMatchObject({ code: 'KS004' });
    expect(await attest(kiosk, next, [attestation(kiosk, key.privateKey, next, interviewId)])).toMatchObject({ stored: 1 });
  });

  it('registers a signing key once: a different key is refused until IT resets it', async () => {
    const sync = await db.fresh();
    const kiosk = await sync.device('kiosk');
    const first = newKey();
    const second = newKey();
    await kiosk.call('register_signing_key', first.publicKey);
    await kiosk.call('register_signing_key', first.publicKey);
    expect(await sqlState(kiosk.call('register_signing_key', second.publicKey))).toMatchObject({
      code: 'KS005',
      message: expect.stringContaining(`hosted-db reset-device-key --id ${kiosk.id}`),
    });
    expect(await sqlState(kiosk.call('register_signing_key', 'not a key'))).toMatchObject({ code: 'KS004' });
    expect(await sqlState(kiosk.client.query('SELECT sync_admin.reset_device_key($1)', [kiosk.id]))).toMatchObject({ code: '42501' });

    await resetDeviceKey(sync.url, kiosk.id);
    await kiosk.call('register_signing_key', second.publicKey);
    expect((await kiosk.call<Challenge>('attestation_challenge')).signingKey).toBe(second.publicKey);
  });

  it('refuses attestations and approvals pushed by a device', async () => {
    const sync = await db.fresh();
    const { kiosk, interviewId } = await kioskWithInterview(sync);
    const forged = {
      id: id(), created_at: T0, updated_at: T0, row_version: 1, deleted_at: null, interview_id: interviewId, device_id: kiosk.id,
      configuration_key: KEY_A, challenge: 'f'.repeat(64), signature: `${'A'.repeat(86)}==`, public_key: newKey().publicKey, attested_at: T0,
    };
    const approval = { id: id(), created_at: T0, updated_at: T0, row_version: 1, deleted_at: null, configuration_key: KEY_A, configuration: {}, note: '', approved_at: T0 };
    const reply = await push(kiosk, [upsert(4, 'configuration_attestations', forged), upsert(5, 'approved_configurations', approval)]);
    expect(reply.rejected).toEqual([
      { seq: 4, reason: 'Table configuration_attestations is written only by the hosted database.' },
      { seq: 5, reason: 'Table approved_configurations is written only by the hosted database.' },
    ]);
  });

  it('IT approves by interview or by key; laptops receive approvals, kiosks do not', async () => {
    const sync = await db.fresh();
    const { kiosk, interviewId } = await kioskWithInterview(sync);
    const laptop = await sync.device('laptop');
    const approved = await approveConfiguration(sync.url, { interviewId }, 'Sydney centre');
    expect(approved).toMatchObject({ configurationKey: KEY_A, alreadyApproved: false });
    expect(await approveConfiguration(sync.url, { key: KEY_A }, '')).toMatchObject({ id: approved.id, alreadyApproved: true });
    await expect(approveConfiguration(sync.url, { key: KEY_B }, '')).rejects.toMatchObject({ code: 'KS004', message: expect.stringContaining('No interview has run') });

    const seen = (await pull(laptop)).changes.filter((change) => change.table === 'approved_configurations');
    expect(seen).toEqual([{ table: 'approved_configurations', row: expect.objectContaining({ id: approved.id, configuration_key: KEY_A, note: 'Sydney centre', deleted_at: null }) }]);
    expect((await pull(kiosk)).changes.filter((change) => change.table === 'approved_configurations')).toEqual([]);

    expect(await withdrawConfiguration(sync.url, KEY_A)).toBe(true);
    expect(await withdrawConfiguration(sync.url, KEY_A)).toBe(false);
    const withdrawn = (await pull(laptop)).changes.filter((change) => change.table === 'approved_configurations');
    expect(withdrawn).toEqual([{ table: 'approved_configurations', row: expect.objectContaining({ id: approved.id, deleted_at: expect.any(String) }) }]);
  });

  it('IT’s commands: approve, withdraw and reset, with usage errors as exit 2 and refusals as exit 1', async () => {
    const sync = await db.fresh();
    const { kiosk, interviewId } = await kioskWithInterview(sync);
    const cli = async (...args: string[]) => {
      let out = '';
      let err = '';
      const code = await runCli(['hosted-db', ...args, '--url', sync.url], { out: (text) => (out += text), err: (text) => (err += text) });
      return { code, out, err };
    };
    expect(await cli('approve-configuration', '--interview', interviewId, '--note', 'Centre kiosks')).toMatchObject({ code: 0, out: `Approved: configuration ${KEY_A}.\n` });
    expect(await cli('approve-configuration', '--key', KEY_A)).toMatchObject({ code: 0, out: `Already approved: configuration ${KEY_A}.\n` });
    expect(await cli('approve-configuration', '--key', KEY_B)).toMatchObject({ code: 1, err: expect.stringContaining('No interview has run under configuration') });
    expect((await cli('approve-configuration', '--interview', interviewId, '--key', KEY_A)).code).toBe(2);
    expect((await cli('approve-configuration', '--key', 'ABC')).code).toBe(2);
    expect(await cli('withdraw-configuration', '--key', KEY_A)).toMatchObject({ code: 0, out: expect.stringContaining('Withdrew') });
    expect((await cli('withdraw-configuration')).code).toBe(2);

    const first = newKey();
    await kiosk.call('register_signing_key', first.publicKey);
    expect((await cli('reset-device-key', '--id', 'not-a-uuid')).code).toBe(2);
    expect(await cli('reset-device-key', '--id', kiosk.id)).toMatchObject({ code: 0 });
    await kiosk.call('register_signing_key', newKey().publicKey);
    expect(await cli('reset-device-key', '--id', id())).toMatchObject({ code: 1, err: expect.stringContaining('No device has the id') });
  });
});
