import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileErrorReports } from '../../../src-main/errors/error-store';
import { PER_WINDOW_LIMIT } from '../../../src-main/errors/renderer-errors';
import { FileSettingsBackend } from '../../../src-main/settings/file-settings-backend';
import { SettingsService } from '../../../src-main/settings/settings-service';
import { createLogger } from '../../../src-main/logging/logger';
import { TestSentryCollector } from '../../support/sentry-collector';
import { buildApp, ownWindow, strongPassword } from '../../support/test-app';
import type { App } from '../../../src-main/app/create-app';

const EMAIL = 'grace.okafor@example.com';
const SENTENCE = 'I led the migration of our payments service to Kubernetes';
/** What a page's TypeError looks like when its code was handling a candidate's answer. */
const pageError = {
  kind: 'error' as const,
  errorClass: 'TypeError',
  message: `Cannot save answer "${SENTENCE}" for ${EMAIL}: attempt 3`,
  stack: `TypeError: Cannot save answer "${SENTENCE}"\n    at saveAnswer (http://127.0.0.1:5173/assets/index-B2x9.js?token=abc:12:345)\n    at http://127.0.0.1:5173/assets/index-B2x9.js:40:1`,
};

describe('a window’s unhandled error, through the channel, to IT’s collector', () => {
  let dataDir: string;
  let crashDumps: string;
  let collector: TestSentryCollector;
  let app: App;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kiosk-errors-app-'));
    crashDumps = join(dataDir, 'Crashpad');
    collector = new TestSentryCollector();
    await collector.start();
  });
  afterEach(async () => {
    app?.close();
    await collector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function start(collectorDsn: string): App {
    const machineFile = join(dataDir, 'machine-settings.json');
    writeFileSync(machineFile, JSON.stringify({ errors: { collectorDsn }, interview: { requireProctorSitting: false } }));
    const logger = createLogger({ sink: () => undefined });
    const settings = new SettingsService({ backend: new FileSettingsBackend(join(dataDir, 'settings.json')), machineFilePath: machineFile, logger });
    app = buildApp({ dataDir, settings, logger, version: '2.7.0', crashDumpsDir: crashDumps });
    return app;
  }
  const kept = () => new FileErrorReports(join(dataDir, 'errors')).list(new Date(0));

  it('is kept redacted with the app version and the caller’s role, and the collector gets it without the planted content', async () => {
    start(collector.dsn);
    // Signed out (the sign-in screen can fail too), then a candidate's window.
    expect(await app.dispatch('errors.report', pageError, ownWindow('signed-out'))).toEqual({ ok: true, data: { recorded: true } });
    const candidate = ownWindow('candidate');
    expect((await app.dispatch('auth.registerCandidate', { email: EMAIL, password: strongPassword, fullName: 'Grace Okafor' }, candidate)).ok).toBe(true);
    expect(await app.dispatch('errors.report', { ...pageError, kind: 'unhandledrejection' }, candidate)).toEqual({ ok: true, data: { recorded: true } });

    const reports = kept();
    expect(reports).toHaveLength(2);
    expect(reports[0]).toMatchObject({
      source: 'renderer',
      kind: 'uncaught',
      errorClass: 'TypeError',
      message: 'Cannot save answer [text] for [email]: [text]',
      frames: ['index-B2x9.js:12', 'index-B2x9.js:40'],
      appVersion: '2.7.0',
      context: { mode: 'kiosk', role: 'signed-out' },
    });
    expect(reports[1]).toMatchObject({ kind: 'unhandled-rejection', context: { role: 'candidate' } });
    const onDisk = JSON.stringify(reports);
    expect(onDisk).not.toContain(EMAIL);
    expect(onDisk).not.toContain('Kubernetes');
    expect(onDisk).not.toContain('token=abc');

    // The new report wakes the upload.
    await expect.poll(() => collector.events.length, { timeout: 5000 }).toBe(2);
    expect(collector.events[0]).toMatchObject({ release: 'teamified-kiosk@2.7.0', tags: { source: 'renderer', role: 'signed-out' } });
    for (const envelope of collector.envelopes) {
      expect(envelope.raw).not.toContain(EMAIL);
      expect(envelope.raw).not.toContain('Kubernetes');
    }
    await expect.poll(() => kept().every((report) => report.sentAt !== null)).toBe(true);
  });

  it('takes a few a minute from one window and drops the rest', async () => {
    start('');
    const window = ownWindow('looping');
    const answers = [];
    for (let n = 0; n < PER_WINDOW_LIMIT.count + 5; n++) answers.push(await app.dispatch('errors.report', { ...pageError, message: `loop ${n}` }, window));
    expect(answers.filter((answer) => answer.ok && (answer.data as { recorded: boolean }).recorded)).toHaveLength(PER_WINDOW_LIMIT.count);
    expect(answers.at(-1)).toEqual({ ok: true, data: { recorded: false } });
    // Another window is not held back by the first.
    expect(await app.dispatch('errors.report', pageError, ownWindow('other'))).toEqual({ ok: true, data: { recorded: true } });
    expect(kept()).toHaveLength(PER_WINDOW_LIMIT.count + 1);
    // No DSN: nothing leaves the device.
    expect(collector.envelopes).toEqual([]);
  });

  it('counts a native crash’s minidump as a report, once, and sends that a crash happened but never the dump', async () => {
    mkdirSync(join(crashDumps, 'completed'), { recursive: true });
    const dump = '5f1c2e9a-0b7d-4c1e-9f3a-2d6b8e4a7c10.dmp';
    writeFileSync(join(crashDumps, 'completed', dump), `MDMP ${SENTENCE} ${EMAIL}`);
    writeFileSync(join(crashDumps, 'settings.dat'), 'not a dump');
    start(collector.dsn);
    await expect.poll(() => collector.events.length, { timeout: 5000 }).toBe(1);
    expect(kept()).toMatchObject([{ source: 'crash', kind: 'crash', errorClass: 'NativeCrash', appVersion: '2.7.0', context: { minidump: dump } }]);
    expect(collector.events[0]).toMatchObject({ level: 'fatal', tags: { source: 'crash', minidump: dump } });
    expect(collector.envelopes[0]!.raw).not.toContain('Kubernetes');

    // The next start does not report the same minidump again.
    app.close();
    start(collector.dsn);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(kept()).toHaveLength(1);
  });
});
