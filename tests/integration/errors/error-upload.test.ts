import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileErrorReports } from '../../../src-main/errors/error-store';
import { redactedReport, thrownParts } from '../../../src-main/errors/redact-error';
import { ErrorUpload, type PostEnvelope } from '../../../src-main/errors/upload/error-upload';
import { createLogger } from '../../../src-main/logging/logger';
import { parseEnvelope, TestSentryCollector } from '../../support/sentry-collector';

const EMAIL = 'grace.okafor@example.com';
const SENTENCE = 'I led the migration of our payments service to Kubernetes';
const VERSION = '3.2.1';

const post: PostEnvelope = (url, init) => fetch(url, init);
const quiet = createLogger({ sink: () => undefined });

describe('kept error reports go to IT’s collector', () => {
  let folder: string;
  let reports: FileErrorReports;
  let collector: TestSentryCollector;
  let dsn: string;
  const now = new Date('2026-12-07T10:00:00Z');
  const clock = { now: () => now };

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'kiosk-errors-'));
    reports = new FileErrorReports(folder);
    collector = new TestSentryCollector();
    await collector.start();
    dsn = collector.dsn;
  });
  afterEach(async () => {
    await collector.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  const upload = () => new ErrorUpload({ reports, dsn: () => dsn, appVersion: VERSION, post, clock, logger: quiet });
  function keep(message: string, source: 'core' | 'renderer' = 'core') {
    const report = redactedReport({ source, kind: 'uncaught', ...thrownParts(new TypeError(message)) }, { appVersion: VERSION, at: new Date(now.getTime() - 60_000), context: { mode: 'kiosk', role: 'candidate' } });
    reports.add(report);
    return report;
  }

  it('sends each report once as a Sentry event with the app version, and none of the planted content', async () => {
    const first = keep(`could not save "${SENTENCE}" for ${EMAIL}`);
    const second = keep(`answer ${EMAIL} failed`, 'renderer');
    expect(await upload().runOnce()).toEqual({ state: 'sent', sent: 2, left: 0 });

    expect(collector.events).toHaveLength(2);
    const event = collector.events[0]!;
    expect(event).toMatchObject({
      event_id: first.id.replace(/-/g, ''),
      release: `teamified-kiosk@${VERSION}`,
      level: 'error',
      platform: 'node',
      tags: { source: 'core', kind: 'uncaught', mode: 'kiosk', role: 'candidate' },
      exception: { values: [{ type: 'TypeError', value: 'could not save [text] for [email]', mechanism: { type: 'uncaught', handled: false } }] },
    });
    // Frames oldest first, as Sentry lists them: this test file is where the error was made, the last frame.
    const frames = (event.exception as { values: Array<{ stacktrace: { frames: Array<{ filename: string; lineno: number }> } }> }).values[0]!.stacktrace.frames;
    expect(frames.at(-1)?.filename).toBe('error-upload.test.ts');
    expect(Object.keys(event).sort()).toEqual(['event_id', 'exception', 'level', 'logger', 'platform', 'release', 'tags', 'timestamp']);
    expect(collector.events[1]).toMatchObject({ platform: 'javascript', tags: { source: 'renderer' } });
    for (const envelope of collector.envelopes) {
      expect(envelope.raw).not.toContain(EMAIL);
      expect(envelope.raw).not.toContain('Kubernetes');
      expect(envelope.auth).toBe(`Sentry sentry_version=7, sentry_client=teamified-kiosk/${VERSION}, sentry_key=${collector.publicKey}`);
    }

    // Marked sent: the next round sends nothing again.
    expect(reports.list(new Date(0)).map((report) => report.sentAt)).toEqual([now.toISOString(), now.toISOString()]);
    expect(await upload().runOnce()).toEqual({ state: 'sent', sent: 0, left: 0 });
    expect(collector.envelopes).toHaveLength(2);
    expect(second.id).not.toBe(first.id);
  });

  it('keeps what the collector did not take, and sends it at a later round', async () => {
    keep('first');
    keep('second');
    collector.failNext(503);
    const uploader = upload();
    const failed = await uploader.runOnce();
    expect(failed).toMatchObject({ state: 'failed', sent: 0, why: 'the collector answered HTTP 503' });
    expect(reports.list(new Date(0)).every((report) => report.sentAt === null)).toBe(true);

    collector.failNext(429);
    const limited = await uploader.runOnce();
    // The collector's Retry-After (1 s) is honoured, and the wait grows with each failure.
    expect(limited).toMatchObject({ state: 'failed', sent: 0 });
    expect(limited.state === 'failed' && limited.retryInMs).toBeGreaterThan(failed.state === 'failed' ? failed.retryInMs : 0);

    expect(await uploader.runOnce()).toEqual({ state: 'sent', sent: 2, left: 0 });
    expect(collector.events.map((event) => (event.exception as { values: Array<{ value: string }> }).values[0]!.value)).toEqual(['first', 'second']);
  });

  it('says why when the collector cannot be reached or refuses the key', async () => {
    keep('one');
    await collector.stop();
    expect(await upload().runOnce()).toMatchObject({ state: 'failed', why: expect.stringMatching(/^the collector could not be reached/) });
    await collector.start();
    dsn = collector.dsn.replace(collector.publicKey, 'wrongkey');
    expect(await upload().runOnce()).toMatchObject({ state: 'failed', why: expect.stringMatching(/refused the DSN's key \(HTTP 401\)/) });
    expect(reports.list(new Date(0))[0]!.sentAt).toBeNull();
  });

  it('sends nothing without a DSN, or with one the app will not send to', async () => {
    keep('one');
    dsn = '';
    expect(await upload().runOnce()).toEqual({ state: 'off' });
    // In clear to another computer: refused, as the setting itself refuses it.
    dsn = `http://${collector.publicKey}@errors.example.com/${collector.projectId}`;
    expect(await upload().runOnce()).toEqual({ state: 'off' });
    expect(collector.envelopes).toEqual([]);
  });

  it('runs in the background: started, it sends a kept report by itself', async () => {
    keep('in the background');
    const uploader = new ErrorUpload({ reports, dsn: () => dsn, appVersion: VERSION, post, clock, logger: quiet, intervalMs: 50 });
    uploader.start();
    try {
      await expect.poll(() => collector.events.length, { timeout: 3000 }).toBe(1);
    } finally {
      await uploader.stop();
    }
  });
});

describe('the test collector is as strict as Sentry’s ingestion', () => {
  it('refuses a wrong key, a wrong project and a malformed envelope', async () => {
    const collector = new TestSentryCollector();
    await collector.start();
    try {
      const url = collector.dsn.replace(/\/\/[^@]+@/, '//').replace(/\/(\d+)$/, '/api/$1/envelope/');
      const send = (body: string, auth = `Sentry sentry_version=7, sentry_key=${collector.publicKey}`, to = url) => fetch(to, { method: 'POST', headers: { 'x-sentry-auth': auth }, body }).then((response) => response.status);
      expect(await send('{}\n{"type":"event"}\n{}\n', 'Sentry sentry_version=7, sentry_key=other')).toBe(401);
      expect(await send('{}\n{"type":"event"}\n{}\n', undefined, url.replace('/4242/', '/1/'))).toBe(404);
      expect(await send('{}\n{"type":"event","length":50}\n{}\n')).toBe(400);
      expect(await send('not json\n')).toBe(400);
      expect(await send('{"event_id":"0123456789abcdef0123456789abcdef"}\n{"type":"event"}\n{"event_id":"ffffffffffffffffffffffffffffffff"}\n')).toBe(400);
      expect(await send('{}\n{"type":"event","length":2}\n{}\n')).toBe(200);
      expect(collector.events).toEqual([{}]);
      expect(() => parseEnvelope(Buffer.from('{}\n{"type":"event","length":1}\n{}\n'))).toThrow(/longer than its length/);
    } finally {
      await collector.stop();
    }
  });
});
