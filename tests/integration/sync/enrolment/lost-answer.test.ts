import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceSigningKey } from '../../../../src-main/configuration/signing-key';
import { createLogger } from '../../../../src-main/logging/logger';
import { MemorySecretStore } from '../../../../src-main/secrets/memory-secret-store';
import type { SecretStore } from '../../../../src-main/secrets/secret-store';
import { FileSettingsBackend } from '../../../../src-main/settings/file-settings-backend';
import { SettingsService } from '../../../../src-main/settings/settings-service';
import { DeviceEnrolment, EnrolmentError } from '../../../../src-main/sync/enrolment/device-enrolment';
import { enrolmentAddress } from '../../../../src-main/sync/enrolment/enrolment-address';
import { PgEnrolmentRedeemer, UnclearOutcomeError, type EnrolmentRedeemer } from '../../../../src-main/sync/enrolment/pg-enrolment-redeemer';
import { issueEnrolmentCode } from '../../../../src-main/sync/hosted-db/enrolment-admin';
import { useTestPostgres } from '../../../support/postgres';
import { startTcpProxy, type TcpProxy } from '../../../support/tcp-proxy';
import { asOwner, hostedDatabase } from '../hosted-support';

/**
 * An enrolment whose answer never comes back (issue 20, point 2): the
 * database may have enrolled the device with the login only the device
 * knows, so the device must find out rather than guess, and never lose the
 * credential it syncs with.
 */

const postgres = useTestPostgres();

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

let shared: Promise<string> | undefined;
const hosted = () => (shared ??= hostedDatabase(() => postgres.current.createDatabase()));

/** The database's address as the device reaches it through `proxy`, a network that can lose answers. */
async function throughProxy(url: string): Promise<{ proxy: TcpProxy; address: string }> {
  const proxy = await startTcpProxy(Number(new URL(url).port));
  cleanups.push(() => proxy.close());
  const direct = new URL(url);
  direct.port = String(proxy.port);
  return { proxy, address: enrolmentAddress(direct.toString()) };
}

function device(options: { redeemer?: EnrolmentRedeemer; secrets?: SecretStore } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-enrol-lost-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const logger = createLogger({ sink: () => {} });
  const secrets = options.secrets ?? new MemorySecretStore();
  const settings = new SettingsService({ backend: new FileSettingsBackend(join(dir, 'settings.json')), machineFilePath: null, logger });
  const enrolment = new DeviceEnrolment({ settings, secrets, signingKey: new DeviceSigningKey(secrets, logger), logger, ...(options.redeemer ? { redeemer: options.redeemer } : {}) });
  return { enrolment, secrets, settings };
}

async function failure(promise: Promise<unknown>): Promise<EnrolmentError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof EnrolmentError)) throw new Error(`expected an EnrolmentError, got ${String(error)}`);
  return error;
}

const devicesNamed = async (url: string, name: string) => asOwner<{ id: string; role_name: string }>(url, 'SELECT id, role_name FROM sync.devices WHERE name = $1', [name]);

describe('an enrolment whose answer is lost', () => {
  it('the database enrolled the device: it logs in with the login it made and finishes', async () => {
    const url = await hosted();
    const { proxy, address } = await throughProxy(url);
    const issued = await issueEnrolmentCode(url, { kind: 'kiosk', name: 'Lost answer', expiresInMinutes: 15 });
    const kiosk = device();
    let lost = false;
    proxy.loseAnswerTo('enrol_with_code', () => (lost = true));
    const enrolled = await kiosk.enrolment.enrol({ host: address, code: issued.code });
    expect(lost).toBe(true);
    const [row] = await devicesNamed(url, 'Lost answer');
    expect(enrolled).toMatchObject({ deviceId: row!.id, name: 'Lost answer', kind: 'kiosk', endpoint: expect.stringContaining(`${row!.role_name}@127.0.0.1:${proxy.port}/`) });
    expect(await kiosk.secrets.get('sync-device-credential')).toMatch(/^[0-9a-f]{64}$/);
    expect(await kiosk.secrets.get('sync-enrolment-pending')).toBeNull();
    expect(kiosk.settings.get().sync.endpoint).toBe(enrolled.endpoint);
  });

  it('and the database cannot be reached to check: it says it cannot tell, and the next try finishes without spending another code', async () => {
    const url = await hosted();
    const { proxy, address } = await throughProxy(url);
    const issued = await issueEnrolmentCode(url, { kind: 'laptop', name: 'Offline check', expiresInMinutes: 15 });
    const laptop = device();
    await laptop.secrets.set('sync-device-credential', 'the-password-it-synced-with');
    // Offline the moment the answer is lost: the check cannot get through either.
    proxy.loseAnswerTo('enrol_with_code', () => proxy.setOffline(true));
    const unclear = await failure(laptop.enrolment.enrol({ host: address, code: issued.code }));
    expect(unclear).toMatchObject({ kind: 'unclear', field: 'host' });
    expect(unclear.message).toMatch(/^The connection to the hosted database at 127\.0\.0\.1:\d+ was lost while it was answering .*Enrol again with the same code once the network works/);
    expect(unclear.message).not.toMatch(/still unused/);
    // Nothing it had is lost: the old credential still in place, the new login kept.
    expect(await laptop.secrets.get('sync-device-credential')).toBe('the-password-it-synced-with');
    expect(await laptop.secrets.get('sync-enrolment-pending')).toContain('kiosk_dev_');
    expect(await devicesNamed(url, 'Offline check')).toHaveLength(1);

    proxy.setOffline(false);
    const enrolled = await laptop.enrolment.enrol({ host: address, code: issued.code });
    const [row] = await devicesNamed(url, 'Offline check');
    expect(enrolled).toMatchObject({ deviceId: row!.id, name: 'Offline check', kind: 'laptop' });
    expect(await laptop.secrets.get('sync-device-credential')).not.toBe('the-password-it-synced-with');
    expect(await laptop.secrets.get('sync-enrolment-pending')).toBeNull();
    expect(await devicesNamed(url, 'Offline check')).toHaveLength(1);
  });

  it('the database did nothing: the device says it could not confirm, and the next try with the same code enrols it', async () => {
    const url = await hosted();
    const address = enrolmentAddress(url);
    const issued = await issueEnrolmentCode(url, { kind: 'kiosk', name: 'Never reached', expiresInMinutes: 15 });
    const real = new PgEnrolmentRedeemer();
    let lose = true;
    // The request is lost on the way out: the database never sees it.
    const redeemer: EnrolmentRedeemer = {
      redeem: (request) => (lose ? Promise.reject(new UnclearOutcomeError('Connection terminated unexpectedly')) : real.redeem(request)),
      findEnrolled: (target, login) => real.findEnrolled(target, login),
    };
    const kiosk = device({ redeemer });
    expect(await failure(kiosk.enrolment.enrol({ host: address, code: issued.code }))).toMatchObject({ kind: 'unclear' });
    expect(await devicesNamed(url, 'Never reached')).toEqual([]);
    expect(await kiosk.secrets.get('sync-device-credential')).toBeNull();
    const abandoned = JSON.parse((await kiosk.secrets.get('sync-enrolment-pending'))!) as { roleName: string };

    lose = false;
    const enrolled = await kiosk.enrolment.enrol({ host: address, code: issued.code });
    const [row] = await devicesNamed(url, 'Never reached');
    expect(enrolled).toMatchObject({ deviceId: row!.id });
    // Enrolled with a login of its new try: the one the database never heard of was dropped.
    expect(row!.role_name).not.toBe(abandoned.roleName);
    expect(await kiosk.secrets.get('sync-enrolment-pending')).toBeNull();
  });
});

describe('a device that already syncs', () => {
  it('keeps its credential when an enrolment is refused, or when its keychain cannot be read', async () => {
    const url = await hosted();
    const address = enrolmentAddress(url);
    const issued = await issueEnrolmentCode(url, { kind: 'kiosk', name: 'Unread', expiresInMinutes: 15 });
    const store = new MemorySecretStore();
    let unreadable = false;
    // A keychain that stops answering reads (a locked login keychain does).
    const secrets: SecretStore = {
      backend: store.backend,
      get: (name) => (unreadable ? Promise.reject(new Error('the keychain is locked')) : store.get(name)),
      set: (name, value) => store.set(name, value),
      delete: (name) => store.delete(name),
    };
    const kiosk = device({ secrets });
    await store.set('sync-device-credential', 'the-password-it-synced-with');
    await kiosk.enrolment.enrol({ host: address, code: `${issued.code.slice(0, 4)}${issued.code.slice(4) === '000000' ? '111111' : '000000'}` }).catch(() => undefined);
    expect(await store.get('sync-device-credential')).toBe('the-password-it-synced-with');

    // Its signing key was read by the try before; now the keychain stops answering reads.
    unreadable = true;
    const error = await failure(kiosk.enrolment.enrol({ host: address, code: issued.code }));
    expect(error).toMatchObject({ kind: 'keychain', message: expect.stringMatching(/keychain could not be read \(the keychain is locked\)\. .*the code was not used/) });
    expect(await store.get('sync-device-credential')).toBe('the-password-it-synced-with');
    expect((await asOwner<{ used_at: string | null }>(url, 'SELECT used_at FROM sync.enrolment_codes WHERE id = $1', [issued.code.slice(0, 4)]))[0]!.used_at).toBeNull();
  });
});
