import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src-main/cli/run-cli';
import { createLogger } from '../../../src-main/logging/logger';
import { FileSettingsBackend } from '../../../src-main/settings/file-settings-backend';
import { JsonFilePolicySource } from '../../../src-main/settings/policy/json-file-policy-source';
import { SettingsService } from '../../../src-main/settings/settings-service';
import { STATE_KEYS } from '../../../src-main/sync/sync-state-store';
import { appCalls, buildApp, createTestApp, strongPassword, type TestApp } from '../../support/test-app';
import { readZip } from './support';

/*
 * The bundle leaves the organisation (it goes to support), so this seeds a
 * device with one of each thing that must never be in it, where a careless
 * log line or setting would carry it, and looks for each in every file of
 * the bundle, as text and as base64.
 */
const PASSWORD = 'Tr0ub4dor&3-Horse!';
const API_KEY = 'sk-proj-9fQx2LmZ7vT4bN8kR1wY6cH3';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZXZpY2UifQ.c2lnbmF0dXJlLXZhbHVl';
const BARE_TOKEN = 'dvc_7Hq2Lp9Xz4Kw1Rt8Yn5B';
const EMAIL = 'ada.lovelace@example.org';
const TRANSCRIPT = 'I would shard the orders table by customer region and replay the outbox';
const FORBIDDEN = { PASSWORD, API_KEY, TOKEN, BARE_TOKEN, EMAIL, TRANSCRIPT, 'a word of the transcript': 'shard the orders', 'a name': 'Grace', 'a login': 'grace.okafor' };

function logLine(fields: Record<string, unknown>): string {
  return JSON.stringify({ time: '2026-11-25T09:00:00.000Z', level: 'info', ...fields });
}

/** Lines as the logger writes them, and as something careless might: secrets under innocent names, nested, in errors, raw text. */
function seedLogs(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const lines = [
    logLine({ msg: 'answer transcribed', component: 'interview', interviewId: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', words: 14, text: TRANSCRIPT }),
    logLine({ msg: 'sign-in refused', component: 'auth', user: EMAIL, note: PASSWORD, attempt: PASSWORD, state: 'locked' }),
    logLine({ msg: 'provider call failed', component: 'ai', header: `Bearer ${TOKEN}`, key: API_KEY, requestId: BARE_TOKEN, error: { name: 'Error', message: `${TRANSCRIPT} (${EMAIL})`, code: 'ENOENT' } }),
    logLine({ msg: 'nested', component: 'sync', details: { answer: TRANSCRIPT, tries: [1, 2], deeper: { who: EMAIL, ok: true } } }),
    // A message built from data by mistake, and a person's name and login in innocent-looking fields.
    logLine({ msg: TRANSCRIPT, component: 'interview', candidate: 'Grace', user: 'grace.okafor', file: 'C:/Users/grace.okafor/Documents/Resume' }),
    `plain text crash output: ${PASSWORD} ${API_KEY} ${EMAIL} ${TRANSCRIPT}`,
  ];
  writeFileSync(join(dir, 'kiosk.log'), `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'core.log'), `${logLine({ msg: 'core ready', component: 'core', pid: 4242 })}\n`);
}

function expectNothingPersonal(archive: Buffer, files: Map<string, string>): void {
  const raw = archive.toString('latin1');
  for (const [what, secret] of Object.entries(FORBIDDEN)) {
    const encoded = Buffer.from(secret, 'utf8').toString('base64');
    for (const [name, text] of files) {
      expect(text.includes(secret), `${what} in ${name}`).toBe(false);
      expect(text.includes(encoded), `${what} as base64 in ${name}`).toBe(false);
    }
    expect(raw.includes(secret), `${what} in the archive`).toBe(false);
  }
}

let testApp: TestApp | null = null;
afterEach(() => {
  testApp?.close();
  testApp = null;
});

/** A device whose settings, database and logs all hold the forbidden strings. */
function seededDevice(): TestApp {
  testApp = createTestApp({ machineSettings: { smtp: { username: EMAIL, sender: EMAIL } } });
  const { app, dataDir } = testApp;
  app.services.settings.update({ sync: { endpoint: `https://sync.example.org/?token=${BARE_TOKEN}` } });
  const sqlite = app.database.sqlite;
  const put = sqlite.prepare('INSERT INTO sync_state (key, value, updated_at) VALUES (?, ?, ?)');
  put.run('test.transcript', TRANSCRIPT, '2026-11-25T09:00:00Z');
  put.run(STATE_KEYS.rejected, JSON.stringify([{ seq: 1, reason: `duplicate key (email)=(${EMAIL}) for "${TRANSCRIPT}"`, table: 'candidates', rowId: 'r1', at: '2026-11-25T09:00:00Z' }]), '2026-11-25T09:00:00Z');
  seedLogs(join(dataDir, 'logs'));
  return testApp;
}

describe('the diagnostics bundle', () => {
  it("from the admin's button: holds versions, settings and their sources, database checks, sync, the self-check and logs, and nothing personal", async () => {
    const { app } = seededDevice();
    const bundle = await app.services.diagnostics.bundle();
    expect(bundle.fileName).toMatch(/^kiosk-diagnostics-\d{8}T\d{9}Z\.zip$/);
    const files = await readZip(bundle.archive);
    expect([...files.keys()].sort()).toEqual(['README.txt', 'database.json', 'logs/core.log', 'logs/kiosk.log', 'self-check.json', 'settings.json', 'sync.json', 'versions.json']);
    expectNothingPersonal(bundle.archive, files);

    // What support needs is still there.
    const versions = JSON.parse(files.get('versions.json')!);
    expect(versions).toMatchObject({ app: '0.0.0-test', node: process.versions.node, schema: { migrations: expect.any(Number) } });
    const settings = JSON.parse(files.get('settings.json')!);
    expect(settings.sources).toMatchObject({ 'smtp.username': 'machine-file', 'sync.endpoint': 'user', 'backup.count': 'default' });
    expect(settings.settings.smtp.username).toBe('[email]');
    expect(settings.settings.backup).toEqual({ count: 7, intervalHours: 24 });
    const database = JSON.parse(files.get('database.json')!);
    expect(database).toMatchObject({ integrity: 'ok', rowCounts: { sync_state: expect.any(Number), candidates: 0 } });
    expect(JSON.parse(files.get('sync.json')!)).toMatchObject({ rejected: 1, refusals: [{ table: 'candidates', at: '2026-11-25T09:00:00Z' }] });
    expect(JSON.parse(files.get('self-check.json')!).checks.map((check: { id: string }) => check.id)).toContain('disk');
    const log = files.get('logs/kiosk.log')!.trim().split('\n').map((line) => JSON.parse(line));
    expect(log).toHaveLength(5);
    expect(log[0]).toEqual({ time: '2026-11-25T09:00:00.000Z', level: 'info', msg: 'answer transcribed', component: 'interview', interviewId: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', words: 14, text: '[removed]' });
    expect(log[1]).toMatchObject({ state: 'locked', user: '[removed]', note: '[removed]' });
    expect(log[2].error).toEqual({ name: 'Error', message: '[removed]', code: 'ENOENT' });
    expect(log[3].details).toEqual({ answer: '[removed]', tries: [1, 2], deeper: { who: '[removed]', ok: true } });
    expect(log[4]).toEqual({ time: '2026-11-25T09:00:00.000Z', level: 'info', msg: expect.stringMatching(/^\[message [0-9a-f]{12}\]$/), component: 'interview', candidate: '[removed]', user: '[removed]', file: '[removed]' });
  });

  it("from the admin's button: a setting IT's policy sets reads as policy, with the policy's value", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-diagnostics-'));
    const policyFile = join(dataDir, 'policy.json');
    writeFileSync(policyFile, JSON.stringify({ BackupCount: 3 }));
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ backup: { count: 5 } }));
    const settings = new SettingsService({
      backend: new FileSettingsBackend(join(dataDir, 'settings.json')),
      machineFilePath: null,
      policy: { source: new JsonFilePolicySource(policyFile) },
      logger: createLogger({ sink: () => {} }),
    });
    const app = buildApp({ dataDir, settings });
    try {
      const files = await readZip((await app.services.diagnostics.bundle()).archive);
      const bundled = JSON.parse(files.get('settings.json')!);
      expect(bundled.settings.backup.count).toBe(3);
      expect(bundled.sources).toMatchObject({ 'backup.count': 'policy', 'backup.intervalHours': 'default' });
    } finally {
      app.close();
      settings.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('from the command line, written owner-only where --out says', async () => {
    const { dataDir } = seededDevice();
    const out = join(dataDir, 'bundle.zip');
    let said = '';
    const code = await runCli(['diagnostics', '--data-dir', dataDir, '--out', out], { out: (text) => (said += text), err: (text) => (said += text) });
    expect({ code, said }).toEqual({ code: 0, said: expect.stringMatching(/^Diagnostics saved to .*bundle\.zip \(\d+ bytes\)\.\n$/) });
    const archive = readFileSync(out);
    const files = await readZip(archive);
    expectNothingPersonal(archive, files);
    expect(JSON.parse(files.get('database.json')!).integrity).toBe('ok');
    expect(JSON.parse(files.get('sync.json')!)).toMatchObject({ configured: true, rejected: 1 });
    expect(files.get('logs/kiosk.log')).toContain('"msg":"provider call failed"');
  });

  it('is saved by an admin through diagnostics.bundle, and refused to other staff', async () => {
    const { app } = seededDevice();
    const h = appCalls(() => app, 'admin-window');
    await h.ok('setup.createFirstAdmin', { email: 'it@example.com', password: strongPassword, fullName: 'IT Admin' });
    await h.ok('staff.create', { email: 'rita@example.com', password: strongPassword, fullName: 'Rita Recruiter', role: 'recruiter' });
    await h.ok('auth.signIn', { accountKind: 'staff', email: 'rita@example.com', password: strongPassword }, 'recruiter-window');
    expect(await h.call('diagnostics.bundle', {}, 'recruiter-window')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const saved = await h.ok('diagnostics.bundle', {});
    const archive = Buffer.from(saved.base64, 'base64');
    const files = await readZip(archive);
    expect(saved.fileName).toMatch(/^kiosk-diagnostics-.*\.zip$/);
    expect(files.has('self-check.json')).toBe(true);
    expectNothingPersonal(archive, files);
  });
});
