import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { storedSecretNames } from '../../../shared/domain/settings';
import type { App } from '../../../src-main/app/create-app';
import { deviceEnrolCommand } from '../../../src-main/cli/commands/device-enrol';
import { privateKeyFromText, publicKeyText } from '../../../src-main/configuration/attestation-message';
import { createLogger } from '../../../src-main/logging/logger';
import { MemorySecretStore } from '../../../src-main/secrets/memory-secret-store';
import type { SecretStore } from '../../../src-main/secrets/secret-store';
import { FileSettingsBackend } from '../../../src-main/settings/file-settings-backend';
import { SettingsService } from '../../../src-main/settings/settings-service';
import { ENROLMENT_ROLE, enrolmentAddress, enrolmentLine } from '../../../src-main/sync/enrolment/enrolment-address';
import { issueEnrolmentCode } from '../../../src-main/sync/hosted-db/enrolment-admin';
import { startConnectProxy } from '../../support/connect-proxy';
import { useTestPostgres } from '../../support/postgres';
import { buildApp, ownWindow, strongPassword } from '../../support/test-app';
import { asOwner, hostedDatabase } from './hosted-support';

/**
 * One-code enrolment end to end: IT issues a code on the real hosted
 * Postgres, a real app in a temp data folder redeems it over IPC as an
 * admin would, and then syncs with what it received.
 */

const postgres = useTestPostgres();

interface Kiosk {
  app: App;
  dataDir: string;
  secrets: SecretStore & { stored(): Promise<string[]>; unlock(): void };
  logLines: string[];
  admin: ReturnType<typeof ownWindow>;
  adminEmail: string;
  enrol(input: { host: string; code: string; name?: string }): ReturnType<App['dispatch']>;
}

const opened: Array<{ close(): void }> = [];
afterEach(() => {
  for (const item of opened.splice(0)) item.close();
});

/** The in-memory keychain tests use, optionally refusing to store one secret (a locked keychain) until unlocked, and able to list what it holds. */
function memoryKeychain(failOn?: string): Kiosk['secrets'] & { unlock(): void } {
  const store = new MemorySecretStore();
  let locked = failOn;
  return {
    backend: store.backend,
    get: (name) => store.get(name),
    delete: (name) => store.delete(name),
    async set(name, value) {
      if (name === locked) throw new Error('the keychain is locked');
      await store.set(name, value);
    },
    unlock() {
      locked = undefined;
    },
    async stored() {
      return (await Promise.all(storedSecretNames.map((name) => store.get(name)))).filter((value): value is string => value !== null);
    },
  };
}

/** A fresh app with a first admin signed in, no sync set up; `machine` is IT's machine settings file. */
async function freshKiosk(options: { failKeychainOn?: string; machine?: Record<string, unknown> } = {}): Promise<Kiosk> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-enrol-'));
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => logLines.push(line) });
  let machineFilePath: string | null = null;
  if (options.machine) {
    machineFilePath = join(dataDir, 'machine-settings.json');
    writeFileSync(machineFilePath, JSON.stringify(options.machine));
  }
  const settings = new SettingsService({ backend: new FileSettingsBackend(join(dataDir, 'settings.json')), machineFilePath, logger });
  const secrets = memoryKeychain(options.failKeychainOn);
  const app = buildApp({ dataDir, settings, secrets, logger, overrides: { sync: { intervalMs: 3_600_000, watchMs: 3_600_000 } } });
  opened.push({ close: () => (app.close(), rmSync(dataDir, { recursive: true, force: true })) });
  const admin = ownWindow('admin');
  // Each kiosk's own admin, so kiosks syncing to the one database never clash over an email.
  const adminEmail = `admin-${opened.length}-${Date.now()}@example.com`;
  await app.dispatch('setup.createFirstAdmin', { email: adminEmail, password: strongPassword, fullName: 'Ada Admin' }, admin);
  return { app, dataDir, secrets, logLines, admin, adminEmail, enrol: (input) => app.dispatch('sync.enrol', input, admin) };
}

let shared: Promise<{ url: string; address: string }> | undefined;
/** One migrated hosted database for the file (a migration takes a second); each test issues codes of its own. */
function hosted() {
  shared ??= hostedDatabase(() => postgres.current.createDatabase()).then((url) => ({ url, address: enrolmentAddress(url) }));
  return shared;
}

const codeRow = async (url: string, code: string) =>
  (await asOwner<{ failed_tries: number; used_at: string | null; device_id: string | null }>(url, 'SELECT failed_tries, used_at, device_id FROM sync.enrolment_codes WHERE id = $1', [code.slice(0, 4)]))[0]!;

/** Another code of 10 from the same alphabet: same first 4 characters (so it counts against that code), a different rest. */
const wrongFor = (code: string) => `${code.slice(0, 4)}${code.slice(4) === '000000' ? '111111' : '000000'}`;

describe('enrolling a device with a code', () => {
  it('a code IT issued enrols the device, which then syncs; the password is only in the keychain', async () => {
    const { url, address } = await hosted();
    const issued = await issueEnrolmentCode(url, { kind: 'kiosk', name: 'Front desk', expiresInMinutes: 15 });
    const kiosk = await freshKiosk();

    const reply = await kiosk.enrol({ host: address, code: issued.code.toLowerCase() });
    expect(reply).toMatchObject({ ok: true, data: { name: 'Front desk', kind: 'kiosk' } });
    const enrolled = (reply as { data: { deviceId: string; endpoint: string } }).data;
    const [device] = await asOwner<{ role_name: string; signing_public_key: string; kind: string }>(url, 'SELECT role_name, signing_public_key, kind FROM sync.devices WHERE id = $1', [enrolled.deviceId]);
    // The test's database is on this computer and has no TLS: the address says so (beyond loopback it would be sslmode=verify-full).
    expect(enrolled.endpoint).toBe(`postgresql://${device!.role_name}@${new URL(url).host}${new URL(url).pathname}?sslmode=disable`);
    // The device's own signing key, the one its proofs of configuration are signed with, is registered.
    expect(device!.signing_public_key).toBe(publicKeyText(privateKeyFromText((await kiosk.secrets.get('sync-signing-key'))!)));
    expect(await codeRow(url, issued.code)).toMatchObject({ failed_tries: 0, used_at: expect.anything(), device_id: enrolled.deviceId });

    // The password: in the keychain, and nowhere else a person or a file could read it.
    const password = await kiosk.secrets.get('sync-device-credential');
    expect(password).toMatch(/^[0-9a-f]{64}$/);
    const settingsFile = readFileSync(join(kiosk.dataDir, 'settings.json'), 'utf8');
    expect(JSON.parse(settingsFile)).toEqual({ sync: { endpoint: enrolled.endpoint } });
    for (const [where, text] of [['settings.json', settingsFile], ['the log', kiosk.logLines.join('\n')], ['the IPC reply', JSON.stringify(reply)]] as const) {
      expect(text, where).not.toContain(password);
      expect(text, where).not.toContain(issued.code);
    }
    expect(kiosk.logLines.join('\n')).toContain('device enrolled with a code');

    // And it syncs: the first admin's account reaches the hosted database as this device.
    const status = await kiosk.app.dispatch('sync.syncNow', {}, kiosk.admin);
    expect(status).toMatchObject({ ok: true, data: { configured: true, state: 'idle', lastError: null, pendingChanges: 0 } });
    expect(await asOwner(url, `SELECT origin_device_id FROM public.recruiters WHERE email = $1`, [kiosk.adminEmail])).toEqual([{ origin_device_id: enrolled.deviceId }]);
    expect((await asOwner<{ seen: boolean }>(url, 'SELECT last_seen_at IS NOT NULL AS seen FROM sync.devices WHERE id = $1', [enrolled.deviceId]))[0]!.seen).toBe(true);
  });

  it('a scanned line gives both the address and the code; a code without a name takes the admin’s', async () => {
    const { url, address } = await hosted();
    const issued = await issueEnrolmentCode(url, { kind: 'laptop', name: null, expiresInMinutes: 15 });
    const laptop = await freshKiosk();
    const reply = await laptop.enrol({ host: '', code: enrolmentLine(address, issued.code), name: 'Rita’s laptop' });
    expect(reply).toMatchObject({ ok: true, data: { name: 'Rita’s laptop', kind: 'laptop' } });
  });

  it('refuses a code used before, a wrong one (counted: 5 lock it), and an expired one, changing nothing on the device', async () => {
    const { url, address } = await hosted();
    const first = await issueEnrolmentCode(url, { kind: 'kiosk', name: 'Front desk', expiresInMinutes: 15 });
    expect((await (await freshKiosk()).enrol({ host: address, code: first.code })).ok).toBe(true);

    // Another code is open, so the enrolment login is too (with none open, the database would refuse the login itself).
    const wrongful = await issueEnrolmentCode(url, { kind: 'kiosk', name: 'Back room', expiresInMinutes: 15 });
    const second = await freshKiosk();
    const untouched = async () => {
      expect(await second.secrets.stored()).toHaveLength(1); // its signing key only
      expect(second.app.services.settings.get().sync.endpoint).toBe('');
    };
    const refusal = async (code: string) => ((await second.enrol({ host: address, code })) as { error: unknown }).error;

    expect(await refusal(first.code)).toMatchObject({ code: 'conflict', message: expect.stringMatching(/^That enrolment code was already used \(.+\); each code enrols one device\. Ask IT for a new one\.$/), fields: { code: expect.any(String) } });
    await untouched();

    const wrong = wrongFor(wrongful.code);
    expect(await refusal(wrong)).toEqual({ code: 'conflict', message: 'That enrolment code is not valid. Check it, or ask IT for a new one.', fields: { code: 'That enrolment code is not valid. Check it, or ask IT for a new one.' } });
    expect((await codeRow(url, wrongful.code)).failed_tries).toBe(1);
    // A code nobody issued: the same words (nothing tells a guesser which codes exist).
    expect((await refusal('ZZZZZZZZZZ') as { message: string }).message).toBe('That enrolment code is not valid. Check it, or ask IT for a new one.');
    for (let attempt = 2; attempt <= 5; attempt += 1) expect(await refusal(wrong)).toMatchObject({ message: /is not valid/ });
    // Locked even for the right code now; only the right code is told so (a wrong one cannot tell a locked code from none).
    expect(await refusal(wrong)).toMatchObject({ message: /is not valid/ });
    expect(await refusal(wrongful.code)).toMatchObject({ message: 'That enrolment code was tried wrongly 5 times and is now locked. Ask IT for a new one.' });
    expect(await codeRow(url, wrongful.code)).toMatchObject({ failed_tries: 7, used_at: null });

    const late = await issueEnrolmentCode(url, { kind: 'kiosk', name: 'Late', expiresInMinutes: 15 });
    // The database's clock decides: the code's time is moved, not the test's.
    await asOwner(url, `UPDATE sync.enrolment_codes SET expires_at = now() - interval '1 second' WHERE id = $1`, [late.code.slice(0, 4)]);
    expect(await refusal(late.code)).toMatchObject({ code: 'conflict', message: expect.stringMatching(/^That enrolment code expired at \d{4}-\d\d-\d\dT.+Z\. Ask IT for a new one\.$/) });
    await untouched();
    expect(await asOwner(url, 'SELECT count(*)::int AS n FROM sync.enrolment_codes WHERE id = ANY ($1) AND device_id IS NOT NULL', [[wrongful.code.slice(0, 4), late.code.slice(0, 4)]])).toEqual([{ n: 0 }]);
  });

  it('says so when the database takes no enrolments now, or cannot be reached', async () => {
    const { url, address } = await hosted();
    const issued = await issueEnrolmentCode(url, { kind: 'kiosk', name: 'Front desk', expiresInMinutes: 15 });
    const kiosk = await freshKiosk();
    // Every code has expired: the enrolment login is closed (a cluster-wide role; this file has the server to itself).
    await asOwner(url, `ALTER ROLE ${ENROLMENT_ROLE} VALID UNTIL '2000-01-01'`);
    expect(await kiosk.enrol({ host: address, code: issued.code })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/is not taking enrolments now: no code is open there/), fields: { host: expect.any(String) } },
    });
    expect(await kiosk.enrol({ host: '127.0.0.1:9', code: issued.code })).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/^Cannot reach the hosted database at 127\.0\.0\.1:9 .*the code is still unused\.$/) },
    });
    expect(await kiosk.enrol({ host: address, code: 'not a code' })).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { code: expect.stringMatching(/10 letters and digits/) } } });
    expect(await codeRow(url, issued.code)).toMatchObject({ failed_tries: 0, used_at: null });
  });

  it('goes through IT’s proxy as sync does, and says so in the proxy’s words when it refuses (issue 20, point 7)', async () => {
    const { url, address } = await hosted();
    const proxy = await startConnectProxy({ credentials: { username: 'kiosk-07', password: 'enrol-proxy-pass' } });
    opened.push({ close: () => void proxy.close() });
    const port = new URL(url).port;
    // Loopback goes direct unless the bypass list says <-loopback>, as in Chromium.
    const network = { proxyMode: 'manual', proxyUrl: proxy.url, proxyUsername: 'kiosk-07', proxyBypass: '<-loopback>' };

    const refused = await freshKiosk({ machine: { network } });
    const issued = await issueEnrolmentCode(url, { kind: 'kiosk', name: 'Behind the proxy', expiresInMinutes: 15 });
    expect(await refused.enrol({ host: address, code: issued.code })).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(new RegExp(`^Cannot reach the hosted database at .*: The proxy ${proxy.url} .*refused the username and password .*HTTP 407.*The code is still unused\\.$`)) },
    });
    expect(await codeRow(url, issued.code)).toMatchObject({ failed_tries: 0, used_at: null });

    const kiosk = await freshKiosk({ machine: { network } });
    await kiosk.secrets.set('proxy-password', 'enrol-proxy-pass');
    expect(await kiosk.enrol({ host: address, code: issued.code })).toMatchObject({ ok: true, data: { name: 'Behind the proxy' } });
    expect(proxy.requests).toEqual([
      { target: `127.0.0.1:${port}`, status: 407 },
      { target: `127.0.0.1:${port}`, status: 200 },
    ]);
  });

  it('a keychain that cannot keep the new password leaves the code unused, for a second try', async () => {
    const { url, address } = await hosted();
    const issued = await issueEnrolmentCode(url, { kind: 'kiosk', name: 'Keychain test', expiresInMinutes: 15 });
    const broken = await freshKiosk({ failKeychainOn: 'sync-enrolment-pending' });
    expect(await broken.enrol({ host: address, code: issued.code })).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/new password could not be stored in the keychain \(the keychain is locked\)\. The code was not used/) },
    });
    expect(await codeRow(url, issued.code)).toMatchObject({ used_at: null, failed_tries: 0 });
    expect(await asOwner(url, `SELECT id FROM sync.devices WHERE name = 'Keychain test'`)).toEqual([]);
    expect((await (await freshKiosk()).enrol({ host: address, code: issued.code })).ok).toBe(true);
  });

  it('enrolled, but the keychain refuses to put the password in place: the next try finishes with the login it has', async () => {
    const { url, address } = await hosted();
    const issued = await issueEnrolmentCode(url, { kind: 'kiosk', name: 'Stuck keychain', expiresInMinutes: 15 });
    const kiosk = await freshKiosk({ failKeychainOn: 'sync-device-credential' });
    expect(await kiosk.enrol({ host: address, code: issued.code })).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/^This device was enrolled as “Stuck keychain”, but its password could not be put in place in the keychain \(the keychain is locked\)\. .*the same code will do/) },
    });
    expect(kiosk.app.services.settings.get().sync.endpoint).toBe('');
    kiosk.secrets.unlock();
    // The code is spent, but the device does not need it again: its login was kept.
    const finished = await kiosk.enrol({ host: address, code: issued.code });
    expect(finished).toMatchObject({ ok: true, data: { name: 'Stuck keychain', kind: 'kiosk' } });
    const [device] = await asOwner<{ id: string }>(url, `SELECT id FROM sync.devices WHERE name = 'Stuck keychain'`);
    expect((finished as { data: { deviceId: string } }).data.deviceId).toBe(device!.id);
    expect(await kiosk.secrets.get('sync-enrolment-pending')).toBeNull();
    expect(await kiosk.app.dispatch('sync.syncNow', {}, kiosk.admin)).toMatchObject({ ok: true, data: { lastError: null } });
  });

  it('refuses, before using the code, when IT’s machine file sets the sync endpoint', async () => {
    const { url, address } = await hosted();
    const issued = await issueEnrolmentCode(url, { kind: 'kiosk', name: 'Front desk', expiresInMinutes: 15 });
    const managed = await freshKiosk({ machine: { sync: { endpoint: 'postgres://kiosk_dev_0123456789ab@db.example.com/kiosk' } } });
    expect(await managed.enrol({ host: address, code: issued.code })).toMatchObject({ ok: false, error: { code: 'forbidden', message: /sync endpoint is set by IT in .*machine-settings\.json/ } });
    expect(await codeRow(url, issued.code)).toMatchObject({ used_at: null });
  });

  it('only an admin may enrol the device', async () => {
    const kiosk = await freshKiosk();
    await kiosk.app.dispatch('staff.create', { email: 'rita@example.com', password: strongPassword, fullName: 'Rita Recruiter', role: 'recruiter' }, kiosk.admin);
    const recruiter = ownWindow('recruiter');
    await kiosk.app.dispatch('auth.signIn', { accountKind: 'staff', email: 'rita@example.com', password: strongPassword }, recruiter);
    expect(await kiosk.app.dispatch('sync.enrol', { host: 'db.example.com', code: '7KQ2M-XH4TD' }, recruiter)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('npm run cli -- device enrol', () => {
  it('enrols the installed app from a script: settings file and keychain, nothing secret printed; a second use is refused', async () => {
    const { url, address } = await hosted();
    const issued = await issueEnrolmentCode(url, { kind: 'kiosk', name: null, expiresInMinutes: 15 });
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-enrol-cli-'));
    opened.push({ close: () => rmSync(dataDir, { recursive: true, force: true }) });
    // electron-store's own key in the app's settings file is kept.
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ __internal__: { migrations: { version: '1.0.0' } }, mode: 'kiosk' }));
    const secrets = memoryKeychain();
    // What a script pipes in (or the admin types at the prompt): the code stays off the command line.
    const stdin: string[] = [];
    const prompts: string[] = [];
    const readCode = async (prompt: string) => (prompts.push(prompt), stdin.shift() ?? '');
    const command = deviceEnrolCommand({ openSecrets: async () => secrets, readCode, env: { TEAMIFIED_MACHINE_SETTINGS: join(dataDir, 'no-machine-file.json') } });
    const run = async (args: string[]) => {
      let out = '';
      let err = '';
      const code = await command.run(args, { out: (text) => (out += text), err: (text) => (err += text) });
      return { code, out, err };
    };

    stdin.push(` ${issued.code.toLowerCase()} `);
    const enrolled = await run(['--host', address, '--name', 'Kiosk 7', '--data-dir', dataDir]);
    expect(prompts).toEqual(['Enrolment code: ']);
    expect(enrolled).toMatchObject({ code: 0, err: '', out: expect.stringMatching(/^Enrolled this kiosk as "Kiosk 7" \(device id [0-9a-f-]{36}\)\./) });
    const password = (await secrets.get('sync-device-credential'))!;
    expect(enrolled.out).not.toContain(password);
    const file = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'));
    expect(file).toEqual({ __internal__: { migrations: { version: '1.0.0' } }, mode: 'kiosk', sync: { endpoint: expect.stringMatching(/^postgresql:\/\/kiosk_dev_[0-9a-f]{12}@/) } });
    expect(enrolled.out).toContain(file.sync.endpoint);

    // While another code keeps the enrolment login open, the database itself says the code was used.
    await issueEnrolmentCode(url, { kind: 'kiosk', name: null, expiresInMinutes: 15 });
    // --code still works (the help says why to avoid it), and stdin is then not read.
    const again = await run(['--code', issued.code, '--host', address, '--data-dir', dataDir]);
    expect(again).toMatchObject({ code: 1, out: '', err: expect.stringMatching(/^That enrolment code was already used/) });
    expect(prompts).toHaveLength(1);
    await expect(run(['--host', address])).rejects.toThrow(/Give the enrolment code on standard input/);
  });
});
